// The public API of promotion: what lib/index.ts re-exports.
export { kubectlLatestBuild, promote, type PromoteOptions, type PromoteResult } from './promote';
