import { ApiObjectMetadata } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * The one metadata convention of the library's constructs, the one cdk8s-plus uses (`ResourceProps` and
 * `IResource` in cdk8s-team/cdk8s-plus `src/base.ts`): a construct that renders one Kubernetes object takes
 * that object's metadata as `metadata`, and exposes its `name`, `namespace`, `kind` and `apiVersion`.
 * See docs/conventions.md.
 */

/**
 * Props of every construct that renders one Kubernetes object: the object's metadata, as in cdk8s-plus.
 * Each construct checks `name` against its kind's rules; labels and annotations are checked like every
 * object's at synth, and merged with those the construct adds itself.
 */
export interface ResourceProps {
  /**
   * The object's metadata: name, namespace, labels, annotations.
   * @default - name: the construct id; namespace: the chart's (none for a cluster-scoped kind)
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A Kubernetes object of this app, as other constructs refer to it: what every construct that renders one
 * object implements, like cdk8s-plus's `IResource`.
 */
export interface IResource {
  /** The object's `metadata.name`. */
  readonly name: string;
  /**
   * The object's `metadata.namespace`: its own or its chart's; undefined for a cluster-scoped kind or when
   * neither sets one. (`| undefined`: a construct's getter may return undefined, which
   * exactOptionalPropertyTypes tells apart from an absent property.)
   */
  readonly namespace?: string | undefined;
  /** The object's `kind`, e.g. `Pipeline`. */
  readonly kind: string;
  /** The object's `apiVersion`, e.g. `tekton.dev/v1`. */
  readonly apiVersion: string;
}

/** Throws when `metadata` gives a namespace to an object of a cluster-scoped `kind`. */
export function requireNoNamespace(scope: IConstruct, kind: string, metadata: ApiObjectMetadata | undefined): void {
  if (metadata?.namespace !== undefined) {
    fail(scope, 'metadata.namespace', metadata.namespace, `is set, but a ${kind} is cluster-scoped and has no namespace`, 'Remove it');
  }
}
