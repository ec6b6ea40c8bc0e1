import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { UNRECORDED } from '../catalog/scripts/pin-revision';
import { fail } from '../core/errors';
import { GitRef, GitRepository, ImagePolicy, ImageRepository, TagPolicy } from '../flux';
import { PipelineTrigger, TriggerEvent } from '../operators';
import { FolderChart } from '../output/folder-chart';
import { Pipeline, RunWorkspace } from '../tekton';

/**
 * Tekton deletes the PVCs of a finished run's `volumeClaimTemplate` workspaces (Tekton Pipelines v1.11.0
 * and later; tektoncd/pipeline `docs/affinityassistants.md`, "PVC Auto-Cleanup"): without it they pile up
 * in the default `coschedule: workspaces` mode.
 */
export const AUTO_CLEANUP_PVC = 'tekton.dev/auto-cleanup-pvc';

/** What {@link addFluxTriggers} needs. */
export interface FluxTriggerOptions {
  /** The app's name: names the objects. */
  readonly app: string;
  /** The app repository's clone URL. */
  readonly url: string;
  /** The tracked branch. */
  readonly branch: string;
  /** The delivery Pipeline. */
  readonly pipeline: Pipeline;
  /** The workspace bindings of each run. */
  readonly workspaces: { [name: string]: RunWorkspace };
  /** The service account the runs use. */
  readonly serviceAccount: kplus.IServiceAccount;
  /** Poll the branch at this interval. @default - no polling */
  readonly polling?: { readonly interval?: Duration };
  /** Run on new tags of an image, passing the tag as the Pipeline's `base-image-tag`. @default - none */
  readonly baseImage?: { readonly image: string; readonly policy: TagPolicy; readonly interval?: Duration };
  /** The basic-auth Secret Flux reads a private repository with. @default - a public repository */
  readonly gitSecret?: string;
}

/**
 * The Flux sources and PipelineTriggers of an app, in `chart` (its own folder and Application, so a cluster
 * without Flux or the operator still runs the webhook CI). Each run cleans up its PVCs.
 */
export function addFluxTriggers(chart: FolderChart, o: FluxTriggerOptions): void {
  const run = { pipeline: o.pipeline, workspaces: o.workspaces, serviceAccount: o.serviceAccount, runAnnotations: { [AUTO_CLEANUP_PVC]: 'true' } };
  if (o.polling) {
    const source = new GitRepository(chart, o.app, {
      url: o.url,
      ref: GitRef.branch(o.branch),
      interval: o.polling.interval ?? Duration.minutes(1),
      // Flux reads `username`/`password` of a basic-auth Secret (source-controller docs, "Basic access authentication").
      ...(o.gitSecret ? { secret: kplus.Secret.fromSecretName(chart, 'git-credentials', o.gitSecret) } : {}),
    });
    new PipelineTrigger(chart, `${o.app}-on-commit`, { source, params: { 'repo-url': o.url, 'revision': TriggerEvent.commitId() }, ...run });
  }
  if (o.baseImage) {
    const images = new ImageRepository(chart, `${o.app}-base-image`, { image: o.baseImage.image, interval: o.baseImage.interval ?? Duration.hours(1) });
    const policy = new ImagePolicy(chart, `${o.app}-base-image-policy`, { imageRepository: images, policy: o.baseImage.policy });
    // The operator passes each param whose value starts with '$' as a JSONPath of the event, whole
    // (api/v1alpha1/pipelinetrigger_types.go createParam @4f0f57d): the tag alone, the image is known here.
    new PipelineTrigger(chart, `${o.app}-on-base-image`, {
      source: policy, params: { 'repo-url': o.url, 'revision': o.branch, 'base-image-tag': TriggerEvent.imageVersion() }, ...run,
    });
  }
}

/** The default build variable that records the base image (see {@link BaseImageRecord}). */
export const BASE_IMAGE_ENV = 'BASE_IMAGE';

/** How the base image an app's checks passed with is recorded in its kpack Image. */
export interface BaseImageRecord {
  /** The base image repository, without tag. */
  readonly image: string;
  /** The build variable of the Image that holds `<image>:<tag>`. */
  readonly buildEnv: string;
  /** What it holds now: the recorded reference, or `UNRECORDED`. */
  readonly value: string;
}

/** The rules the pin step applies to what it records (lib/catalog/scripts/pin-revision.ts), checked at synth. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The base-image record of an app: the build variable, and the reference `pins/<app>.base-image` holds
 * (`recorded`), checked to be a tag of the watched image, or `UNRECORDED` before the first base-image run.
 */
export function baseImageRecord(scope: IConstruct, image: string, buildEnv: string | undefined, recorded: string | undefined, buildEnvInUse: readonly string[]): BaseImageRecord {
  const env = buildEnv ?? BASE_IMAGE_ENV;
  if (!ENV_NAME.test(env)) fail(scope, 'triggers.baseImageUpdates.buildEnv', env, 'is not an environment variable name', 'Use letters, digits and \'_\', e.g. BASE_IMAGE');
  if (buildEnvInUse.includes(env)) fail(scope, 'triggers.baseImageUpdates.buildEnv', env, 'is already set in image.build.env, where the pin step could not record the base image', 'Give another variable, or remove it from image.build.env');
  if (!REPOSITORY.test(image)) fail(scope, 'triggers.baseImageUpdates.image', image, 'is not an image repository with its registry and without tag or digest', 'Give one such as docker.io/library/golang');
  if (recorded !== undefined) {
    const tag = recorded.startsWith(`${image}:`) ? recorded.slice(image.length + 1) : undefined;
    if (tag === undefined || !TAG.test(tag)) {
      fail(scope, 'pins/<app>.base-image', recorded, `is not a tag of the watched image ${image}`, `Write ${image}:<tag> into it, or delete it until a base-image run records one`);
    }
  }
  return { image, buildEnv: env, value: recorded ?? UNRECORDED };
}
