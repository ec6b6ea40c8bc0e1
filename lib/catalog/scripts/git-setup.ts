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
 * `use_git_credentials <dir> <url>...`: git asks a `GIT_ASKPASS` program for the user name and token, and that
 * program reads them from the files `username` and `password` of the workspace, but only when git asks for one
 * of the given URLs' origins (`scheme://host[:port]`, http and https only). Any other host that asks (a
 * redirect, a submodule, a proxy) is refused, so the token reaches no server it was not meant for. Only the
 * directory's path is in the environment; the token is never in a URL, an argument, the environment, a log or a
 * repository's config.
 *
 * Git asks with the prompt `Username for '<scheme>://<host>': ` or `Password for '<scheme>://<user>@<host>': `
 * (`credential_ask_one` and `credential_describe` in git's credential.c); the program reads the origin from it.
 * @see https://git-scm.com/docs/gitcredentials#_requesting_credentials
 * @see https://github.com/git/git/blob/v2.39.5/credential.c
 */
export const GIT_CREDENTIALS_FUNCTIONS = `use_git_credentials() {
  local dir="\${1%/}" file url origin
  for file in username password; do
    [[ -s "$dir/$file" ]] || die "workspace git-credentials has no file '$file' (or it is empty). Bind it to a Secret of type kubernetes.io/basic-auth with the keys username and password"
  done
  shift
  : > "$GIT_STEP_TMP/askpass-origins"
  for url in "$@"; do
    origin="$(url_origin "$url")"
    [[ -z "$origin" ]] || printf '%s\\n' "$origin" >> "$GIT_STEP_TMP/askpass-origins"
  done
  export GIT_CREDENTIALS_DIR="$dir"
  cat > "$GIT_STEP_TMP/askpass" <<'ASKPASS'
#!/usr/bin/env bash
# Answers git's credential prompts only for the origins listed in askpass-origins beside this program.
q="'"
prompt="^(Username|Password) for $q([a-zA-Z][a-zA-Z0-9+.-]*)://([^/$q]*@)?([^/$q@]*)(/[^$q]*)?$q: \\$"
if [[ "\${1-}" =~ $prompt ]]; then
  origin="\${BASH_REMATCH[2],,}://\${BASH_REMATCH[4],,}"
  if grep -qxF -e "$origin" "\${0%/*}/askpass-origins"; then
    case "\${BASH_REMATCH[1]}" in
      Username) exec cat "$GIT_CREDENTIALS_DIR/username" ;;
      *) exec cat "$GIT_CREDENTIALS_DIR/password" ;;
    esac
  fi
  printf 'git-credentials: refused to give the credentials to %s, which asked for them; they are only for %s\\n' \\
    "$origin" "$(paste -sd ' ' "\${0%/*}/askpass-origins")" >&2
else
  printf 'git-credentials: refused to answer a prompt that names no http(s) origin\\n' >&2
fi
exit 1
ASKPASS
  chmod 700 "$GIT_STEP_TMP/askpass"
  export GIT_ASKPASS="$GIT_STEP_TMP/askpass"
}`;

/**
 * URL functions, applying at run time the rules of `checkCloneUrl` (git-values.ts):
 * - `redact <url>` replaces the user-info part of a URL (and of an scp-like `user:pass@host:path`) with `***`
 *   and a query or fragment with `?***`, for messages and logs;
 * - `check_url <what> <url>` refuses an empty URL, one that git would read as an option, one with whitespace or a
 *   control character, and one that may carry
 *   a token: any user-info in a URL (`https://TOKEN@host/...`, `https://user:pass@host/...`; an `ssh://` URL
 *   may name its login user, which is no secret), a password in an scp-like address, a query or a fragment.
 *   Git would write such a URL into `.git/config` and pass it in argv. `<what>` names the value, e.g.
 *   `param url`;
 * - `url_origin <url>` prints `scheme://host[:port]` of an http(s) URL, lower-cased, and nothing for others;
 * - `check_relative_path <param> <path> <example>` refuses an absolute path or one with a `..` component.
 */
export const URL_FUNCTIONS = `redact() {
  local url="$1"
  if [[ "$url" =~ ^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@(.*)$ ]]; then
    url="\${BASH_REMATCH[1]}***@\${BASH_REMATCH[2]}"
  elif [[ "$url" =~ ^[^/:@]*:[^/@]*@(.*)$ ]]; then
    url="***@\${BASH_REMATCH[1]}"
  fi
  if [[ "$url" =~ ^([^?#]*)[?#] ]]; then
    url="\${BASH_REMATCH[1]}?***"
  fi
  printf '%s' "$url"
}
check_url() {
  local fix="Pass the repository's plain clone URL, e.g. https://github.com/org/repo.git, and put the credentials in the git-credentials workspace"
  [[ -n "$2" ]] || die "$1 '' is empty. $fix"
  [[ "$2" != -* ]] || die "$1 '$(redact "$2")' starts with '-', so git would read it as an option. $fix"
  [[ "$2" != *[[:space:][:cntrl:]]* ]] || die "$1 '$(redact "$2")' contains whitespace or a control character, which git would take as part of the URL. $fix"
  if [[ "$2" =~ ^([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#]*)@ ]]; then
    local scheme="\${BASH_REMATCH[1],,}" userinfo="\${BASH_REMATCH[2]}"
    if [[ ! "$scheme" =~ ^(ssh|git\\+ssh|ssh\\+git)$ || "$userinfo" == *:* ]]; then
      die "$1 '$(redact "$2")' has credentials in it (a user name, token or password before '@'), which git would write into .git/config and pass in argv. $fix"
    fi
  elif [[ "$2" =~ ^[^/:@]*:[^/@]*@ ]]; then
    die "$1 '$(redact "$2")' has a password in it (before '@'), which git would pass in argv. $fix"
  fi
  if [[ "$2" =~ ^[a-zA-Z][a-zA-Z0-9+.-]*://[^?#]*[?#] ]]; then
    die "$1 '$(redact "$2")' has a query or a fragment, where tokens hide too; git clone URLs have neither. $fix"
  fi
}
url_origin() {
  if [[ "$1" =~ ^([hH][tT][tT][pP][sS]?)://([^/?#@]*)([/?#]|$) ]]; then
    printf '%s://%s' "\${BASH_REMATCH[1],,}" "\${BASH_REMATCH[2],,}"
  fi
}
check_relative_path() {
  if [[ "$2" == /* || "/$2/" == */../* ]]; then
    die "param $1 '$2' is not a relative path inside the repository. Use a path such as $3"
  fi
}`;
