// The public API of the Argo CD constructs: what lib/index.ts re-exports.
export { AppProject, type AppProjectProps, type GroupKind, type IAppProject, type ProjectDestination, type ProjectUse } from './app-project';
export { Application, type ApplicationMetadataOptions, type ApplicationProps } from './application';
export { ApplicationSet, ApplicationSetGenerator, type ApplicationSetProps, type ApplicationTemplate } from './application-set';
export { type ApplicationSpecOptions } from './application-spec';
export { ApplicationDestination } from './destination';
export { GitOpsRepo, type GitOpsRepoOptions } from './gitops-repo';
export { type IOpsRepository, type SyncFolderOptions } from './ops-repository';
export { ApplicationSource, type DirectoryOptions, type GitPathOptions } from './source';
export { type AutomatedSync, type IgnoreDifference, PrunePropagationPolicy, type SyncBackoff, SyncOption, type SyncRetry } from './sync';
