import { GIT_CONFIG_FUNCTIONS, GIT_CREDENTIALS_FUNCTIONS, logFunctions, URL_FUNCTIONS } from './git-setup';
import { GIT_STEP_IMAGE, inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/**
 * The step script that clones one revision of a git repository into the workspace `output` and writes the
 * commit it checked out to the result `commit`.
 *
 * - `revision` is a branch, a tag or a full 40-character commit SHA; empty means the remote's default branch.
 * - `depth` 1 (the default) fetches the commit alone, 0 the full history. The pin step fetches the history it
 *   needs itself, so the app clone may stay shallow.
 * - The optional workspace `git-credentials` (a Secret of type `kubernetes.io/basic-auth`) authenticates over
 *   HTTPS; the token is read through `GIT_ASKPASS` and never reaches a URL, an argument, the environment, a log
 *   or `.git/config`, and is given only to the host of `url` (a redirect to another host gets nothing). Terminal
 *   prompts are off, so a repository that needs credentials fails at once without it.
 * - A URL that could carry a token (user-info such as `https://TOKEN@host/...`, a query) is refused, and no
 *   message prints it unredacted.
 * - The checkout directory (the workspace, or `subdirectory` of it) is emptied first, so a rerun starts clean.
 * - Params arrive through the step's environment ({@link StepScript.env}), so a revision or URL from a webhook is
 *   only ever data; a value git would read as an option (a leading `-`) is refused.
 *
 * @example
 * const clone = gitCloneScript();
 * clone.script.startsWith('#!/usr/bin/env bash'); // true
 * clone.results.map(r => r.name); // ['commit']
 */
export function gitCloneScript(): StepScript {
  return {
    image: GIT_STEP_IMAGE,
    script: SCRIPT,
    env: inputEnv(INPUTS),
    params: [
      { name: 'url', description: 'The clone URL of the repository, without credentials (e.g. https://github.com/org/app.git).' },
      { name: 'revision', description: 'The branch, tag or full 40-character commit SHA to check out; empty for the remote\'s default branch.', default: '' },
      { name: 'depth', description: 'How many commits of history to fetch: 1 for the commit alone, 0 for the full history.', default: '1' },
      { name: 'subdirectory', description: 'The directory inside the output workspace to clone into; empty for the workspace itself. It is emptied first.', default: '' },
    ],
    workspaces: [
      { name: 'output', description: 'Receives the checkout.' },
      { name: 'git-credentials', description: 'A Secret of type kubernetes.io/basic-auth (files username and password) for repositories that need authentication.', optional: true, readOnly: true },
    ],
    results: [
      { name: 'commit', description: 'The SHA of the commit that was checked out.' },
    ],
  };
}

const INPUTS: ScriptInput[] = [
  { variable: 'URL', reference: 'params.url' },
  { variable: 'REVISION', reference: 'params.revision' },
  { variable: 'DEPTH', reference: 'params.depth' },
  { variable: 'SUBDIRECTORY', reference: 'params.subdirectory' },
  { variable: 'OUTPUT_DIR', reference: 'workspaces.output.path' },
  { variable: 'CREDENTIALS_BOUND', reference: 'workspaces.git-credentials.bound' },
  { variable: 'CREDENTIALS_DIR', reference: 'workspaces.git-credentials.path' },
  { variable: 'COMMIT_RESULT', reference: 'results.commit.path' },
];

const SCRIPT = `#!/usr/bin/env bash
# Clones one revision of a git repository into the output workspace and records the commit it checked out.
set -euo pipefail

${renderInputs(INPUTS)}

${logFunctions('git-clone')}
${URL_FUNCTIONS}

check_url "param url" "$URL"
[[ "$REVISION" != -* ]] || die "param revision '$REVISION' starts with '-', so git would read it as an option. Pass a branch, a tag or a full 40-character commit SHA"
[[ "$DEPTH" =~ ^(0|[1-9][0-9]*)$ ]] || die "param depth '$DEPTH' is not a whole number. Use 1 to fetch the commit alone, 0 for the full history"
check_relative_path subdirectory "$SUBDIRECTORY" 'app or src/app'

${GIT_CONFIG_FUNCTIONS}
${GIT_CREDENTIALS_FUNCTIONS}

if [[ "$CREDENTIALS_BOUND" == true ]]; then
  use_git_credentials "$CREDENTIALS_DIR" "$URL"
fi

CHECKOUT_DIR="\${OUTPUT_DIR%/}\${SUBDIRECTORY:+/$SUBDIRECTORY}"
mkdir -p "$CHECKOUT_DIR"
# A rerun must not mix two checkouts.
find "$CHECKOUT_DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
trust_directory "$CHECKOUT_DIR"
git init -q "$CHECKOUT_DIR"
git -C "$CHECKOUT_DIR" remote add -- origin "$URL"

FETCH=(fetch -q --no-tags)
HISTORY='full history'
if (( DEPTH > 0 )); then
  FETCH+=(--depth "$DEPTH")
  HISTORY="depth $DEPTH"
fi
log "Fetching \${REVISION:-the default branch} of $(redact "$URL") ($HISTORY)"
# Fetching the revision itself works for a branch, a tag and a full commit SHA alike.
git -C "$CHECKOUT_DIR" "\${FETCH[@]}" -- origin "\${REVISION:-HEAD}" \\
  || die "could not fetch revision '$REVISION' of $(redact "$URL"). Check the URL, that the revision is a branch, a tag or a full 40-character commit SHA, and the git-credentials workspace"
git -C "$CHECKOUT_DIR" checkout -q FETCH_HEAD
COMMIT="$(git -C "$CHECKOUT_DIR" rev-parse HEAD)"
printf '%s' "$COMMIT" > "$COMMIT_RESULT"
log "Checked out commit $COMMIT into $CHECKOUT_DIR"
`;
