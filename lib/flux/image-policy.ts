import { ApiObject, ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../imports/flux-imagepolicy-image.toolkit.fluxcd.io';
import { fail, problem } from '../core/errors';
import { ResourceProps } from '../core/resource';
import { freeId, requireKind, requireObject } from '../core/guards';
import { checkedPollInterval, fluxDuration } from './duration';
import { IImageRepository } from './image-repository';
import { objectMetadata } from '../core/metadata';
import { IFluxObject } from './source';
import { checkTagFilter, TagFilter } from './tag-filter';
import { TagPolicy } from './tag-policy';

/** When an ImagePolicy records the digest of the latest image in `status.latestRef.digest`. */
export enum DigestReflectionPolicy {
  /** Look the digest up every `interval` (which must then be set). */
  ALWAYS = 'Always',
  /** Look it up once, when the latest tag changes. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never: the digest stays empty. */
  NEVER = 'Never',
}

/** A Flux `ImagePolicy`: the PipelineTrigger operator reads the latest image from it. */
export interface IImagePolicy extends IFluxObject {}

/** Props for {@link ImagePolicy}. */
export interface ImagePolicyProps extends ResourceProps {
  /**
   * Metadata; `name` defaults to the construct id, `namespace` to the chart's.
   * @default - name: the construct id
   */
  readonly metadata?: ApiObjectMetadata;

  /** The ImageRepository whose tags are considered: a construct, or {@link ImageRepository.fromName}. */
  readonly imageRepository: IImageRepository;

  /** How the latest tag is picked. */
  readonly policy: TagPolicy;

  /**
   * Which tags are considered, and which part of them is compared.
   * @default - every tag, compared whole
   * @see https://fluxcd.io/flux/components/image/imagepolicies/#filter-tags
   */
  readonly filterTags?: TagFilter;

  /**
   * When to record the latest image's digest.
   * @default - Flux's default, DigestReflectionPolicy.NEVER
   * @see https://fluxcd.io/flux/components/image/imagepolicies/#digest-reflection
   */
  readonly digestReflectionPolicy?: DigestReflectionPolicy;

  /**
   * How often to refresh the digest. Flux accepts it only with `DigestReflectionPolicy.ALWAYS`, and requires it there.
   * @default - none
   */
  readonly interval?: Duration;

  /**
   * Whether to stop reconciling.
   * @default false
   */
  readonly suspend?: boolean;
}

/**
 * A Flux `ImagePolicy` (`image.toolkit.fluxcd.io/v1`): picks the latest tag of an {@link ImageRepository}.
 *
 * The CRD's CEL rules are checked at construction: `interval` is accepted only with
 * `digestReflectionPolicy: Always`, and `Always` needs an `interval`.
 *
 * @see https://fluxcd.io/flux/components/image/imagepolicies/
 * @example
 * new ImagePolicy(chart, 'latest-nginx', {
 *   imageRepository: repo,
 *   policy: TagPolicy.semver('0.0.x'),
 * });
 */
export class ImagePolicy extends Construct implements IImagePolicy {
  /** `image.toolkit.fluxcd.io/v1`. */
  public readonly apiVersion = l1.ImagePolicy.GVK.apiVersion;
  /** `ImagePolicy`. */
  public readonly kind = l1.ImagePolicy.GVK.kind;
  /** `metadata.name`. */
  public readonly name: string;
  /** The repository whose tags it picks from. */
  public readonly imageRepository: IImageRepository;
  /** The generated L1 object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ImagePolicyProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the ImagePolicy\'s props: imageRepository, policy');
    requireKind(this, 'spec.imageRepositoryRef', props.imageRepository, (x: any) => typeof x.name === 'string', 'an ImageRepository',
      'Pass the ImageRepository construct, or ImageRepository.fromName(\'...\')');
    requireKind(this, 'spec.policy', props.policy, (x: unknown) => x instanceof TagPolicy, 'a TagPolicy', 'Use TagPolicy.semver(\'1.25.x\'), TagPolicy.alphabetical() or TagPolicy.numerical()');
    const metadata = objectMetadata(this, id, props.metadata);
    this.name = metadata.name!;
    this.imageRepository = props.imageRepository;

    const wrongPolicy = props.policy.check();
    if (wrongPolicy) fail(this, ...wrongPolicy);
    if (props.filterTags) {
      const wrong = checkTagFilter(props.filterTags);
      if (wrong) fail(this, wrong.field, wrong.value, wrong.whatIsWrong, wrong.howToFix);
    }
    const always = props.digestReflectionPolicy === DigestReflectionPolicy.ALWAYS;
    if (props.interval && !always) {
      fail(this, 'spec.interval', fluxDuration(props.interval),
        `is only accepted when digestReflectionPolicy is 'Always' (it is '${props.digestReflectionPolicy ?? 'Never'}')`,
        'Set digestReflectionPolicy: DigestReflectionPolicy.ALWAYS, or remove interval');
    }
    if (always && !props.interval) {
      fail(this, 'spec.interval', 'undefined', 'must be set when digestReflectionPolicy is \'Always\'',
        'Give interval, e.g. Duration.minutes(10)');
    }

    const ownNamespace = metadata.namespace ?? Chart.of(this).namespace;
    const repoNamespace = props.imageRepository.namespace;
    this.resource = new l1.ImagePolicy(this, 'Resource', {
      metadata,
      spec: {
        imageRepositoryRef: {
          name: props.imageRepository.name,
          // Without a namespace the reference is local: write it only when it points elsewhere.
          ...(repoNamespace !== undefined && repoNamespace !== ownNamespace ? { namespace: repoNamespace } : {}),
        },
        policy: props.policy.toSpec() as l1.ImagePolicySpecPolicy,
        ...(props.filterTags ? { filterTags: { ...props.filterTags } } : {}),
        ...(props.digestReflectionPolicy ? { digestReflectionPolicy: props.digestReflectionPolicy as string as l1.ImagePolicySpecDigestReflectionPolicy } : {}),
        ...(props.interval ? { interval: checkedPollInterval(this, 'spec.interval', props.interval) } : {}),
        ...(props.suspend !== undefined ? { suspend: props.suspend } : {}),
      },
    });
    this.node.addValidation({ validate: () => this.validateRepositoryNamespace() });
  }

  /** `metadata.namespace`: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.resource.metadata.namespace;
  }

  private validateRepositoryNamespace(): string[] {
    const repo = this.imageRepository;
    if (repo.namespace === undefined || repo.namespace === this.namespace || repo.acceptsCrossNamespace) return [];
    return [problem('spec.imageRepositoryRef', `${repo.namespace}/${repo.name}`,
      `is in another namespace than the ImagePolicy ('${this.namespace ?? '(none)'}') and its accessFrom does not admit other namespaces, so image-reflector-controller refuses the reference`,
      'Put both in one namespace, or give the ImageRepository accessFrom selecting this namespace')];
  }
}
