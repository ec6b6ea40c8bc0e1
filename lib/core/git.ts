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

/**
 * What is wrong with a URL that carries credentials, or undefined: any user info in an `http(s)://` URL
 * (a token as user name is how they leak) and a password in an `ssh://` URL. `git@host:...` and
 * `ssh://git@host/...` name the SSH user and carry no secret. A URL in a manifest is read by everyone who
 * reads the repository, and lands in `.git/config`, process lists and logs.
 */
export function checkUrlCredentials(url: string): string | undefined {
  if (/^https?:\/\/[^/\s]*@/i.test(url) || /^ssh:\/\/[^/\s@]*:[^/\s@]*@/i.test(url)) {
    return 'carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them';
  }
  return undefined;
}

const SHA = /^[0-9a-f]{40}$/;

/** True when `revision` is a full commit SHA-1: kpack builds exactly that commit and never polls. */
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

/**
 * `text` with credentials removed: the user info of URLs (`https://***@host/...`) and tokens of the common
 * forms (GitHub, GitLab), so that messages can show the value a user gave without leaking it.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, (all, scheme: string) => (/^ssh:/i.test(scheme) && /^[^:]*@$/.test(all.slice(scheme.length)) ? all : `${scheme}***@`))
    .replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})/g, '***');
}
