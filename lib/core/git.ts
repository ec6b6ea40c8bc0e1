/**
 * Checks of git URLs, commit SHAs and branch names, as git (`git check-ref-format`), kpack, Flux and Argo CD
 * apply them; tests compare the branch rules with the real `git check-ref-format`.
 *
 * @see https://git-scm.com/docs/git-check-ref-format
 */

const URL_FORMS = [
  /^https?:\/\/[^\s/@]+(?::\d+)?\/\S+$/,
  /^ssh:\/\/(?:[^\s@/]+@)?[^\s/@]+(?::\d+)?\/\S+$/,
  /^git:\/\/[^\s/@]+(?::\d+)?\/\S+$/,
  /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s/]\S*$/,
];

/** What is wrong with `url` as a git repository URL kpack can clone, or `undefined`. */
export function checkGitUrl(url: string): string | undefined {
  if (url.length === 0) return 'is empty';
  const credentials = checkUrlCredentials(url);
  if (credentials) return credentials;
  if (!URL_FORMS.some(form => form.test(url))) {
    return 'is not a git URL (https://host/path, ssh://[user@]host/path, git://host/path or user@host:path)';
  }
  return undefined;
}

const SCHEME_USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)@/;
const SSH_SCHEME = /^(ssh|git\+ssh|ssh\+git)$/i;
const SCP_PASSWORD = /^[^/:@]*:[^/@]*@/;
const QUERY_OR_FRAGMENT = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^?#]*[?#]/;

/**
 * What is wrong with a URL that can carry a secret, or undefined. Any user info is refused
 * (`https://TOKEN@host/...` authenticates as well as `https://user:pass@host/...`), except a login name in an
 * `ssh://` URL, which is no secret (`git@host:...` and `ssh://git@host/...`); so are a password in an
 * scp-like address (`user:pass@host:path`) and a query or fragment, where tokens hide too. A URL in a manifest
 * is read by everyone who reads the repository, and lands in `.git/config`, process lists and logs. The
 * catalog's step scripts apply the same rules at run time (`check_url` in lib/catalog/scripts/git-setup.ts).
 */
export function checkUrlCredentials(url: string): string | undefined {
  const userinfo = SCHEME_USERINFO.exec(url);
  if (userinfo && (!SSH_SCHEME.test(userinfo[1]) || userinfo[2].includes(':'))) {
    return 'carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them';
  }
  if (!userinfo && SCP_PASSWORD.test(url)) {
    return 'carries a password in the URL (before \'@\'), where every reader of the manifests, the process list and the logs sees it';
  }
  if (QUERY_OR_FRAGMENT.test(url)) return 'has a query or a fragment, where tokens hide too; git URLs have neither';
  return undefined;
}

const SHA = /^[0-9a-f]{40}$/;

/** The pattern of {@link isCommitSha}, for code that cannot call it (the output's writer thread). */
export const COMMIT_SHA_PATTERN: string = SHA.source;

/**
 * True when `revision` is a full commit SHA-1 as git prints it (40 lower-case hex digits): kpack builds exactly
 * that commit and never polls, a pin file holds one, and the YAML writer quotes one.
 */
export function isCommitSha(revision: string): boolean {
  return SHA.test(revision);
}

/** What is wrong with `sha` as a full commit SHA, or `undefined`. */
export function checkCommitSha(sha: string): string | undefined {
  if (SHA.test(sha)) return undefined;
  if (/^[0-9a-fA-F]{40}$/.test(sha)) return 'has upper-case hex digits; kpack compares revisions as given, and git prints them lower-case';
  if (/^[0-9a-f]{4,39}$/.test(sha)) return `is an abbreviated SHA (${sha.length} characters); kpack would treat it as a branch or tag to resolve`;
  return 'is not a full commit SHA (40 lower-case hex digits)';
}

/**
 * What is wrong with `ref` as a git branch name (the rules of `git check-ref-format --branch`), or
 * `undefined`. A 40-hex name is rejected too: kpack would take it for a commit and stop polling.
 */
export function checkBranchName(ref: string): string | undefined {
  if (ref.length === 0) return 'is empty';
  if (ref.startsWith('-')) return 'starts with \'-\', which git does not allow for branch names (it would be read as an option)';
  if (SHA.test(ref)) return 'is a commit SHA, not a branch';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return 'contains a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in ref names';
  if (ref.includes('..')) return 'contains \'..\', which git does not allow in ref names';
  if (ref.includes('@{')) return 'contains \'@{\', which git does not allow in ref names';
  if (ref === '@') return 'is \'@\', which git does not allow as a ref name';
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//')) return 'has an empty path component (a leading, trailing or doubled \'/\')';
  if (ref === 'HEAD') return 'is HEAD, which names the checked-out commit, not a branch';
  if (ref.endsWith('.')) return 'ends with \'.\', which git does not allow in ref names';
  if (ref.split('/').some(part => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'has a component starting with \'.\' or ending with \'.lock\', which git does not allow';
  }
  return undefined;
}

/** A URL's scheme and user info anywhere in a text; a `user:password@` at the start of a word (scp-like). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s'"]*)@/gi;
const SCP_USERINFO = /(^|[\s'"(=,])[^\s/:@'"]*:[^\s/@'"]+@(?!sha256:)/g;
/** The query or fragment of a URL, or of an scp-like address whose user info was redacted. */
const URL_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s'"?#]*|\*\*\*@[^\s'"?#]*)[?#][^\s'"]*/gi;
const TOKENS = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})/g;

/**
 * `text` with what can be a secret removed, so that messages can show the value a user gave without leaking
 * it: the user info of URLs (`https://***@host/...`; an `ssh://` login name, which the URL rules accept as no
 * secret, stays), the `user:password` of an
 * scp-like address (`***@host:path`; not an image's `name:tag@sha256:...`), the query or fragment of either
 * (`?***`), and tokens of the common forms (GitHub, GitLab). The catalog's step scripts redact URLs alike
 * (`redact` in lib/catalog/scripts/git-setup.ts).
 */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_USERINFO, (all, scheme: string, userinfo: string) => (SSH_SCHEME.test(scheme.slice(0, -3)) && !userinfo.includes(':') ? all : `${scheme}***@`))
    .replace(SCP_USERINFO, (_all, before: string) => `${before}***@`)
    .replace(URL_QUERY, '$1?***')
    .replace(TOKENS, '***');
}
