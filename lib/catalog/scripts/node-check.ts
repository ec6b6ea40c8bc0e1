import { logFunctions } from './git-setup';
import { inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/**
 * The image the Node.js checks run in: the official Docker Library Node.js image, Node.js 22 (LTS) on Debian 12
 * (bookworm), slim variant, with npm and corepack (which runs pnpm and Yarn at the version `packageManager` of
 * `package.json` names). The patch release is pinned so every run tests with the same Node.js.
 * @see https://github.com/nodejs/docker-node (tags `<version>-bookworm-slim`)
 */
export const NODE_STEP_IMAGE = 'docker.io/library/node:22.21.1-bookworm-slim';

/**
 * The step script of a Node.js check: installs the packages exactly as the lock file pins them, then runs the
 * `package.json` scripts named in `scripts`, in order, in the workspace `source`.
 *
 * - `package-manager`: `auto` (the default) picks the one whose lock file is there (`pnpm-lock.yaml`: pnpm,
 *   `yarn.lock`: Yarn, `package-lock.json` or `npm-shrinkwrap.json`: npm); `npm`, `pnpm` or `yarn` choose.
 *   Without its lock file the step fails: an install without one is not reproducible.
 * - Installs: `npm ci`, `pnpm install --frozen-lockfile`, `yarn install --immutable` (Yarn 2+, when
 *   `.yarnrc.yml` is there) or `yarn install --frozen-lockfile` (Yarn 1); each fails when the lock file does
 *   not match `package.json`. pnpm and Yarn run through corepack.
 * - `scripts` (default `lint test`) is split at whitespace; each name must be a script name (letters, digits
 *   and `:._-`, not starting with `-`). No word is run by the shell.
 * - The workspace is written (`node_modules`): give each check its own copy (the delivery Pipeline does).
 * - `HOME` is `/tmp`: npm's cache, corepack's downloads and pnpm's and Yarn's stores go there, writable by
 *   whatever user id runs the step.
 *
 * @see https://docs.npmjs.com/cli/v10/commands/npm-ci
 * @see https://pnpm.io/cli/install#--frozen-lockfile
 * @see https://yarnpkg.com/cli/install (`--immutable`)
 *
 * @example
 * const node = nodeCheckScript();
 * node.params.map(p => p.default); // ['auto', 'lint test']
 */
export function nodeCheckScript(): StepScript {
  return {
    image: NODE_STEP_IMAGE,
    script: SCRIPT,
    env: { ...inputEnv(INPUTS), HOME: '/tmp', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', CI: 'true' },
    params: [
      { name: 'package-manager', description: 'npm, pnpm or yarn; auto picks the one whose lock file is there.', default: 'auto' },
      { name: 'scripts', description: 'The package.json scripts to run after the install, in order, separated by spaces.', default: 'lint test' },
    ],
    workspaces: [
      { name: 'source', description: 'The Node.js project: package.json and its lock file at its top.' },
    ],
    results: [
      { name: 'package-manager', description: 'The package manager that installed and ran the scripts.' },
    ],
  };
}

const INPUTS: ScriptInput[] = [
  { variable: 'PACKAGE_MANAGER', reference: 'params.package-manager' },
  { variable: 'SCRIPTS', reference: 'params.scripts' },
  { variable: 'SOURCE_DIR', reference: 'workspaces.source.path' },
  { variable: 'MANAGER_RESULT', reference: 'results.package-manager.path' },
];

const SCRIPT = `#!/usr/bin/env bash
# Installs a Node.js project's packages as its lock file pins them, then runs its checks.
set -euo pipefail

${renderInputs(INPUTS)}

${logFunctions('node-check')}

read -r -d '' -a SCRIPT_NAMES <<< "$SCRIPTS" || true
(( \${#SCRIPT_NAMES[@]} > 0 )) || die "param scripts '$SCRIPTS' names no script. Pass package.json script names, e.g. lint test"
for name in "\${SCRIPT_NAMES[@]}"; do
  [[ "$name" =~ ^[A-Za-z0-9_.:][-A-Za-z0-9_.:]*$ ]] \\
    || die "param scripts: '$name' is not a script name. Use the names of package.json scripts, e.g. lint"
done
SOURCE_DIR="\${SOURCE_DIR%/}"
[[ -f "$SOURCE_DIR/package.json" ]] \\
  || die "workspace source '$SOURCE_DIR' has no package.json at its top. Bind the workspace the project was cloned into (with subPath if it is in a subdirectory)"
cd "$SOURCE_DIR"

manager="$PACKAGE_MANAGER"
if [[ "$manager" == auto ]]; then
  if [[ -f pnpm-lock.yaml ]]; then manager=pnpm
  elif [[ -f yarn.lock ]]; then manager=yarn
  elif [[ -f package-lock.json || -f npm-shrinkwrap.json ]]; then manager=npm
  else die "workspace source '$SOURCE_DIR' has no lock file (package-lock.json, pnpm-lock.yaml or yarn.lock). Commit the lock file, so every run installs the same packages"
  fi
fi
case "$manager" in
  npm)
    [[ -f package-lock.json || -f npm-shrinkwrap.json ]] || die "package-manager npm: workspace source has no package-lock.json. Run npm install and commit package-lock.json"
    INSTALL=(npm ci); RUN=(npm run) ;;
  pnpm)
    [[ -f pnpm-lock.yaml ]] || die "package-manager pnpm: workspace source has no pnpm-lock.yaml. Run pnpm install and commit pnpm-lock.yaml"
    INSTALL=(corepack pnpm install --frozen-lockfile); RUN=(corepack pnpm run) ;;
  yarn)
    [[ -f yarn.lock ]] || die "package-manager yarn: workspace source has no yarn.lock. Run yarn install and commit yarn.lock"
    if [[ -f .yarnrc.yml ]]; then INSTALL=(corepack yarn install --immutable); else INSTALL=(corepack yarn install --frozen-lockfile); fi
    RUN=(corepack yarn run) ;;
  *) die "param package-manager '$manager' is not auto, npm, pnpm or yarn. Pass one of these" ;;
esac
printf '%s' "$manager" > "$MANAGER_RESULT"

log "Installing with \${INSTALL[*]}"
"\${INSTALL[@]}"
for name in "\${SCRIPT_NAMES[@]}"; do
  log "Running \${RUN[*]} $name"
  "\${RUN[@]}" "$name"
done
`;
