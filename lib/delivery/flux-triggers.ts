import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
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
  /** Run on new tags of an image. @default - none */
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
    new PipelineTrigger(chart, `${o.app}-on-base-image`, { source: policy, params: { 'repo-url': o.url, 'revision': o.branch }, ...run });
  }
}
