import { GO_CACHE_ENV, GO_SOURCE_WORKSPACE, GO_STEP_IMAGE, goParams, goPrelude } from './go-setup';
import { inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/**
 * The step script that runs `go test` over the Go module in the workspace `source`.
 *
 * - `packages` (default `./...`) and `flags` (default `-race -cover`) are split into words at whitespace, so
 *   `-race -count=1` is two flags; no word is run by the shell. They are `go test` arguments, and some of those
 *   run programs (`-exec`), so pass them from the Pipeline, not from a webhook.
 * - The module must have its `go.mod` at the top of the workspace; the workspace is only read.
 * - Caches live in the container's `/tmp` ({@link GO_CACHE_ENV}), so the step runs as any user id.
 *
 * @example
 * const test = goTestScript();
 * test.params.map(p => p.default); // ['./...', '-race -cover']
 */
export function goTestScript(): StepScript {
  return {
    image: GO_STEP_IMAGE,
    script: SCRIPT,
    env: { ...inputEnv(INPUTS), ...GO_CACHE_ENV },
    params: goParams('./...', {
      name: 'flags',
      description: 'The go test flags, separated by spaces. -race needs cgo, which the Debian-based image has.',
      default: '-race -cover',
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
# Runs the tests of the Go module in the source workspace.
set -euo pipefail

${renderInputs(INPUTS)}

${goPrelude('golang-test')}
ARGS=(test "\${FLAG_ARGS[@]}" "\${PACKAGE_ARGS[@]}")
log "Running go \${ARGS[*]} in $SOURCE_DIR"
go "\${ARGS[@]}"
`;
