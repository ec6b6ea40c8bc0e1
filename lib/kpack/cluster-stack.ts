import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { freeId, requireObject, requireString } from '../core/guards';
import { NameFormat, validateName } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps, requireNoNamespace } from '../core/resource';
import { KpackApi } from './api';
import { clusterScoped } from '../core/cluster-scoped';
import { checkImageReference } from './image-reference';
import { checkServiceAccountRef, serviceAccountRef } from './service-account';

/** A ClusterStack a Builder can use: a {@link ClusterStack} of this app or one from {@link ClusterStack.fromName}. */
export interface IClusterStack {
  /** The ClusterStack's `metadata.name`. */
  readonly name: string;
}

/** Props for {@link ClusterStack}. */
export interface ClusterStackProps extends ResourceProps {
  /** The kpack API. ClusterStack exists only in kpack.io/v1alpha2. @default KpackApi.V1ALPHA2 */
  readonly api?: KpackApi;
  /** The stack id the buildpacks declare support for, e.g. `io.buildpacks.stacks.jammy`. */
  readonly id: string;
  /** The build image (where buildpacks run), e.g. `paketobuildpacks/build-jammy-base`. */
  readonly buildImage: string;
  /** The run image (the base of every app image), e.g. `paketobuildpacks/run-jammy-base`. */
  readonly runImage: string;
  /** Service account whose Secrets pull private stack images. @default - the images are public */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A kpack ClusterStack (`kpack.io/v1alpha2`, cluster-scoped): the build and run images builders use.
 * A new run image makes kpack rebase every Image built on it.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/stack.md
 * @example
 * new ClusterStack(chart, 'base', { id: 'io.buildpacks.stacks.jammy', buildImage: 'paketobuildpacks/build-jammy-base', runImage: 'paketobuildpacks/run-jammy-base' });
 */
export class ClusterStack extends Construct implements IClusterStack, IResource {
  /** A ClusterStack outside the app, by name. */
  public static fromName(name: string): IClusterStack {
    return { name };
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** Always `ClusterStack`. */
  public readonly kind = 'ClusterStack';
  /** `kpack.io/v1alpha2`. */
  public readonly apiVersion: string;
  /** The L1 object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the ClusterStack\'s props: id, buildImage, runImage');
    // Empty or malformed strings get the specific checks below; here only what is not a string at all.
    if (typeof props.id !== 'string') requireString(this, 'spec.id', props.id, 'Give the stack id, e.g. \'io.buildpacks.stacks.jammy\'');
    if (typeof props.buildImage !== 'string') requireString(this, 'spec.buildImage.image', props.buildImage, 'Give the build image, e.g. \'docker.io/paketobuildpacks/build-jammy-base:0.1.150\'');
    if (typeof props.runImage !== 'string') requireString(this, 'spec.runImage.image', props.runImage, 'Give the run image, e.g. \'docker.io/paketobuildpacks/run-jammy-base:0.1.150\'');
    const api = props.api ?? KpackApi.V1ALPHA2;
    if (api.legacy) {
      fail(this, 'api', api.apiVersion, 'has no ClusterStack (kpack v0.0.9 had an experimental.kpack.pivotal.io Stack, and its Builders wrap a builder image)',
        'Use KpackApi.V1ALPHA2, or give a legacy Builder its builder image');
    }
    this.apiVersion = api.apiVersion;
    this.name = validateName(this, 'metadata.name', props.metadata?.name ?? id, { format: NameFormat.SUBDOMAIN });
    requireNoNamespace(this, this.kind, props.metadata);
    if (!/^\S+$/.test(props.id)) fail(this, 'spec.id', props.id, 'is empty or contains whitespace', 'Give the stack id, e.g. io.buildpacks.stacks.jammy');
    for (const [field, image] of [['spec.buildImage.image', props.buildImage], ['spec.runImage.image', props.runImage]]) {
      const wrong = checkImageReference(image);
      if (wrong) fail(this, field, image, wrong, 'Give an image such as paketobuildpacks/run-jammy-base:latest or one pinned by digest');
    }
    const saRef = props.serviceAccount ? serviceAccountRef(props.serviceAccount) : undefined;
    if (saRef) {
      const problems = checkServiceAccountRef('spec.serviceAccountRef', saRef);
      if (problems.length) throw new Error(`${this.node.path}: ${problems[0]}`);
    }
    this.resource = clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: {
        id: props.id,
        buildImage: { image: props.buildImage },
        runImage: { image: props.runImage },
        ...(saRef ? { serviceAccountRef: saRef } : {}),
      },
    }));
  }
}
