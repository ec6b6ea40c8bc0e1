import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { NameFormat, validateName } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps, requireNoNamespace } from '../core/resource';
import { KpackApi } from './api';
import { clusterScoped } from '../core/cluster-scoped';
import { checkImageReference } from './image-reference';
import { checkServiceAccountRef, serviceAccountRef } from './service-account';
import { freeId, requireReadable } from '../core/guards';

/** A ClusterStore a Builder can use: a {@link ClusterStore} of this app or one from {@link ClusterStore.fromName}. */
export interface IClusterStore {
  /** The ClusterStore's `metadata.name`. */
  readonly name: string;
}

/** Props for {@link ClusterStore}. */
export interface ClusterStoreProps extends ResourceProps {
  /** The kpack API. ClusterStore exists only in kpack.io/v1alpha2. @default KpackApi.V1ALPHA2 */
  readonly api?: KpackApi;
  /** Buildpackage (or builder) images whose buildpacks the store offers, e.g. `paketobuildpacks/go`. @default - none; add with addSource() */
  readonly sources?: string[];
  /** Service account whose Secrets pull private buildpackages. @default - the images are public */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A kpack ClusterStore (`kpack.io/v1alpha2`, cluster-scoped): the buildpacks Builders pick by id.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/buildpacks.md#cluster-store
 * @example
 * const store = new ClusterStore(chart, 'default', { sources: ['paketobuildpacks/go'] });
 */
export class ClusterStore extends Construct implements IClusterStore, IResource {
  /** A ClusterStore outside the app, by name. */
  public static fromName(name: string): IClusterStore {
    return { name };
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** Always `ClusterStore`. */
  public readonly kind = 'ClusterStore';
  /** `kpack.io/v1alpha2`. */
  public readonly apiVersion: string;
  /** The L1 object. */
  public readonly resource: ApiObject;
  private readonly _sources: string[] = [];

  constructor(scope: Construct, id: string, props: ClusterStoreProps = {}) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    const api = props.api ?? KpackApi.V1ALPHA2;
    if (api.legacy) {
      fail(this, 'api', api.apiVersion, 'has no ClusterStore (kpack v0.0.9 had an experimental.kpack.pivotal.io Store, and its Builders wrap a builder image)',
        'Use KpackApi.V1ALPHA2, or give a legacy Builder its builder image');
    }
    this.apiVersion = api.apiVersion;
    this.name = validateName(this, 'metadata.name', props.metadata?.name ?? id, { format: NameFormat.SUBDOMAIN });
    requireNoNamespace(this, this.kind, props.metadata);
    const saRef = props.serviceAccount ? serviceAccountRef(props.serviceAccount) : undefined;
    const saProblems = saRef ? checkServiceAccountRef('spec.serviceAccountRef', saRef) : [];
    if (saProblems.length) throw new Error(`${this.node.path}: ${saProblems[0]}`);
    for (const source of props.sources ?? []) this.addSource(source);
    this.resource = clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: Lazy.any({
        produce: () => ({
          ...(this._sources.length ? { sources: this._sources.map(image => ({ image })) } : {}),
          ...(saRef ? { serviceAccountRef: saRef } : {}),
        }),
      }),
    }));
    this.node.addValidation({
      validate: () => this._sources.length ? [] : [problem('spec.sources', '[]', 'is empty, so Builders find no buildpacks in this store', 'Add a buildpackage image, e.g. addSource(\'paketobuildpacks/go\')')],
    });
  }

  /** The buildpackage images, in order. */
  public get sources(): string[] {
    return [...this._sources];
  }

  /** Adds a buildpackage (or builder) image. */
  public addSource(image: string): void {
    const wrong = checkImageReference(image);
    if (wrong) fail(this, 'spec.sources', image, wrong, 'Give a buildpackage image such as paketobuildpacks/go');
    if (this._sources.includes(image)) fail(this, 'spec.sources', image, 'is listed twice', 'Give each image once');
    this._sources.push(image);
  }
}
