// The public API of the kpack constructs: what lib/index.ts re-exports.
export { KpackApi } from './api';
export { Builder, type BuilderProps } from './builder';
export { BuilderBase, type BuilderBaseProps, BuilderUpdatePolicy } from './builder-base';
export { type BuilderImportOptions, BuilderKind, type IBuilder } from './builder-ref';
export { type BuildpackIdOptions, BuildpackRef, type BuildpackResourceOptions } from './buildpack-ref';
export { ClusterBuilder, type ClusterBuilderProps } from './cluster-builder';
export { ClusterStack, type ClusterStackProps, type IClusterStack } from './cluster-stack';
export { ClusterStore, type ClusterStoreProps, type IClusterStore } from './cluster-store';
export { Image, type ImageProps, ImageTaggingStrategy } from './image';
export { type ImageBuildOptions } from './image-build';
export { ImageCache, type VolumeCacheOptions } from './image-cache';
export {
  BlobAuth, type BlobSourceOptions, type GitSourceOptions, ImageSource, type ImageSourceOptions, type RegistrySourceOptions,
} from './image-source';
export { RegistryServiceAccount, type RegistryServiceAccountProps } from './service-account';
