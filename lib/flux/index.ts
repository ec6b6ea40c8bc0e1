// The public API of the Flux constructs: what lib/index.ts re-exports.
export { GitRef, type GitRefKind } from './git-ref';
export { GitProvider, GitRepository, type GitRepositoryProps, type IGitRepository } from './git-repository';
export { DigestReflectionPolicy, type IImagePolicy, ImagePolicy, type ImagePolicyProps } from './image-policy';
export {
  type IImageRepository, ImageProvider, ImageRepository, type ImageRepositoryImportOptions, type ImageRepositoryProps,
} from './image-repository';
export { type IFluxObject } from './source';
export { type TagFilter } from './tag-filter';
export { SortOrder, TagPolicy } from './tag-policy';
