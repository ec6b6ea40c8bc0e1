import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as l1 from '../../imports/flux-imagerepository-image.toolkit.fluxcd.io';
import { fail, throwProblems } from '../core/errors';
import { labelMapProblems } from '../core/metadata-rules';
import { ResourceProps } from '../core/resource';
import { freeId, requireObject, requireString } from '../core/guards';
import { checkedFluxDuration, checkedPollInterval } from './duration';
import { objectMetadata } from '../core/metadata';
import { IFluxObject } from './source';

/** Authentication provider of an {@link ImageRepository}. */
export enum ImageProvider {
  /** Credentials from `secret`, or none. */
  GENERIC = 'generic',
  /** Amazon ECR, with the controller's workload identity. */
  AWS = 'aws',
  /** Azure Container Registry, with workload identity. */
  AZURE = 'azure',
  /** Google Artifact Registry / GCR, with workload identity. */
  GCP = 'gcp',
}

/**
 * A Flux `ImageRepository` an `ImagePolicy` can point at: a construct of this app or one imported with
 * {@link ImageRepository.fromName}.
 */
export interface IImageRepository {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`; undefined for an imported repository in the policy's own namespace. */
  readonly namespace: string | undefined;
  /** Whether policies from other namespaces may use it (`spec.accessFrom` is set). Unknown (true) when imported. */
  readonly acceptsCrossNamespace: boolean;
}

/** Options of {@link ImageRepository.fromName}. */
export interface ImageRepositoryImportOptions {
  /** The repository's namespace. @default - the namespace of the policy that uses it */
  readonly namespace?: string;
}

/** Props for {@link ImageRepository}. */
export interface ImageRepositoryProps extends ResourceProps {
  /**
   * Metadata; `name` defaults to the construct id, `namespace` to the chart's.
   * @default - name: the construct id
   */
  readonly metadata?: ApiObjectMetadata;

  /** The image repository to scan, without tag or digest, e.g. `ghcr.io/org/app` or `docker.io/library/nginx`. */
  readonly image: string;

  /**
   * How often the registry is scanned for tags.
   * @default Duration.minutes(5)
   */
  readonly interval?: Duration;

  /**
   * Secret of type `kubernetes.io/dockerconfigjson` with registry credentials, referenced by name.
   * @default - anonymous access
   */
  readonly secret?: kplus.ISecret;

  /**
   * Secret with a CA certificate (`ca.crt`) and optionally a client certificate for the registry.
   * @default - the system's CAs
   */
  readonly certSecret?: kplus.ISecret;

  /**
   * Authentication provider.
   * @default ImageProvider.GENERIC
   */
  readonly provider?: ImageProvider;

  /**
   * Service account whose image pull secrets (or workload identity) are used.
   * @default - none
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * Timeout of one scan (no `h` unit in this field: hours are written as minutes).
   * @default - the interval
   */
  readonly timeout?: Duration;

  /**
   * Regular expressions (Go RE2) of tags not to list; at most 25.
   * @default - Flux's default, `['^.*\\.sig$']`
   * @see https://fluxcd.io/flux/components/image/imagerepositories/#exclusion-list
   */
  readonly exclusionList?: string[];

  /**
   * Namespaces whose ImagePolicies may use this repository, as label selectors of those namespaces
   * (`spec.accessFrom.namespaceSelectors`). An empty selector `{}` matches every namespace.
   * @default - only policies in the repository's own namespace
   * @see https://fluxcd.io/flux/components/image/imagerepositories/#access-from
   */
  readonly accessFrom?: Array<{ [label: string]: string }>;

  /**
   * Whether the registry is plain HTTP.
   * @default false
   */
  readonly insecure?: boolean;

  /**
   * Whether to stop scanning.
   * @default false
   */
  readonly suspend?: boolean;
}

// registry host[:port]/path, lower-case path components; no scheme, tag or digest.
const IMAGE = /^[a-zA-Z0-9.-]+(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)+$|^[a-z0-9]+([._-]+[a-z0-9]+)*$/;

/**
 * A Flux `ImageRepository` (`image.toolkit.fluxcd.io/v1`): image-reflector-controller lists the tags of an
 * image repository every `interval`; an {@link ImagePolicy} picks the latest of them.
 *
 * @see https://fluxcd.io/flux/components/image/imagerepositories/
 * @example
 * const repo = new ImageRepository(chart, 'nginx', { image: 'ghcr.io/jquad-group/nginx' });
 */
export class ImageRepository extends Construct implements IImageRepository, IFluxObject {
  /**
   * An ImageRepository that is not a construct of this app. Without `namespace` it is looked up in the
   * policy's namespace.
   */
  public static fromName(name: string, options: ImageRepositoryImportOptions = {}): IImageRepository {
    return { name, namespace: options.namespace, acceptsCrossNamespace: true };
  }

  /** `image.toolkit.fluxcd.io/v1`. */
  public readonly apiVersion = l1.ImageRepository.GVK.apiVersion;
  /** `ImageRepository`. */
  public readonly kind = l1.ImageRepository.GVK.kind;
  /** `metadata.name`. */
  public readonly name: string;
  /** The scanned image repository. */
  public readonly image: string;
  /** Whether `accessFrom` lets policies of other namespaces use it. */
  public readonly acceptsCrossNamespace: boolean;
  /** The generated L1 object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the ImageRepository\'s props: { image: \'docker.io/library/golang\' }');
    requireString(this, 'spec.image', props.image, 'Give the image repository to scan, without tag, e.g. \'docker.io/library/golang\'');
    const metadata = objectMetadata(this, id, props.metadata);
    this.name = metadata.name!;
    this.image = props.image;
    this.acceptsCrossNamespace = props.accessFrom !== undefined && props.accessFrom.length > 0;

    checkImage(this, props.image);
    throwProblems(this, (props.accessFrom ?? []).flatMap((selector, i) =>
      labelMapProblems(`spec.accessFrom.namespaceSelectors[${i}].matchLabels`, selector, 'namespace label')));
    const exclusions = props.exclusionList ?? [];
    if (exclusions.length > 25) {
      fail(this, 'spec.exclusionList', `${exclusions.length} entries`, 'has more than the 25 entries Flux accepts', 'Merge patterns with \'|\'');
    }
    exclusions.forEach((pattern, i) => {
      try {
        new RegExp(pattern);
      } catch (e) {
        fail(this, `spec.exclusionList[${i}]`, pattern, `is not a regular expression (${(e as Error).message})`, 'Fix the pattern');
      }
    });

    this.resource = new l1.ImageRepository(this, 'Resource', {
      metadata,
      spec: {
        image: props.image,
        interval: checkedPollInterval(this, 'spec.interval', props.interval ?? Duration.minutes(5)),
        ...(props.secret ? { secretRef: { name: props.secret.name } } : {}),
        ...(props.certSecret ? { certSecretRef: { name: props.certSecret.name } } : {}),
        ...(props.provider ? { provider: props.provider as string as l1.ImageRepositorySpecProvider } : {}),
        ...(props.serviceAccount ? { serviceAccountName: props.serviceAccount.name } : {}),
        ...(props.timeout ? { timeout: checkedFluxDuration(this, 'spec.timeout', props.timeout, { allowHours: false }) } : {}),
        ...(exclusions.length ? { exclusionList: exclusions } : {}),
        ...(this.acceptsCrossNamespace ? { accessFrom: { namespaceSelectors: props.accessFrom!.map(matchLabels => ({ matchLabels })) } } : {}),
        ...(props.insecure !== undefined ? { insecure: props.insecure } : {}),
        ...(props.suspend !== undefined ? { suspend: props.suspend } : {}),
      },
    });
  }

  /** `metadata.namespace`: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.resource.metadata.namespace;
  }
}

function checkImage(scope: Construct, image: string): void {
  const field = 'spec.image';
  if (/^[a-z]+:\/\//.test(image)) {
    fail(scope, field, image, 'has a URL scheme', `Give the repository without scheme, e.g. '${image.replace(/^[a-z]+:\/\//, '')}'`);
  }
  if (image.includes('@')) {
    fail(scope, field, image, 'has a digest', `Give the repository only, e.g. '${image.split('@')[0]}': the policy picks the tag`);
  }
  const lastSlash = image.lastIndexOf('/');
  if (image.slice(lastSlash + 1).includes(':')) {
    fail(scope, field, image, 'has a tag', `Give the repository only, e.g. '${image.slice(0, image.lastIndexOf(':'))}': the policy picks the tag`);
  }
  if (!IMAGE.test(image)) {
    fail(scope, field, image, 'is not an image repository reference', 'Use a reference such as \'ghcr.io/org/app\' (lower-case path)');
  }
}
