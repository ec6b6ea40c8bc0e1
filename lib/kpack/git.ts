/** Checks of git URLs, commit SHAs and ref names, as kpack and git apply them. */

const URL_FORMS = [
  /^https?:\/\/[^\s/@]+(?::\d+)?\/\S+$/,
  /^ssh:\/\/(?:[^\s@/]+@)?[^\s/@]+(?::\d+)?\/\S+$/,
  /^git:\/\/[^\s/@]+(?::\d+)?\/\S+$/,
  /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s/]\S*$/,
];

/** What is wrong with `url` as a git repository URL kpack can clone, or `undefined`. */
export function checkGitUrl(url: string): string | undefined {
  if (url.length === 0) return 'is empty';
  if (/^https?:\/\/[^/\s]*@/.test(url) || /^ssh:\/\/[^/\s@]*:[^/\s@]*@/.test(url)) {
    return 'carries credentials in the URL, which would be committed in the manifest';
  }
  if (!URL_FORMS.some(form => form.test(url))) {
    return 'is not a git URL (https://host/path, ssh://[user@]host/path, git://host/path or user@host:path)';
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
  if (SHA.test(ref)) return 'is a commit SHA, not a branch';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return 'contains a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in ref names';
  if (ref.includes('..')) return 'contains \'..\', which git does not allow in ref names';
  if (ref.includes('@{')) return 'contains \'@{\', which git does not allow in ref names';
  if (ref === '@') return 'is \'@\', which git does not allow as a ref name';
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//')) return 'has an empty path component (a leading, trailing or doubled \'/\')';
  if (ref.startsWith('-')) return 'starts with \'-\', which git does not allow for branch names';
  if (ref.endsWith('.')) return 'ends with \'.\', which git does not allow in ref names';
  if (ref.split('/').some(part => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'has a component starting with \'.\' or ending with \'.lock\', which git does not allow';
  }
  return undefined;
}
