// The public API of the shared core: what lib/index.ts re-exports. The checks, names and message helpers
// every construct uses are internal.
export { PodSecurity, PodSecurityLevel } from './pod-security';
export { type IResource, type ResourceProps } from './resource';
export { Warnings } from './warnings';
