/**
 * Synth-time checks of the git values a catalog Task bakes into its param defaults: the same rules its script
 * applies at run time, so a wrong default fails `cdk8s synth` instead of every run. Each returns what is wrong
 * (for `fail`) or undefined. Branch names use the kpack module's `checkBranchName` (git's own rules).
 */

/** The URL without its user-info part, so a password never reaches a message. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/@]*@/, '$1');
}

/** What is wrong with a clone URL: empty, read by git as an option, or holding a password. */
export function checkCloneUrl(url: string): string | undefined {
  if (url === '') return 'is empty';
  if (url.startsWith('-')) return 'starts with \'-\', so git would read it as an option';
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/@]*:[^/@]*@/.test(url)) return 'has a password in it';
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
