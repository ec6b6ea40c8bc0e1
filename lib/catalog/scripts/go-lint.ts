import { DEFAULT_GO_LINT_CONFIG, GoLintConfig } from '../go-lint-config';
import { GO_CACHE_ENV, GO_SOURCE_WORKSPACE, GOLANGCI_LINT_STEP_IMAGE, goParams, goPrelude } from './go-setup';
import { inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/** The line that ends the default configuration's here-document in the script. */
export const GO_LINT_CONFIG_MARKER = 'GOLANGCI_LINT_DEFAULT_CONFIG';

/**
 * The step's `HOME`: a directory of the container's `/tmp`. golangci-lint reads `$HOME/.golangci.yml` only when
 * it finds no configuration in the module or above it, so the default configuration goes there.
 */
export const GO_LINT_HOME = '/tmp/golangci-lint-home';

/**
 * The step script that runs `golangci-lint run` over the Go module in the workspace `source`.
 *
 * - The module's own configuration (`.golangci.yml`, `.yaml`, `.toml` or `.json`, v2 format) applies when it
 *   has one; otherwise `config` does ({@link GoLintConfig}: by default golangci-lint's standard linters with the
 *   exclusion presets `std-error-handling` and `common-false-positives`). The script writes `config` to
 *   `$HOME/.golangci.yml`, the last place golangci-lint looks, so the module's own always wins.
 * - `packages` (default `./...`) and `flags` (default `--timeout=5m`) are split into words at whitespace; no word
 *   is run by the shell. Pass them from the Pipeline, not from a webhook.
 * - Caches live in the container's `/tmp` ({@link GO_CACHE_ENV} and `GOLANGCI_LINT_CACHE`), so the step runs
 *   as any user id.
 *
 * @example
 * const lint = goLintScript();
 * lint.image; // 'docker.io/golangci/golangci-lint:v2.8.0'
 */
export function goLintScript(config: GoLintConfig = DEFAULT_GO_LINT_CONFIG): StepScript {
  return {
    image: GOLANGCI_LINT_STEP_IMAGE,
    script: script(config.yaml),
    env: { ...inputEnv(INPUTS), ...GO_CACHE_ENV, GOLANGCI_LINT_CACHE: '/tmp/golangci-lint-cache', HOME: GO_LINT_HOME },
    params: goParams('./...', {
      name: 'flags',
      description: 'The golangci-lint run flags, separated by spaces, e.g. --timeout=5m --fast-only.',
      default: '--timeout=5m',
    }),
    workspaces: [GO_SOURCE_WORKSPACE],
    results: [],
  };
}

const INPUTS: ScriptInput[] = [
  { variable: 'PACKAGES', reference: 'params.packages' },
  { variable: 'FLAGS', reference: 'params.flags' },
  { variable: 'SOURCE_DIR', reference: 'workspaces.source.path' },
];

function script(config: string): string {
  return `#!/usr/bin/env bash
# Lints the Go module in the source workspace with golangci-lint.
set -euo pipefail

${renderInputs(INPUTS)}

${goPrelude('golangci-lint')}
# The configuration for a module without one of its own. golangci-lint looks in the module's directory, then in
# each parent directory, and only then in $HOME, so a .golangci.yml/.yaml/.toml/.json of the module wins.
mkdir -p "$HOME"
cat > "$HOME/.golangci.yml" <<'${GO_LINT_CONFIG_MARKER}'
${config}${GO_LINT_CONFIG_MARKER}
# Which file golangci-lint reads: {"absolutePath":"...","path":"..."}, "path" empty when there is none.
found="$(golangci-lint config path --json 2>/dev/null)" || found=''
absolute='"absolutePath":"([^"]*)"'
relative='"path":"([^"]+)"'
if [[ "$found" =~ $absolute ]] && [[ "$(realpath -m -- "\${BASH_REMATCH[1]}")" == "$(realpath -m -- "$HOME/.golangci.yml")" ]]; then
  log "The module has no golangci-lint configuration: using the default one ($HOME/.golangci.yml):"
  sed 's/^/  /' "$HOME/.golangci.yml"
elif [[ "$found" =~ $relative ]]; then
  log "Using the module's golangci-lint configuration \${BASH_REMATCH[1]}"
fi
ARGS=(run "\${FLAG_ARGS[@]}" "\${PACKAGE_ARGS[@]}")
log "Running golangci-lint \${ARGS[*]} in $SOURCE_DIR"
golangci-lint "\${ARGS[@]}"
`;
}
