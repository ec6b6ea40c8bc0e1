/**
 * Shell functions shared by the git step scripts: logging, a private git configuration, credentials read from
 * a `kubernetes.io/basic-auth` Secret workspace, and URL checks.
 *
 * The text is bash inside TypeScript template literals: a `\${` is bash's `${`, and `\\n` is bash's `\n`.
 */

/** `log`/`die` printing plain lines prefixed with the step's name; `die` exits 1. */
export function logFunctions(tool: string): string {
  return `log() { printf '${tool}: %s\\n' "$*"; }
die() { printf '${tool}: error: %s\\n' "$*" >&2; exit 1; }`;
}

/**
 * Makes git use a private global config file in a temporary directory removed on exit:
 * no terminal prompts, no credential helper (so no token is ever stored), quiet detached checkouts.
 * `trust_directory <dir>` adds a `safe.directory`, needed when a workspace belongs to another user id.
 */
export const GIT_CONFIG_FUNCTIONS = `GIT_STEP_TMP="$(mktemp -d)"
trap 'rm -rf "$GIT_STEP_TMP"' EXIT
# The image's and the user's git settings stay out; an empty credential.helper also clears the image's helpers,
# so no helper can store the token.
export GIT_CONFIG_GLOBAL="$GIT_STEP_TMP/gitconfig"
export GIT_TERMINAL_PROMPT=0
git config --global credential.helper ''
git config --global advice.detachedHead false
git config --global init.defaultBranch main
trust_directory() { git config --global --add safe.directory "$1"; }`;

/**
 * `use_git_credentials <dir>`: git asks a `GIT_ASKPASS` program for the user name and token, and that program
 * reads them from the files `username` and `password` of the workspace. Only the directory's path is in the
 * environment; the token is never in a URL, an argument, the environment, a log or a repository's config.
 */
export const GIT_CREDENTIALS_FUNCTIONS = `use_git_credentials() {
  local dir="\${1%/}" file
  for file in username password; do
    [[ -s "$dir/$file" ]] || die "workspace git-credentials has no file '$file' (or it is empty). Bind it to a Secret of type kubernetes.io/basic-auth with the keys username and password"
  done
  export GIT_CREDENTIALS_DIR="$dir"
  cat > "$GIT_STEP_TMP/askpass" <<'ASKPASS'
#!/bin/sh
case "$1" in
  Username*) exec cat "$GIT_CREDENTIALS_DIR/username" ;;
  *) exec cat "$GIT_CREDENTIALS_DIR/password" ;;
esac
ASKPASS
  chmod 700 "$GIT_STEP_TMP/askpass"
  export GIT_ASKPASS="$GIT_STEP_TMP/askpass"
}`;

/**
 * `redact <url>` drops the user-info part of a URL for logs; `check_url <param> <url>` refuses an empty URL, one
 * that git would read as an option, and one that carries a password, which git would write into `.git/config`.
 */
export const URL_FUNCTIONS = `redact() {
  if [[ "$1" =~ ^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@(.*)$ ]]; then
    printf '%s' "\${BASH_REMATCH[1]}\${BASH_REMATCH[2]}"
  else
    printf '%s' "$1"
  fi
}
check_url() {
  [[ -n "$2" ]] || die "param $1 '' is empty. Pass the repository's clone URL, e.g. https://github.com/org/repo.git"
  [[ "$2" != -* ]] || die "param $1 '$(redact "$2")' starts with '-', so git would read it as an option. Pass the repository's clone URL, e.g. https://github.com/org/repo.git"
  if [[ "$2" =~ ^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@]*:[^/@]*@ ]]; then
    die "param $1 '$(redact "$2")' has a password in it. Pass the plain URL and put the credentials in the git-credentials workspace"
  fi
}
check_relative_path() {
  if [[ "$2" == /* || "/$2/" == */../* ]]; then
    die "param $1 '$2' is not a relative path inside the repository. Use a path such as $3"
  fi
}`;
