import { GO_CACHE_ENV, GO_SOURCE_WORKSPACE, GOLANGCI_LINT_STEP_IMAGE, goParams, goPrelude } from './go-setup';
import { inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/**
 * The step script that runs `golangci-lint run` over the Go module in the workspace `source`.
 *
 * - The module's own `.golangci.yml` applies when it has one (in golangci-lint's v2 format); without one,
 *   golangci-lint's standard linters run.
 * - `packages` (default `./...`) and `flags` (default `--timeout=5m`) are split into words at whitespace; no word
 *   is run by the shell. Pass them from the Pipeline, not from a webhook.
 * - Caches live in the container's `/tmp` ({@link GO_CACHE_ENV} and `GOLANGCI_LINT_CACHE`), so the step runs
 *   as any user id.
 *
 * @example
 * const lint = goLintScript();
 * lint.image; // 'docker.io/golangci/golangci-lint:v2.8.0'
 */
export function goLintScript(): StepScript {
  return {
    image: GOLANGCI_LINT_STEP_IMAGE,
    script: SCRIPT,
    env: { ...inputEnv(INPUTS), ...GO_CACHE_ENV, GOLANGCI_LINT_CACHE: '/tmp/golangci-lint-cache' },
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

const SCRIPT = `#!/usr/bin/env bash
# Lints the Go module in the source workspace with golangci-lint.
set -euo pipefail

${renderInputs(INPUTS)}

${goPrelude('golangci-lint')}
ARGS=(run "\${FLAG_ARGS[@]}" "\${PACKAGE_ARGS[@]}")
log "Running golangci-lint \${ARGS[*]} in $SOURCE_DIR"
golangci-lint "\${ARGS[@]}"
`;
