// The props of Platform and what it reports of each component: types only, which the platform's files share.
import type { FolderChart } from '../output/folder-chart';
import type { RunningVersion } from './compatibility';
import type { PlatformComponent } from './platform-component';
import type { ComponentName, ComponentRelease } from './releases';

/**
 * Props for {@link Platform}. Every component is installed when something in the ops repository needs it
 * ({@link PlatformComponent.whenNeeded}) unless said otherwise.
 */
export interface PlatformProps {
  /** Tekton Pipelines. @default PlatformComponent.whenNeeded() */
  readonly tektonPipelines?: PlatformComponent;
  /** Tekton Pruner, which bounds the PipelineRun history ({@link PlatformProps.runHistory}). @default PlatformComponent.whenNeeded() */
  readonly tektonPruner?: PlatformComponent;
  /** How many finished runs the pruner keeps, cluster-wide. @default - 10 successful and 10 failed */
  readonly runHistory?: RunHistory;
  /** Tekton Triggers with its core interceptors. @default PlatformComponent.whenNeeded() */
  readonly tektonTriggers?: PlatformComponent;
  /** kpack. @default PlatformComponent.whenNeeded() */
  readonly kpack?: PlatformComponent;
  /**
   * Flux: the whole distribution of its release (`install.yaml`: source-, kustomize-, notification-, helm-,
   * image-reflector-, image-automation-controller and source-watcher), of which the flows use source-controller
   * and image-reflector-controller. @default PlatformComponent.whenNeeded()
   */
  readonly flux?: PlatformComponent;
  /** pipeline-trigger-operator and the CRDs its version watches. @default PlatformComponent.whenNeeded() */
  readonly pipelineTriggerOperator?: PlatformComponent;
  /** The ImageDeploy CRD of kpush. @default PlatformComponent.whenNeeded() */
  readonly kpush?: PlatformComponent;
  /** Name of the AppProject of the platform's Applications. @default 'platform' */
  readonly projectName?: string;
}

/**
 * The PipelineRun history the Tekton Pruner keeps (its `tekton-pruner-default-spec` ConfigMap,
 * tektoncd/pruner `docs/tutorials/history-based-pruning.md` @v0.4.1).
 */
export interface RunHistory {
  /** Successful runs kept, newest first. @default 10 */
  readonly successful?: number;
  /** Failed runs kept, newest first. @default 10 */
  readonly failed?: number;
}

/** One component as the platform provides it. */
export interface ProvidedComponent {
  /** Which component. */
  readonly component: ComponentName;
  /**
   * How it is provided: installed, already in the cluster, absent by choice, or `unused`: installed only when
   * needed, and nothing in the repository needs it.
   */
  readonly mode: 'install' | 'preinstalled' | 'absent' | 'unused';
  /** What in the repository needs it (e.g. `GitRepository shop/flux/shop`), in tree order. */
  readonly neededBy: readonly string[];
  /** The version the cluster runs (installed or declared); undefined when absent. */
  readonly running?: RunningVersion;
  /** The release installed, when installed. */
  readonly release?: ComponentRelease;
  /** The folder of its `kustomization.yaml`, when installed. */
  readonly chart?: FolderChart;
  /** The sync wave of its Application, when installed. */
  readonly syncWave?: number;
}
