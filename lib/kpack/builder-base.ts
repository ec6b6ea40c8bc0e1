import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { freeId, requireObject } from '../core/guards';
import { NameFormat, validateName } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps } from '../core/resource';
import { KpackApi, fieldsNotIn } from './api';
import { BuilderKind, IBuilder } from './builder-ref';
import { BuildpackRef } from './buildpack-ref';
import { IClusterStack } from './cluster-stack';
import { IClusterStore } from './cluster-store';
import { checkImageReference, checkPushTag } from './image-reference';

/** When a legacy (`build.pivotal.io/v1alpha1`) builder picks up a new builder image. */
export enum BuilderUpdatePolicy {
  /** kpack polls the builder image's tag and rebuilds Images when it changes (kpack's default). */
  POLLING = 'polling',
  /** Only when the Builder is changed. */
  EXTERNAL = 'external',
}

/** Props shared by {@link Builder} and {@link ClusterBuilder}. Which ones apply depends on `api`. */
export interface BuilderBaseProps extends ResourceProps {
  /** The kpack API; every Image built with this builder must use the same one. @default KpackApi.V1ALPHA2 */
  readonly api?: KpackApi;
  /** v1alpha2: the tag kpack pushes the assembled builder image to. Required in v1alpha2. @default - none */
  readonly tag?: string;
  /** v1alpha2: the ClusterStack (build and run images). Required in v1alpha2. @default - none */
  readonly stack?: IClusterStack;
  /** v1alpha2: the ClusterStore buildpack ids are resolved from. @default - ids resolve from ClusterBuildpacks */
  readonly store?: IClusterStore;
  /**
   * v1alpha2: buildpack groups, tried in order during detection; the first group whose non-optional
   * buildpacks all pass is used. Required (here or with addGroup) in v1alpha2.
   * @default - none
   * @see https://github.com/buildpacks-community/kpack/blob/main/docs/builders.md#order
   */
  readonly order?: BuildpackRef[][];
  /** Legacy: the ready builder image the builder wraps. Required in the legacy API. @default - none */
  readonly image?: string;
  /** Legacy: when the builder image is re-read. @default - kpack's default, BuilderUpdatePolicy.POLLING */
  readonly updatePolicy?: BuilderUpdatePolicy;
}

/**
 * What Builder and ClusterBuilder share: the two flavours, the order, checks and rendering.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/builders.md
 */
export abstract class BuilderBase extends Construct implements IBuilder, IResource {
  /** `Builder` or `ClusterBuilder`, as Images name it. */
  public abstract readonly kind: BuilderKind;
  /** `metadata.name`. */
  public readonly name: string;
  /** The kpack API it is written in; Images built with it must use the same. */
  public readonly api: KpackApi;
  /** The namespace of a namespaced builder; undefined for a ClusterBuilder. */
  public abstract readonly namespace?: string;
  /** The `apiVersion` of the kpack API it is written in. */
  public readonly apiVersion: string;
  /** The L1 object. */
  public readonly resource: ApiObject;
  private readonly groups: BuildpackRef[][] = [];

  protected constructor(scope: Construct, id: string, kind: string, props: BuilderBaseProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the builder\'s props: tag, stack, store, order');
    const api = props.api ?? KpackApi.V1ALPHA2;
    this.api = api;
    this.apiVersion = api.apiVersion;
    this.name = validateName(this, 'metadata.name', props.metadata?.name ?? id, { format: NameFormat.SUBDOMAIN });
    for (const [field, value] of fieldsNotIn(api,
      { image: props.image, updatePolicy: props.updatePolicy },
      { tag: props.tag, stack: props.stack?.name, store: props.store?.name, order: props.order?.length ? props.order.map(g => g.map(ref => ref.key)) : undefined })) {
      fail(this, `spec.${field}`, value, `does not exist in ${api} ${kind}s`, api.legacy
        ? 'A legacy builder wraps a ready builder image: give `image`, or use KpackApi.V1ALPHA2'
        : 'A kpack.io builder is assembled from tag, stack, store and order; `image` and `updatePolicy` belong to KpackApi.LEGACY_V1ALPHA1');
    }
    if (api.legacy) {
      if (props.image === undefined) fail(this, 'spec.image', '', 'is missing', 'Give the builder image, e.g. gcr.io/paketo-buildpacks/builder:base-platform-api-0.3');
      const wrong = checkImageReference(props.image);
      if (wrong) fail(this, 'spec.image', props.image, wrong, 'Give a builder image such as gcr.io/paketo-buildpacks/builder:base-platform-api-0.3');
    } else {
      if (props.tag === undefined) fail(this, 'spec.tag', '', 'is missing', 'Give the tag kpack pushes the builder image to, e.g. registry.example.com/team/builder');
      const wrong = checkPushTag(props.tag);
      if (wrong) fail(this, 'spec.tag', props.tag, wrong, 'Give a tag such as registry.example.com/team/builder');
      if (!props.stack) fail(this, 'spec.stack', '', 'is missing', 'Pass a ClusterStack, or ClusterStack.fromName(\'base\')');
      for (const group of props.order ?? []) this.addGroup(...group);
    }
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: api.apiVersion,
      kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: Lazy.any({
        produce: () => api.legacy
          ? { image: props.image, ...(props.updatePolicy ? { updatePolicy: props.updatePolicy } : {}), ...this.flavourSpec() }
          : {
            tag: props.tag,
            stack: { kind: 'ClusterStack', name: props.stack!.name },
            ...(props.store ? { store: { kind: 'ClusterStore', name: props.store.name } } : {}),
            ...(this.groups.length ? { order: this.groups.map(g => ({ group: g.map(ref => ref.render()) })) } : {}),
            ...this.flavourSpec(),
          },
      }),
    });
    if (!api.legacy) this.node.addValidation({ validate: () => this.checkOrder() });
  }

  /** The buildpack groups, in order. */
  public get order(): BuildpackRef[][] {
    return this.groups.map(g => [...g]);
  }

  /** Adds a buildpack group after the existing ones (kpack.io/v1alpha2 only). */
  public addGroup(...buildpacks: BuildpackRef[]): void {
    if (this.api.legacy) {
      fail(this, 'spec.order', buildpacks.map(b => b.key), `does not exist in ${this.api} builders`, 'A legacy builder wraps a ready builder image; use KpackApi.V1ALPHA2 to choose buildpacks');
    }
    this.groups.push([...buildpacks]);
  }

  /** The kind-specific part of the spec (service account, pull secrets). */
  protected abstract flavourSpec(): { [key: string]: unknown };

  private checkOrder(): string[] {
    if (this.groups.length === 0) {
      return [problem('spec.order', '[]', 'is empty, so the builder has no buildpacks to detect with', 'Add a group, e.g. addGroup(BuildpackRef.id(\'paketo-buildpacks/go\'))')];
    }
    const out: string[] = [];
    this.groups.forEach((group, i) => {
      if (group.length === 0) out.push(problem(`spec.order[${i}].group`, '[]', 'is empty', 'Give at least one buildpack, or remove the group'));
      const seen = new Set<string>();
      group.forEach((ref, j) => {
        out.push(...ref.check(`spec.order[${i}].group[${j}]`));
        if (seen.has(ref.key)) {
          out.push(problem(`spec.order[${i}].group[${j}]`, ref.key, 'appears twice in one group, which the buildpack spec forbids', 'Keep it once; the same buildpack may be in several groups'));
        }
        seen.add(ref.key);
      });
    });
    return out;
  }
}
