/**
 * Synth-time checks of the git values a catalog Task bakes into its param defaults: the same rules its script
 * applies at run time, so a wrong default fails `cdk8s synth` instead of every run. Each returns what is wrong
 * (for `fail`) or undefined. Branch names use `checkBranchName` (git's own rules) and URLs the rules of
 * lib/core/git.ts; messages redact what can be a secret (`redactSecrets`, through `fail`).
 */
import { checkUrlText } from '../core/url';

/**
 * What is wrong with a clone URL: empty, read by git as an option, holding whitespace or a control character,
 * or able to carry a token
 * ({@link checkUrlText}: any user info but an `ssh://` login name, a password in an scp-like address,
 * a query or a fragment). The step scripts' `check_url` applies the same rules at run time.
 */
export function checkCloneUrl(url: string): string | undefined {
  if (url === '') return 'is empty';
  if (url.startsWith('-')) return 'starts with \'-\', so git would read it as an option';
  return checkUrlText(url);
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
