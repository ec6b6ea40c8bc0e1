import { KpackApi } from './api';

/** The kinds an Image's `spec.builder` may name. */
export enum BuilderKind {
  /** A namespaced Builder in the Image's namespace. */
  BUILDER = 'Builder',
  /** A cluster-wide ClusterBuilder. */
  CLUSTER_BUILDER = 'ClusterBuilder',
  /** Legacy only: `experimental.kpack.pivotal.io` CustomBuilder, what kpack.io later renamed Builder. */
  CUSTOM_BUILDER = 'CustomBuilder',
  /** Legacy only: `experimental.kpack.pivotal.io` CustomClusterBuilder. */
  CUSTOM_CLUSTER_BUILDER = 'CustomClusterBuilder',
}

/**
 * A builder an Image can build with: a {@link Builder} or {@link ClusterBuilder} of this app, or one
 * outside it from `Builder.fromName` / `ClusterBuilder.fromName`.
 */
export interface IBuilder {
  /** The builder's kind, as the Image's `spec.builder.kind`. */
  readonly kind: BuilderKind;
  /** The builder's `metadata.name`. */
  readonly name: string;
  /** The kpack API the builder is written in, when known. */
  readonly api?: KpackApi;
  /** The namespace of a namespaced builder of this app, when known. */
  readonly namespace?: string;
}

/** Options of `Builder.fromName` and `ClusterBuilder.fromName`. */
export interface BuilderImportOptions {
  /** The kpack API the builder is written in; an Image of another API is then an error. @default - not checked */
  readonly api?: KpackApi;
  /**
   * Refer to the legacy `experimental.kpack.pivotal.io` CustomBuilder / CustomClusterBuilder of that name
   * (kpack v0.0.9 only).
   * @default false
   */
  readonly custom?: boolean;
}

/** A builder outside the app, by name. */
export function importBuilder(cluster: boolean, name: string, options: BuilderImportOptions): IBuilder {
  const kind = options.custom
    ? (cluster ? BuilderKind.CUSTOM_CLUSTER_BUILDER : BuilderKind.CUSTOM_BUILDER)
    : (cluster ? BuilderKind.CLUSTER_BUILDER : BuilderKind.BUILDER);
  return { kind, name, ...(options.api ? { api: options.api } : {}) };
}
