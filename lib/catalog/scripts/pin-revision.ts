import { GIT_CONFIG_FUNCTIONS, GIT_CREDENTIALS_FUNCTIONS, logFunctions, URL_FUNCTIONS } from './git-setup';
import { JITTER_FUNCTIONS, MAX_BACKOFF_DOUBLINGS, MAX_RESTARTS } from './push-retry';
import { GIT_STEP_IMAGE, inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/**
 * Git's null object id. A pin file holding it means "nothing pinned yet": synthesis then renders no kpack
 * Image (kpack could not fetch that revision, and kpush would see an Image that never built), and the first
 * commit that passes the pipeline is pinned whatever it is, the pin step writing the Image from the
 * template synthesis gave it (param `image-template`).
 */
export const UNPINNED = '0'.repeat(40);

/**
 * What the kpack Image's base-image variable holds before a base-image run has recorded a reference (no
 * `pins/<app>.base-image` yet): any recorded reference differs from it, so the first one starts a build too.
 */
export const UNRECORDED = 'unrecorded';

/**
 * The step script that records a tested commit of an app in the ops repo.
 *
 * The pin file (`pins/<app>.sha`: the SHA and a newline) is the one source of truth that `main.ts` reads; the
 * synthesized kpack Image (`dist/<app>/kpack/image-<app>.yaml`) holds the same SHA on its only
 * `revision: <sha>` line. The script writes both in one commit, so `dist/` stays what synthesis makes of the
 * pin file, and refuses (telling to run `npm run synth`) when the Image does not hold the current pin.
 *
 * - A pin never moves backwards: the new commit must descend from the pinned one in the app repo
 *   (`git merge-base --is-ancestor`, fetching the history the app clone lacks). An older or diverged commit
 *   leaves the pin and ends successfully, as does the commit already pinned.
 * - The pinned value is always a commit: a tag name, or the SHA of an annotated tag, given as `revision` is
 *   resolved to the commit it points to (`<object>^{commit}`).
 * - A rejected push while the branch moved (another run's pin, or any other push, landed) starts again from the
 *   new head without spending an attempt: the pin is read there and the run ends successfully if it already is
 *   this commit or a newer one, or edits again (a textual rebase would conflict on the same lines). Only
 *   rejections while the branch stands still (a hook, missing rights) count against `max-attempts`. Each retry
 *   waits a random time from 0 to `backoff-seconds` × 2^(n-1) after n rejections ("full jitter", the bound
 *   doubling at most {@link MAX_BACKOFF_DOUBLINGS} times), so runs rejected together spread out.
 * - Every ref and path git reads comes after `--` or `--end-of-options`, and an `ops-branch` starting with `-`
 *   is refused as git refuses such branch names, so no value is ever read as an option of git.
 * - A base-image run (`base-image-tag` given: the tag of `base-image` a Flux ImagePolicy selected, which the
 *   checks passed with) records `<base-image>:<tag>` in the build variable `base-image-env` of the Image and in
 *   `pins/<app>.base-image`, in the same commit as the pin. A new value of the variable is a change of the
 *   Image's build configuration, for which kpack builds the pinned commit again (buildpacks-community/kpack
 *   `pkg/reconciler/image/build_required.go` @v0.17.2: `configChange` compares `spec.build.env`;
 *   `pkg/buildchange/config_change.go`), so Argo CD's sync of the commit rebuilds and kpush redeploys. It is
 *   recorded only when the tested commit is (or becomes) the pinned one: the reference goes with what was tested.
 * - `dry-run` prints the change and pushes nothing.
 * - Credentials come from the workspace `git-credentials` (a Secret of type `kubernetes.io/basic-auth`) through
 *   `GIT_ASKPASS`; they never reach a URL, an argument, the environment, a log or `.git/config`, and are given
 *   only to the hosts of the app repo (the app clone's origin) and of `ops-url`. A URL that could carry a token
 *   (`https://TOKEN@host/...`, `https://user:pass@host/...`, a query) is refused, redacted in the message.
 * - Params arrive through the step's environment ({@link StepScript.env}) and are checked before any git
 *   command, so a value from a webhook is only ever data.
 *
 * @example
 * const pin = pinRevisionScript();
 * pin.params.find(p => p.name === 'max-attempts')?.default; // '5'
 */
export function pinRevisionScript(): StepScript {
  return {
    image: GIT_STEP_IMAGE,
    script: SCRIPT,
    env: inputEnv(INPUTS),
    params: [
      { name: 'app', description: 'The app\'s name in the ops repo (a DNS-1123 label), e.g. go-sample-app.' },
      { name: 'revision', description: 'The tested commit to pin: a full 40-character SHA, e.g. the git-clone task\'s result commit, or a tag (by name or by SHA), which is pinned as the commit it points to.' },
      { name: 'ops-url', description: 'The clone URL of the ops repo, without credentials.' },
      { name: 'ops-branch', description: 'The branch of the ops repo that Argo CD syncs.', default: 'main' },
      { name: 'pin-file', description: 'The pin file in the ops repo; empty for pins/<app>.sha.', default: '' },
      { name: 'image-file', description: 'The synthesized kpack Image in the ops repo; empty for dist/<app>/kpack/image-<app>.yaml.', default: '' },
      { name: 'author-name', description: 'The author and committer name of the pin commit.', default: 'pin-revision' },
      { name: 'author-email', description: 'The author and committer e-mail of the pin commit.', default: 'pin-revision@push-delivery.invalid' },
      { name: 'max-attempts', description: 'How many rejected pushes to accept before giving up (each try starts again from the new head); a rejection because another push landed meanwhile does not count.', default: '5' },
      { name: 'backoff-seconds', description: 'The bound of the random wait before the second try; the bound doubles for each further try (at most 64 times this).', default: '2' },
      { name: 'dry-run', description: '"true" to print the change without committing or pushing it.', default: 'false' },
      { name: 'image-template', description: 'The synthesized kpack Image at the null revision, written to image-file by the first pin (synthesis renders no Image before it); empty when the Image always exists.', default: '' },
      { name: 'generated-list', description: 'The list of generated files of the ops repo\'s output (e.g. dist/.generated-files), which the first pin adds the Image to; empty when the Image always exists.', default: '' },
      { name: 'base-image-env', description: 'The build variable of the kpack Image that records the base image the checks passed with, e.g. BASE_IMAGE; empty when none is recorded.', default: '' },
      { name: 'base-image', description: 'The base image repository, without tag, e.g. docker.io/library/golang.', default: '' },
      { name: 'base-image-tag', description: 'The tag of base-image this run\'s checks passed with (a base-image run); empty for a commit run, which leaves the record as it is.', default: '' },
      { name: 'base-image-file', description: 'The file that records the base image in the ops repo; empty for pins/<app>.base-image.', default: '' },
    ],
    workspaces: [
      { name: 'app-source', description: 'The clone of the app repo (the git-clone task\'s output); history it lacks is fetched into it.' },
      { name: 'ops-checkout', description: 'Scratch space for the clone of the ops repo (in its subdirectory ops, replaced on each run).' },
      { name: 'git-credentials', description: 'A Secret of type kubernetes.io/basic-auth (files username and password) that may fetch the app repo and push to the ops repo.', readOnly: true },
    ],
    results: [],
  };
}

const INPUTS: ScriptInput[] = [
  { variable: 'APP', reference: 'params.app' },
  { variable: 'REVISION', reference: 'params.revision' },
  { variable: 'OPS_URL', reference: 'params.ops-url' },
  { variable: 'OPS_BRANCH', reference: 'params.ops-branch' },
  { variable: 'PIN_FILE', reference: 'params.pin-file' },
  { variable: 'IMAGE_FILE', reference: 'params.image-file' },
  { variable: 'AUTHOR_NAME', reference: 'params.author-name' },
  { variable: 'AUTHOR_EMAIL', reference: 'params.author-email' },
  { variable: 'MAX_ATTEMPTS', reference: 'params.max-attempts' },
  { variable: 'BACKOFF_SECONDS', reference: 'params.backoff-seconds' },
  { variable: 'DRY_RUN', reference: 'params.dry-run' },
  { variable: 'IMAGE_TEMPLATE', reference: 'params.image-template' },
  { variable: 'GENERATED_LIST', reference: 'params.generated-list' },
  { variable: 'BASE_IMAGE_ENV', reference: 'params.base-image-env' },
  { variable: 'BASE_IMAGE', reference: 'params.base-image' },
  { variable: 'BASE_IMAGE_TAG', reference: 'params.base-image-tag' },
  { variable: 'BASE_IMAGE_FILE', reference: 'params.base-image-file' },
  { variable: 'APP_DIR', reference: 'workspaces.app-source.path' },
  { variable: 'OPS_DIR', reference: 'workspaces.ops-checkout.path' },
  { variable: 'CREDENTIALS_DIR', reference: 'workspaces.git-credentials.path' },
];

const SCRIPT = `#!/usr/bin/env bash
# Pins a tested commit of an app in the ops repo: the pin file and the revision line of the app's kpack Image
# change together in one commit. A pin never moves backwards; a concurrent push makes it start again.
set -euo pipefail

${renderInputs(INPUTS)}

${logFunctions('pin-revision')}
${URL_FUNCTIONS}

UNPINNED="${UNPINNED}"
UNRECORDED="${UNRECORDED}"
MAX_RESTARTS=${MAX_RESTARTS}
SYNTH_FIX="dist/ is not what synthesis makes of the pin file: run npm run synth in the ops repo, commit dist/ and run the pipeline again"

[[ "$APP" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ && \${#APP} -le 63 ]] \\
  || die "param app '$APP' is not a DNS-1123 label. Pass the app's name as in the ops repo, e.g. go-sample-app"
# A full SHA (of a commit or of an annotated tag) or a tag name; a shortened SHA would be a guess.
if [[ "$REVISION" =~ ^[0-9a-fA-F]{40}$ ]]; then
  REVISION="\${REVISION,,}"
  TAG=''
else
  TAG="\${REVISION#refs/tags/}"
  [[ "$TAG" != -* && ! "$TAG" =~ ^[0-9a-fA-F]+$ ]] && git check-ref-format "refs/tags/$TAG" \\
    || die "param revision '$REVISION' is neither a full 40-character commit SHA nor a tag name. Pass the tested commit, e.g. the git-clone task's result commit, or a tag of the app repo"
fi
check_url "param ops-url" "$OPS_URL"
# Git refuses branch names starting with '-' (strbuf_check_branch_ref in git's object-name.c); check-ref-format does not.
[[ "$OPS_BRANCH" != -* ]] && git check-ref-format "refs/heads/$OPS_BRANCH" \\
  || die "param ops-branch '$OPS_BRANCH' is not a valid branch name. Pass the branch Argo CD syncs, e.g. main"
PIN_FILE="\${PIN_FILE:-pins/$APP.sha}"
IMAGE_FILE="\${IMAGE_FILE:-dist/$APP/kpack/image-$APP.yaml}"
check_relative_path pin-file "$PIN_FILE" "pins/$APP.sha"
check_relative_path image-file "$IMAGE_FILE" "dist/$APP/kpack/image-$APP.yaml"
[[ -z "$GENERATED_LIST" ]] || check_relative_path generated-list "$GENERATED_LIST" "dist/.generated-files"
[[ -n "$AUTHOR_NAME" ]] || die "param author-name '' is empty. Pass the name to commit the pin as"
[[ "$AUTHOR_EMAIL" == ?*@?* ]] || die "param author-email '$AUTHOR_EMAIL' is not an e-mail address. Pass one such as pin-bot@example.com"
[[ "$MAX_ATTEMPTS" =~ ^[1-9][0-9]{0,2}$ ]] || die "param max-attempts '$MAX_ATTEMPTS' is not a whole number from 1 to 999. Use e.g. 5"
[[ "$BACKOFF_SECONDS" =~ ^(0|[1-9][0-9]{0,2})$ ]] || die "param backoff-seconds '$BACKOFF_SECONDS' is not a whole number from 0 to 999. Use e.g. 2"
[[ "$DRY_RUN" == true || "$DRY_RUN" == false ]] || die "param dry-run '$DRY_RUN' is neither true nor false. Pass \\"true\\" or \\"false\\""
BASE_REF=''
if [[ -n "$BASE_IMAGE_ENV" ]]; then
  [[ "$BASE_IMAGE_ENV" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] \\
    || die "param base-image-env '$BASE_IMAGE_ENV' is not an environment variable name. Pass the build variable of the Image that records the base image, e.g. BASE_IMAGE"
  [[ "$BASE_IMAGE" =~ ^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+$ ]] \\
    || die "param base-image '$BASE_IMAGE' is not an image repository with its registry and without tag. Pass one such as docker.io/library/golang"
  BASE_IMAGE_FILE="\${BASE_IMAGE_FILE:-pins/$APP.base-image}"
  check_relative_path base-image-file "$BASE_IMAGE_FILE" "pins/$APP.base-image"
fi
if [[ -n "$BASE_IMAGE_TAG" ]]; then
  [[ -n "$BASE_IMAGE_ENV" ]] || die "param base-image-env is empty, so the base image '$BASE_IMAGE:$BASE_IMAGE_TAG' cannot be recorded. Pass the build variable of the Image that records it, e.g. BASE_IMAGE"
  # The tag grammar of the OCI distribution spec: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}.
  [[ "$BASE_IMAGE_TAG" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] \\
    || die "param base-image-tag '$BASE_IMAGE_TAG' is not an image tag. Pass the tag the ImagePolicy selected (its \\$.imageVersion)"
  BASE_REF="$BASE_IMAGE:$BASE_IMAGE_TAG"
fi

${GIT_CONFIG_FUNCTIONS}
${GIT_CREDENTIALS_FUNCTIONS}

APP_DIR="\${APP_DIR%/}"
trust_directory "$APP_DIR"
[[ "$(git -C "$APP_DIR" rev-parse --show-toplevel 2>/dev/null)" == "$(cd "$APP_DIR" && pwd -P)" ]] \\
  || die "workspace app-source '$APP_DIR' is not the top of a git clone. Bind the workspace the app was cloned into (with subPath if it was cloned into a subdirectory)"
APP_URL="$(git -C "$APP_DIR" remote get-url origin)" \\
  || die "workspace app-source '$APP_DIR' has no remote origin. Clone the app repo with the git-clone task"
check_url "the remote origin of workspace app-source" "$APP_URL"
# The ops clone replaces a directory of the scratch workspace: never one of the app clone's.
[[ "$(cd "$OPS_DIR" && pwd -P)/" != "$(cd "$APP_DIR" && pwd -P)/"* ]] \\
  || die "workspace ops-checkout '$OPS_DIR' is inside the app clone. Bind it to a workspace of its own"
# The credentials go to the app repo's host and the ops repo's host, and to no other.
use_git_credentials "$CREDENTIALS_DIR" "$APP_URL" "$OPS_URL"

# Makes sure the app clone holds commit $1 with all its history: in a shallow clone,
# merge-base --is-ancestor answers no for any commit beyond the cut-off.
fetch_history() {
  local deepen=()
  if [[ "$(git -C "$APP_DIR" rev-parse --is-shallow-repository)" == true ]]; then
    deepen=(--unshallow)
  elif git -C "$APP_DIR" cat-file -e --end-of-options "$1^{commit}" 2>/dev/null; then
    return 0
  fi
  log "Fetching the history of $1 from $(redact "$APP_URL")"
  git -C "$APP_DIR" fetch -q --no-tags "\${deepen[@]}" -- origin "$1"
}

# Sets REVISION to the commit to pin: a tag (by name, or an annotated tag by its SHA) stands for the commit it
# points to, so the pin and the Image always hold a commit.
resolve_revision() {
  local object="$REVISION" commit
  if [[ -n "$TAG" ]]; then
    log "Fetching tag $TAG from $(redact "$APP_URL")"
    git -C "$APP_DIR" fetch -q --no-tags -- origin "refs/tags/$TAG" \\
      || die "could not fetch tag '$TAG' from the app repo $(redact "$APP_URL"). Pass a tag or a full commit SHA of that repository and check that the git-credentials may read it"
    object="$(git -C "$APP_DIR" rev-parse --verify FETCH_HEAD)"
  else
    fetch_history "$REVISION" \\
      || die "could not fetch commit $REVISION from the app repo $(redact "$APP_URL"). Pass a commit of that repository and check that the git-credentials may read it"
  fi
  commit="$(git -C "$APP_DIR" rev-parse -q --verify --end-of-options "$object^{commit}" 2>/dev/null)" \\
    || die "param revision '$REVISION' is $(git -C "$APP_DIR" cat-file -t --end-of-options "$object") $object, which points to no commit. Pass a commit or a tag of a commit"
  if [[ "$commit" != "$REVISION" ]]; then
    log "$REVISION is a tag of commit $commit; pinning the commit"
    REVISION="$commit"
    fetch_history "$REVISION" \\
      || die "could not fetch commit $REVISION from the app repo $(redact "$APP_URL"). Check that the git-credentials may read it"
  fi
}

# Replaces the SHA on the Image's one revision line, after checking it is the current pin.
REVISION_LINE='^[[:space:]]*revision:[[:space:]]*[^[:alnum:]]?[0-9a-f]{40}[^[:alnum:]]?[[:space:]]*$'
edit_image() {
  local file="$CLONE/$IMAGE_FILE" count line
  [[ -f "$file" ]] || die "file $IMAGE_FILE is not on branch $OPS_BRANCH of the ops repo. $SYNTH_FIX"
  count="$(grep -cE "$REVISION_LINE" "$file" || true)"
  [[ "$count" == 1 ]] || die "file $IMAGE_FILE has $count lines 'revision: <commit SHA>' instead of exactly one. $SYNTH_FIX"
  line="$(grep -nE "$REVISION_LINE" "$file")"
  [[ "$line" =~ ([0-9a-f]{40}) ]]
  [[ "\${BASH_REMATCH[1]}" == "$1" ]] \\
    || die "file $IMAGE_FILE builds revision \${BASH_REMATCH[1]} but $PIN_FILE pins $1. $SYNTH_FIX"
  sed -i "\${line%%:*}s/$1/$2/" "$file"
}

# Nothing pinned yet: synthesis rendered no Image. Writes it from the template (at the null revision, which
# edit_image then replaces) and lists it among the generated files, as synthesis of the new pin will.
create_image() {
  [[ -n "$GENERATED_LIST" ]] \\
    || die "param generated-list is empty, so the Image created from image-template would not be listed as generated. Pass the ops repo's dist/.generated-files"
  [[ -f "$CLONE/$GENERATED_LIST" ]] || die "file $GENERATED_LIST is not on branch $OPS_BRANCH of the ops repo. $SYNTH_FIX"
  local listed="\${IMAGE_FILE#"$(dirname "$GENERATED_LIST")/"}"
  log "$IMAGE_FILE does not exist yet: writing it from the Image template"
  mkdir -p "$(dirname "$CLONE/$IMAGE_FILE")"
  printf '%s' "$IMAGE_TEMPLATE" > "$CLONE/$IMAGE_FILE"
  { cat "$CLONE/$GENERATED_LIST"; printf '%s\\n' "$listed"; } | LC_ALL=C sort -u > "$CLONE/$GENERATED_LIST.new"
  mv "$CLONE/$GENERATED_LIST.new" "$CLONE/$GENERATED_LIST"
  git -C "$CLONE" add -N -- "$IMAGE_FILE"
}

# The line number and value of the base-image variable of the Image: the line 'value: <reference>' right after
# its one '- name: <variable>' line.
base_image_line() {
  local file="$CLONE/$IMAGE_FILE" name count
  name="^[[:space:]]*- name:[[:space:]]*$BASE_IMAGE_ENV[[:space:]]*$"
  count="$(grep -cE "$name" "$file" || true)"
  [[ "$count" == 1 ]] || die "file $IMAGE_FILE has $count build variables $BASE_IMAGE_ENV instead of exactly one. $SYNTH_FIX"
  BASE_LINE=$(( $(grep -nE "$name" "$file" | cut -d: -f1) + 1 ))
  local value re='^[[:space:]]*value:[[:space:]]*"?([^"]*)"?[[:space:]]*$'
  value="$(sed -n "\${BASE_LINE}p" "$file")"
  [[ "$value" =~ $re ]] \\
    || die "file $IMAGE_FILE has no 'value:' line after the build variable $BASE_IMAGE_ENV. $SYNTH_FIX"
  RECORDED="\${BASH_REMATCH[1]}"
}

# Records BASE_REF: the Image's variable and the record file, each one line.
record_base_image() {
  local recorded_file="$UNRECORDED"
  [[ -f "$CLONE/$BASE_IMAGE_FILE" ]] && recorded_file="$(<"$CLONE/$BASE_IMAGE_FILE")"
  [[ "$recorded_file" == "$RECORDED" ]] \\
    || die "file $IMAGE_FILE records base image $RECORDED but $BASE_IMAGE_FILE holds '$recorded_file'. $SYNTH_FIX"
  sed -i "\${BASE_LINE}s#value:.*#value: $BASE_REF#" "$CLONE/$IMAGE_FILE"
  [[ -f "$CLONE/$BASE_IMAGE_FILE" ]] || BASE_FILE_NEW=true
  printf '%s\\n' "$BASE_REF" > "$CLONE/$BASE_IMAGE_FILE"
  [[ "$BASE_FILE_NEW" == true ]] && git -C "$CLONE" add -N -- "$BASE_IMAGE_FILE"
  return 0
}

# Reads the pin on the checked-out head and, when the new commit descends from it, edits both files (and records
# the base image of a base-image run when the tested commit is the pinned one then); otherwise ends the script.
pin_on_head() {
  [[ -f "$CLONE/$PIN_FILE" ]] \\
    || die "file $PIN_FILE is not on branch $OPS_BRANCH of the ops repo. Add $APP to the ops repo's main.ts, write the commit to build into $PIN_FILE and run npm run synth"
  CURRENT="$(<"$CLONE/$PIN_FILE")"
  [[ "$CURRENT" =~ ^[0-9a-f]{40}$ ]] \\
    || die "file $PIN_FILE holds '$CURRENT', not a 40-character lower-case commit SHA. Write the SHA of the commit to build into it, then run npm run synth in the ops repo"
  local created=false move=false record=false
  BASE_FILE_NEW=false
  if [[ "$CURRENT" != "$REVISION" ]]; then
    move=true
    if [[ "$CURRENT" == "$UNPINNED" ]]; then
      # Git's null id: nothing is pinned yet, so any tested commit is newer.
      log "$APP has no pinned commit yet"
      if [[ ! -e "$CLONE/$IMAGE_FILE" && -n "$IMAGE_TEMPLATE" ]]; then
        create_image
        created=true
        # The template records no base image: the Image gets the one the repository records, as synthesis does.
        if [[ -n "$BASE_IMAGE_ENV" && -f "$CLONE/$BASE_IMAGE_FILE" ]]; then
          base_image_line
          sed -i "\${BASE_LINE}s#value:.*#value: $(<"$CLONE/$BASE_IMAGE_FILE")#" "$CLONE/$IMAGE_FILE"
        fi
      fi
    else
      pin_only_forward
    fi
  fi
  if [[ -n "$BASE_REF" ]]; then
    [[ -f "$CLONE/$IMAGE_FILE" ]] || die "file $IMAGE_FILE is not on branch $OPS_BRANCH of the ops repo. $SYNTH_FIX"
    base_image_line
    [[ "$RECORDED" != "$BASE_REF" ]] && record=true
  fi
  if [[ "$move" == false && "$record" == false ]]; then
    log "$APP is already pinned to $REVISION\${BASE_REF:+ with base image $BASE_REF}; nothing to do"
    exit 0
  fi
  [[ "$move" == true ]] && edit_image "$CURRENT" "$REVISION"
  [[ "$move" == true ]] && printf '%s\\n' "$REVISION" > "$CLONE/$PIN_FILE"
  [[ "$record" == true ]] && { log "Recording base image $BASE_REF (was $RECORDED): kpack builds $REVISION again with it"; record_base_image; }
  # Exactly one line of each file changes per change (or the Image and its line in the list, or the record, are
  # new); anything else would make dist/ differ from synthesis.
  local expected='' image_lines=0
  [[ "$move" == true ]] && image_lines=$(( image_lines + 1 ))
  [[ "$record" == true ]] && image_lines=$(( image_lines + 1 ))
  if [[ "$created" == true ]]; then
    expected+="$(printf '%s\\t0\\t%s\\n1\\t0\\t%s' "$(wc -l < "$CLONE/$IMAGE_FILE" | tr -d ' ')" "$IMAGE_FILE" "$GENERATED_LIST")"
  else
    expected+="$(printf '%s\\t%s\\t%s' "$image_lines" "$image_lines" "$IMAGE_FILE")"
  fi
  [[ "$move" == true ]] && expected+="$(printf '\\n1\\t1\\t%s' "$PIN_FILE")"
  if [[ "$record" == true ]]; then
    expected+="$(printf '\\n1\\t%s\\t%s' "$([[ "$BASE_FILE_NEW" == true ]] && echo 0 || echo 1)" "$BASE_IMAGE_FILE")"
  fi
  [[ "$(git -C "$CLONE" diff --numstat | sort)" == "$(printf '%s\\n' "$expected" | sort)" ]] \\
    || die "the pin would change more than one line of $PIN_FILE and of $IMAGE_FILE per change. $SYNTH_FIX"
  CHANGED_PIN="$move"
  CHANGED_BASE="$record"
}

# Ends the script, leaving the pin, unless the new commit descends from the pinned one.
pin_only_forward() {
  fetch_history "$CURRENT" \\
    || die "the pinned commit $CURRENT of $APP could not be fetched from the app repo $(redact "$APP_URL"), so $REVISION cannot be shown to be newer. Check that the git-credentials may read the app repo; if the commit is gone from it, correct $PIN_FILE by hand and run npm run synth in the ops repo"
  if ! git -C "$APP_DIR" merge-base --is-ancestor --end-of-options "$CURRENT" "$REVISION"; then
    if git -C "$APP_DIR" merge-base --is-ancestor --end-of-options "$REVISION" "$CURRENT"; then
      log "newer commit $CURRENT already pinned for $APP; leaving it ($REVISION is one of its ancestors)"
    else
      log "commit $CURRENT already pinned for $APP is not an ancestor of $REVISION (diverged history); leaving it"
    fi
    exit 0
  fi
  log "$REVISION descends from the pinned commit $CURRENT"
}

commit_pin() {
  local files=("$PIN_FILE" "$IMAGE_FILE") subject
  [[ -n "$GENERATED_LIST" ]] && files+=("$GENERATED_LIST")
  [[ "$CHANGED_BASE" == true ]] && files+=("$BASE_IMAGE_FILE")
  git -C "$CLONE" add -- "\${files[@]}"
  if [[ "$CHANGED_PIN" == true && "$CHANGED_BASE" == true ]]; then subject="Pin $APP to $REVISION with base image $BASE_REF"
  elif [[ "$CHANGED_PIN" == true ]]; then subject="Pin $APP to $REVISION"
  else subject="Rebuild $APP $REVISION with base image $BASE_REF"
  fi
  { printf '%s\\n\\nApp repo: %s\\nTested commit: %s %s\\n' "$subject" "$(redact "$APP_URL")" "\${REVISION:0:12}" "$SUBJECT"
    if [[ "$CHANGED_BASE" == true ]]; then printf 'Base image: %s\\n' "$BASE_REF"; fi; } \\
    | git -C "$CLONE" -c user.name="$AUTHOR_NAME" -c user.email="$AUTHOR_EMAIL" commit -q -F -
}

${JITTER_FUNCTIONS}

fetch_head() {
  git -C "$CLONE" fetch -q --depth 1 -- origin "refs/heads/$OPS_BRANCH" \\
    || die "could not fetch branch $OPS_BRANCH of $(redact "$OPS_URL") again. Check the ops repo and run the pipeline again"
}

log "Pinning $APP to $REVISION from $(redact "$APP_URL")"
resolve_revision
SUBJECT="$(git -C "$APP_DIR" log -1 --format=%s --end-of-options "$REVISION" --)"

CLONE="\${OPS_DIR%/}/ops"
rm -rf "$CLONE"
log "Cloning branch $OPS_BRANCH of the ops repo $(redact "$OPS_URL")"
git clone -q --depth 1 --single-branch --branch "$OPS_BRANCH" -- "$OPS_URL" "$CLONE" \\
  || die "could not clone branch $OPS_BRANCH of $(redact "$OPS_URL"). Check the URL, the branch and the git-credentials workspace"

# A rejected push is explained when the branch moved meanwhile (another run's pin, or any other push, landed):
# the run starts again from the new head without spending an attempt, and ends there if that head already pins
# this commit or a newer one. A rejection while the branch stands still (a hook, missing rights) spends one.
ATTEMPT=1
REJECTED=0
RESTARTS=0
while true; do
  BASE="$(git -C "$CLONE" rev-parse HEAD)"
  pin_on_head
  if [[ "$DRY_RUN" == true ]]; then
    log "Dry run: would commit 'Pin $APP to $REVISION' and push it to $OPS_BRANCH of $(redact "$OPS_URL"):"
    git -C "$CLONE" --no-pager diff
    exit 0
  fi
  commit_pin
  if OUTPUT="$(git -C "$CLONE" push -q -- origin "HEAD:refs/heads/$OPS_BRANCH" 2>&1)"; then
    log "Pinned $APP to $REVISION on $OPS_BRANCH of $(redact "$OPS_URL") (ops commit $(git -C "$CLONE" rev-parse HEAD))"
    exit 0
  fi
  printf '%s\\n' "$OUTPUT" | sed 's/^/  /'
  REJECTED=$(( REJECTED + 1 ))
  fetch_head
  jitter_delay "$REJECTED"
  if [[ "$(git -C "$CLONE" rev-parse FETCH_HEAD)" != "$BASE" ]]; then
    RESTARTS=$(( RESTARTS + 1 ))
    (( RESTARTS <= MAX_RESTARTS )) \\
      || die "branch $OPS_BRANCH of $(redact "$OPS_URL") moved $MAX_RESTARTS times while this run tried to push its pin. Run the pipeline again when the ops repo is quieter"
    log "Push rejected: $OPS_BRANCH moved to $(git -C "$CLONE" rev-parse --short=12 FETCH_HEAD) meanwhile (another push landed); starting again from the new head in \${DELAY}s, which spends no attempt"
  else
    if (( ATTEMPT >= MAX_ATTEMPTS )); then
      die "the push to $OPS_BRANCH of $(redact "$OPS_URL") failed $ATTEMPT times, the limit set by param max-attempts. Check that the git-credentials may push to $OPS_BRANCH and what rejected the push (see above), then run the pipeline again"
    fi
    log "Push rejected (attempt $ATTEMPT of $MAX_ATTEMPTS); starting again from the new head of $OPS_BRANCH in \${DELAY}s"
    ATTEMPT=$(( ATTEMPT + 1 ))
  fi
  if [[ "$DELAY" != 0 ]]; then
    sleep "$DELAY"
    fetch_head
  fi
  git -C "$CLONE" reset -q --hard FETCH_HEAD
done
`;
