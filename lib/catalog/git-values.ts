/**
 * Synth-time checks of the git values a catalog Task bakes into its param defaults: the same rules its script
 * applies at run time, so a wrong default fails `cdk8s synth` instead of every run. Each returns what is wrong
 * (for `fail`) or undefined. Branch names use the kpack module's `checkBranchName` (git's own rules).
 */

const SCHEME_AUTHORITY_USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)@/;
const SCP_PASSWORD = /^[^/:@]*:[^/@]*@/;
const QUERY_OR_FRAGMENT = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^?#]*)[?#]/;

/**
 * The URL with its user-info part (and an scp-like address's `user:pass`) replaced by `***`, and its query or
 * fragment by `?***`, so a token never reaches a message. The step scripts' `redact` does the same.
 */
export function redactUrl(url: string): string {
  let out = url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#]*@/, '$1***@');
  if (out === url) out = url.replace(/^[^/:@]*:[^/@]*@/, '***@');
  const q = /^([^?#]*)[?#]/.exec(out);
  return q ? `${q[1]}?***` : out;
}

/**
 * What is wrong with a clone URL: empty, read by git as an option, or able to carry a token. Any user-info is
 * refused (`https://TOKEN@host/...` authenticates as well as `https://user:pass@host/...`), except a login name
 * in an `ssh://` URL, which is no secret; so are a password in an scp-like address and a query or fragment.
 * The step scripts' `check_url` applies the same rules at run time.
 */
export function checkCloneUrl(url: string): string | undefined {
  if (url === '') return 'is empty';
  if (url.startsWith('-')) return 'starts with \'-\', so git would read it as an option';
  const userinfo = SCHEME_AUTHORITY_USERINFO.exec(url);
  if (userinfo && (!/^(ssh|git\+ssh|ssh\+git)$/i.test(userinfo[1]) || userinfo[2].includes(':'))) {
    return 'has credentials in it (a user name, token or password before \'@\'), which git would write into .git/config and pass in argv';
  }
  if (!userinfo && SCP_PASSWORD.test(url)) return 'has a password in it (before \'@\'), which git would pass in argv';
  if (QUERY_OR_FRAGMENT.test(url)) return 'has a query or a fragment, where tokens hide too; git clone URLs have neither';
  return undefined;
}

/** What is wrong with a commit author's name: empty, or holding characters git drops from an identity. */
export function checkAuthorName(name: string): string | undefined {
  if (name.trim() === '') return 'is empty';
  if (/[<>\n]/.test(name)) return 'contains \'<\', \'>\' or a line break, which git drops from an identity';
  return undefined;
}

/** What is wrong with an e-mail address for a commit. */
export function checkAuthorEmail(email: string): string | undefined {
  return /^[^\s<>@]+@[^\s<>@]+$/.test(email) ? undefined : 'is not an e-mail address';
}
