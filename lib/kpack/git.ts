// Git URL, commit and branch checks are shared by every construct that takes them (lib/core/git.ts).
export { checkBranchName, checkCommitSha, checkGitUrl, isCommitSha } from '../core/git';
