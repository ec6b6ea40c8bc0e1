import { logFunctions } from './git-setup';
import { ScriptParam, ScriptWorkspace } from './step-script';

/**
 * The image `go test` runs in: the official Docker Library Go image, Go 1.25 on Debian 12 (bookworm). Debian,
 * not Alpine, because `-race` needs cgo and so gcc and glibc, which this image has. The patch release is pinned
 * so every run tests with the same toolchain; move it on deliberately (and pin by digest where the registry's
 * rebuilds must not reach a cluster unreviewed).
 */
export const GO_STEP_IMAGE = 'docker.io/library/golang:1.25.5-bookworm';

/**
 * The image golangci-lint runs in: the project's own image (Debian-based, with bash and the Go 1.25 toolchain),
 * v2 line. A lint release adds and changes checks, so the version is pinned and moved on deliberately: an
 * unpinned linter would fail every pipeline at once on the day it gains a check.
 */
export const GOLANGCI_LINT_STEP_IMAGE = 'docker.io/golangci/golangci-lint:v2.8.0';

/**
 * Where the Go steps keep their caches: `/tmp` of the step's container, writable whatever user id the pod runs
 * as (the images' home and GOPATH belong to root) and never inside the source workspace, so the checkout stays
 * as it was cloned. `-buildvcs=false` because the workspace usually belongs to another user id, which makes git
 * refuse the repository and Go's version stamping fail the build.
 */
export const GO_CACHE_ENV: { readonly [name: string]: string } = {
  GOPATH: '/tmp/go',
  GOCACHE: '/tmp/go-build-cache',
  XDG_CACHE_HOME: '/tmp/cache',
  GOFLAGS: '-buildvcs=false',
};

/** The workspace both Go scripts read. */
export const GO_SOURCE_WORKSPACE: ScriptWorkspace = {
  name: 'source',
  description: 'The Go module to check: go.mod at its top (bind a subPath if the module was cloned into a subdirectory).',
};

/** The params both Go scripts read; `flags` is described by each tool. */
export function goParams(packagesDefault: string, flags: ScriptParam): ScriptParam[] {
  return [
    { name: 'packages', description: 'The package patterns to check, separated by spaces, e.g. ./... or ./cmd/... ./internal/...', default: packagesDefault },
    flags,
  ];
}

/**
 * The part both Go scripts share after their inputs: `log`/`die`, splitting `FLAGS` and `PACKAGES` into words
 * (at spaces, tabs and newlines only: quotes, globs and `$` in them stay literal characters of a word, and nothing
 * in them is run), and the check that the workspace holds a module.
 */
export function goPrelude(tool: string): string {
  return `${logFunctions(tool)}

read -r -d '' -a FLAG_ARGS <<< "$FLAGS" || true
read -r -d '' -a PACKAGE_ARGS <<< "$PACKAGES" || true
(( \${#PACKAGE_ARGS[@]} > 0 )) || die "param packages '$PACKAGES' names no package. Pass package patterns such as ./..."
SOURCE_DIR="\${SOURCE_DIR%/}"
[[ -f "$SOURCE_DIR/go.mod" ]] \\
  || die "workspace source '$SOURCE_DIR' has no go.mod at its top. Bind the workspace the module was cloned into (with subPath if it is in a subdirectory)"
cd "$SOURCE_DIR"`;
}
