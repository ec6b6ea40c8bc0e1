import { TOKEN_PATTERN } from './secret-values';

/**
 * Checks of commit SHAs and branch names, as git (`git check-ref-format`), kpack, Flux and Argo CD apply them
 * (tests compare the branch rules with the real `git check-ref-format`), and the redaction of secrets in
 * messages. Git URLs are checked with every other URL, in url.ts.
 *
 * @see https://git-scm.com/docs/git-check-ref-format
 */

const SHA = /^[0-9a-f]{40}$/;
/** The schemes git reaches over SSH, where a login name in the URL (`ssh://git@host/...`) is no secret. */
export const SSH_SCHEME = /^(ssh|git\+ssh|ssh\+git)$/i;

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
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s'"]*)@/gi;
const SCP_USERINFO = /(^|[\s'"(=,])[^\s/:@'"]*:[^\s/@'"]+@(?!sha256:)/g;
/** The query or fragment of a URL, or of an scp-like address whose user info was redacted. */
const URL_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s'"?#]*|\*\*\*@[^\s'"?#]*)[?#][^\s'"]*/gi;

/**
 * `text` with what can be a secret removed, so that messages can show the value a user gave without leaking
 * it: the user info of URLs (`https://***@host/...`; an `ssh://` login name, which the URL rules accept as no
 * secret, stays), the `user:password` of an
 * scp-like address (`***@host:path`; not an image's `name:tag@sha256:...`), the query or fragment of either
 * (`?***`), and tokens of the common forms ({@link TOKEN_PATTERN}: GitHub, GitLab, AWS keys, private keys, JWTs...).
 * The catalog's step scripts redact URLs alike
 * (`redact` in lib/catalog/scripts/git-setup.ts).
 */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_USERINFO, (all, scheme: string, userinfo: string) => (SSH_SCHEME.test(scheme.slice(0, -3)) && !/[:@]/.test(userinfo) ? all : `${scheme}***@`))
    .replace(SCP_USERINFO, (_all, before: string) => `${before}***@`)
    .replace(URL_QUERY, '$1?***')
    .replace(TOKEN_PATTERN, '***');
}
