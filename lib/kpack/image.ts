import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { problem } from '../core/errors';
import { freeId, requireKind, requireObject } from '../core/guards';
import { NameFormat, checkName } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps } from '../core/resource';
import { Warnings } from '../core/warnings';
import { KpackApi, fieldsNotIn } from './api';
import { BuilderKind, IBuilder } from './builder-ref';
import { ImageBuildOptions, checkImageBuild, renderImageBuild } from './image-build';
import { ImageCache } from './image-cache';
import { checkPushTag, registryOf } from './image-reference';
import { ImageSource } from './image-source';

/** Whether kpack adds a build-number tag to every image it pushes. */
export enum ImageTaggingStrategy {
  /** Only `tag` (and `additionalTags`). */
  NONE = 'None',
  /** Also `<tag>:b<N>.<date>.<time>` (kpack's default). */
  BUILD_NUMBER = 'BuildNumber',
}

/** Props for {@link Image}. */
export interface ImageProps extends ResourceProps {
  /**
   * The Image's metadata. Its name is also a label value on every Build, so at most 63 characters.
   * @default - name: the construct id; namespace: the chart's
   */
  readonly metadata?: ApiObjectMetadata;
  /** The kpack API. @default - the builder's API when it is a construct of this app, else KpackApi.V1ALPHA2 */
  readonly api?: KpackApi;
  /**
   * The image kpack pushes, a full reference such as `registry.example.com/team/app` (a tag may follow).
   * **Immutable**: kpack rejects any change once the Image exists; to push elsewhere, create a new Image.
   * @see https://github.com/buildpacks-community/kpack/blob/main/docs/image.md#tags-config
   */
  readonly tag: string;
  /** More tags pushed with every build; all in the registry of `tag` (kpack.io/v1alpha2 only). @default - none */
  readonly additionalTags?: string[];
  /**
   * The builder: a Builder or ClusterBuilder of this app, or `Builder.fromName` / `ClusterBuilder.fromName`.
   * @see https://github.com/buildpacks-community/kpack/blob/main/docs/image.md#builder-config
   */
  readonly builder: IBuilder;
  /**
   * The service account whose Secrets push `tag` and clone the source, in the Image's namespace, e.g. a
   * {@link RegistryServiceAccount}.
   * @default - kpack's default, the namespace's `default` service account
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * The source: {@link ImageSource.gitCommit} (pinned, no polling), gitBranch, blob or registry.
   * @see https://github.com/buildpacks-community/kpack/blob/main/docs/image.md#source-config
   */
  readonly source: ImageSource;
  /** The build cache. @default - kpack's default: a 2G volume if the cluster has a default StorageClass */
  readonly cache?: ImageCache;
  /**
   * Settings of every build.
   * @default - none
   * @see https://github.com/buildpacks-community/kpack/blob/main/docs/image.md#build-config
   */
  readonly build?: ImageBuildOptions;
  /** Failed Builds kept, at least 1. @default - kpack's default, 10 */
  readonly failedBuildHistoryLimit?: number;
  /** Successful Builds kept, at least 1. @default - kpack's default, 10 */
  readonly successBuildHistoryLimit?: number;
  /** Build-number tags. @default - kpack's default, ImageTaggingStrategy.BUILD_NUMBER */
  readonly imageTaggingStrategy?: ImageTaggingStrategy;
  /** Path of `project.toml` in the source (kpack.io/v1alpha2 only). @default - `project.toml` at the source root */
  readonly projectDescriptorPath?: string;
  /** The process type the image starts (kpack.io/v1alpha2 only). @default - the buildpacks' `web` process */
  readonly defaultProcess?: string;
}

/**
 * A kpack Image: kpack builds the source with the builder and pushes `tag`, again whenever the source,
 * the buildpacks or the stack change.
 *
 * Pin the source with {@link ImageSource.gitCommit} for the push model: the ops repo records which commit
 * runs, CI moves it by committing a new SHA, and kpack builds only that. {@link Image.revision} and
 * {@link Image.pinned} expose it to the rest of the flow.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/image.md
 * @example
 * new Image(chart, 'go-sample-app', {
 *   tag: 'docker.io/example/go-sample-app',
 *   builder, serviceAccount: bot,
 *   source: ImageSource.gitCommit('https://github.com/example/go-sample-app', sha),
 * });
 */
export class Image extends Construct implements IResource {
  /** JSON pointer of the git revision in the manifest, e.g. for an Argo CD `ignoreDifferences` entry. */
  public static readonly REVISION_POINTER = '/spec/source/git/revision';

  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`, if any. */
  public readonly namespace?: string;
  /** Always `Image`. */
  public readonly kind = 'Image';
  /** The `apiVersion` of its kpack API. */
  public readonly apiVersion: string;
  /** The kpack API the Image is written in. */
  public readonly api: KpackApi;
  /** The pushed image reference, as given. */
  public readonly tag: string;
  /** The builder. */
  public readonly builder: IBuilder;
  /** The source. */
  public readonly source: ImageSource;
  /** The L1 object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ImageProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the Image\'s props: tag, builder, source');
    requireKind(this, 'builder', props.builder, (b: any) => Object.values(BuilderKind).includes(b.kind) && typeof b.name === 'string',
      'a kpack Builder or ClusterBuilder', 'Pass a Builder or ClusterBuilder construct, or ClusterBuilder.fromName(\'...\') for one outside the app');
    requireKind(this, 'source', props.source, (s: unknown) => s instanceof ImageSource, 'an ImageSource',
      'Use ImageSource.gitCommit(url, sha), ImageSource.gitBranch(url, branch), ImageSource.blob(url) or ImageSource.registry(image)');
    this.api = props.api ?? props.builder.api ?? KpackApi.V1ALPHA2;
    this.apiVersion = this.api.apiVersion;
    this.name = props.metadata?.name ?? id;
    this.tag = props.tag;
    this.builder = props.builder;
    this.source = props.source;
    const wrong = checkImageProps(this.name, props, this.api);
    if (wrong.length) throw new Error(wrong.map(p => `${this.node.path}: ${p}`).join('\n'));
    if (props.build) for (const warning of checkImageBuild(props.build, this.api).warnings) Warnings.add(this, warning);

    const api = this.api;
    const limits = { failedBuildHistoryLimit: props.failedBuildHistoryLimit, successBuildHistoryLimit: props.successBuildHistoryLimit };
    const build = renderImageBuild(props.build);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: {
        tag: props.tag,
        ...(props.additionalTags?.length ? { additionalTags: props.additionalTags } : {}),
        builder: { kind: props.builder.kind, name: props.builder.name },
        ...(props.serviceAccount ? { [api.legacy ? 'serviceAccount' : 'serviceAccountName']: props.serviceAccount.name } : {}),
        source: props.source.render(),
        ...(props.cache ? props.cache.render(api) : {}),
        ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
        ...(props.imageTaggingStrategy ? { imageTaggingStrategy: props.imageTaggingStrategy } : {}),
        ...(props.projectDescriptorPath ? { projectDescriptorPath: props.projectDescriptorPath } : {}),
        ...(build ? { build } : {}),
        ...(props.defaultProcess ? { defaultProcess: props.defaultProcess } : {}),
      },
    });
    this.namespace = this.resource.metadata.namespace;
    this.node.addValidation({ validate: () => this.checkReferences(props) });
  }

  /** The git revision the Image builds (a commit SHA when pinned, else a branch), or undefined for blob and registry sources. */
  public get revision(): string | undefined {
    return this.source.revision;
  }

  /** True when the source is a git commit: kpack builds exactly that commit and does not poll. */
  public get pinned(): boolean {
    return this.source.pinned;
  }

  /** The git URL of the source, or undefined for blob and registry sources. */
  public get gitUrl(): string | undefined {
    return this.source.gitUrl;
  }

  private checkReferences(props: ImageProps): string[] {
    const out: string[] = [];
    const b = props.builder;
    const badBuilderName = checkName(b.name, { format: NameFormat.SUBDOMAIN });
    if (badBuilderName) out.push(problem('spec.builder.name', b.name, badBuilderName, 'Give the name of the builder'));
    const kinds = this.api.legacy ? Object.values(BuilderKind) : [BuilderKind.BUILDER, BuilderKind.CLUSTER_BUILDER];
    if (!kinds.includes(b.kind)) {
      out.push(problem('spec.builder.kind', b.kind, `is not a builder kind of ${this.api}`, `Use one of ${kinds.join(', ')}; CustomBuilder became Builder in kpack.io`));
    }
    if (b.api && b.api !== this.api) {
      out.push(problem('spec.builder', `${b.kind}/${b.name}`, `is written in ${b.api} but the Image in ${this.api}`,
        'Give the Image and its builder the same api (KpackApi.V1ALPHA2 or KpackApi.LEGACY_V1ALPHA1)'));
    }
    if (b.namespace !== undefined && b.namespace !== this.namespace) {
      out.push(problem('spec.builder', `${b.kind}/${b.name}`, `is in namespace '${b.namespace}', but a Builder serves only Images in its own namespace '${this.namespace ?? ''}'`,
        'Create the Builder in the Image\'s namespace, or use a ClusterBuilder'));
    }
    const sa = props.serviceAccount;
    if (sa instanceof kplus.ServiceAccount && sa.metadata.namespace !== this.namespace) {
      out.push(problem(this.api.legacy ? 'spec.serviceAccount' : 'spec.serviceAccountName', sa.name, `is in namespace '${sa.metadata.namespace ?? ''}', not the Image's '${this.namespace ?? ''}'`,
        'Create the service account in the Image\'s namespace'));
    }
    return out;
  }
}

/** Every local problem of an Image's props. */
function checkImageProps(name: string, props: ImageProps, api: KpackApi): string[] {
  const out: string[] = [];
  const badName = checkName(name, { format: NameFormat.SUBDOMAIN, maxLength: 63 });
  if (badName) out.push(problem('metadata.name', name, badName, 'kpack puts the Image name in a label of every Build: use lower-case letters, digits, \'-\' and \'.\', at most 63 characters'));
  const badTag = checkPushTag(props.tag);
  if (badTag) out.push(problem('spec.tag', props.tag, badTag, 'Give the full reference kpack pushes to, e.g. registry.example.com/team/app'));
  (props.additionalTags ?? []).forEach((t, i) => {
    const bad = checkPushTag(t);
    if (bad) {
      out.push(problem(`spec.additionalTags[${i}]`, t, bad, 'Give a full reference such as registry.example.com/team/app:stable'));
    } else if (!badTag && registryOf(t) !== registryOf(props.tag)) {
      out.push(problem(`spec.additionalTags[${i}]`, t, `is in registry '${registryOf(t)}', but tag '${props.tag}' is in '${registryOf(props.tag)}'`, 'kpack pushes all tags to one registry: use the registry of tag, or another Image'));
    }
  });
  for (const [field, value] of fieldsNotIn(api, {}, {
    additionalTags: props.additionalTags?.length ? props.additionalTags : undefined,
    projectDescriptorPath: props.projectDescriptorPath,
    defaultProcess: props.defaultProcess,
  })) {
    out.push(problem(`spec.${field}`, value, `does not exist in ${api}`, 'Remove it, or use KpackApi.V1ALPHA2'));
  }
  out.push(...props.source.check(api));
  if (props.cache) out.push(...props.cache.check(api));
  if (props.build) out.push(...checkImageBuild(props.build, api).problems);
  for (const [field, value] of [['failedBuildHistoryLimit', props.failedBuildHistoryLimit], ['successBuildHistoryLimit', props.successBuildHistoryLimit]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      out.push(problem(`spec.${field}`, value, 'is not a whole number of at least 1, which kpack requires', 'Give 1 or more, or leave it out for kpack\'s default of 10'));
    }
  }
  if (props.projectDescriptorPath !== undefined && (props.projectDescriptorPath === '' || props.projectDescriptorPath.startsWith('/'))) {
    out.push(problem('spec.projectDescriptorPath', props.projectDescriptorPath, 'is not a relative path in the source', 'Give a path such as \'project.toml\''));
  }
  return out;
}

