import { Construct, IConstruct } from 'constructs';
import { AppProject, projectWaveAnnotations } from '../argocd/app-project';
import { Application } from '../argocd/application';
import { SyncOption } from '../argocd/sync';
import { IN_CLUSTER_SERVER } from '../argocd/destination';
import { apiGroup } from '../core/kinds';
import { fail, problem } from '../core/errors';
import { requireKind } from '../core/guards';
import { TreeIndex } from '../core/tree-index';
import { Warnings } from '../core/warnings';
import type { OpsRepo } from '../delivery/ops-repo';
import { FolderChart } from '../output/folder-chart';
import { GeneratedFile } from '../output/generated-file';
import { atLeast, compatibilityProblems, RunningVersion } from './compatibility';
import { KUSTOMIZATION_FILE, renderKustomization } from './kustomization';
import { COMPONENT_WAVES, ComponentName, ComponentRelease, ReleaseSync, RELEASES } from './releases';

/** How the platform provides one component: installed from a pinned release, already in the cluster, or not at all. */
export class PlatformComponent {
  /** Install `release` (default: the release this library is checked against, see {@link RELEASES}). */
  public static install(release?: ComponentRelease): PlatformComponent {
    return new PlatformComponent('install', release);
  }

  /**
   * The cluster already runs the component, at `version` (e.g. `v1.15.0`, or `main-4f0f57d` for a build of
   * an untagged commit): nothing is installed, and the version is checked against the compatibility table.
   */
  public static preinstalled(version: string, parts?: { readonly [part: string]: string }): PlatformComponent {
    return new PlatformComponent('preinstalled', undefined, { version, ...(parts ? { parts } : {}) });
  }

  /** Not installed and not present: committing any of its kinds is an error. */
  public static absent(): PlatformComponent {
    return new PlatformComponent('absent');
  }

  private constructor(
    /** How it is provided. */
    public readonly mode: 'install' | 'preinstalled' | 'absent',
    /** The release to install. */
    public readonly release?: ComponentRelease,
    /** The version declared present. */
    public readonly running?: RunningVersion,
  ) {}
}

/** Props for {@link Platform}. Every component is installed unless said otherwise. */
export interface PlatformProps {
  /** Tekton Pipelines. @default PlatformComponent.install() */
  readonly tektonPipelines?: PlatformComponent;
  /** Tekton Pruner, which bounds the PipelineRun history ({@link PlatformProps.runHistory}). @default PlatformComponent.install() */
  readonly tektonPruner?: PlatformComponent;
  /** How many finished runs the pruner keeps, cluster-wide. @default - 10 successful and 10 failed */
  readonly runHistory?: RunHistory;
  /** Tekton Triggers with its core interceptors. @default PlatformComponent.install() */
  readonly tektonTriggers?: PlatformComponent;
  /** kpack. @default PlatformComponent.install() */
  readonly kpack?: PlatformComponent;
  /** Flux (source-controller, image-reflector-controller). @default PlatformComponent.install() */
  readonly flux?: PlatformComponent;
  /** pipeline-trigger-operator and the CRDs its version watches. @default PlatformComponent.install() */
  readonly pipelineTriggerOperator?: PlatformComponent;
  /** The ImageDeploy CRD of kpush. @default PlatformComponent.install() */
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
  /** How it is provided. */
  readonly mode: 'install' | 'preinstalled' | 'absent';
  /** The version the cluster runs (installed or declared); undefined when absent. */
  readonly running?: RunningVersion;
  /** The release installed, when installed. */
  readonly release?: ComponentRelease;
  /** The folder of its `kustomization.yaml`, when installed. */
  readonly chart?: FolderChart;
  /** The sync wave of its Application, when installed. */
  readonly syncWave?: number;
}

const PROP_OF: { readonly [c in ComponentName]: keyof PlatformProps } = {
  [ComponentName.TEKTON_PIPELINES]: 'tektonPipelines',
  [ComponentName.TEKTON_TRIGGERS]: 'tektonTriggers',
  [ComponentName.TEKTON_PRUNER]: 'tektonPruner',
  [ComponentName.KPACK]: 'kpack',
  [ComponentName.FLUX]: 'flux',
  [ComponentName.PIPELINE_TRIGGER_OPERATOR]: 'pipelineTriggerOperator',
  [ComponentName.KPUSH]: 'kpush',
};

/** The pruner's release with its global configuration set to the history limits. */
function prunerRelease(scope: Construct, history: RunHistory = {}): ComponentRelease {
  const limits = { successful: history.successful ?? 10, failed: history.failed ?? 10 };
  for (const [field, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) fail(scope, `runHistory.${field}`, value, 'is not a whole number of at least 1', 'Keep e.g. 10 runs');
  }
  const release = RELEASES[ComponentName.TEKTON_PRUNER];
  return {
    ...release,
    patches: [{
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'tekton-pruner-default-spec', namespace: release.namespace },
      data: { 'global-config': `enforcedConfigLevel: global\nsuccessfulHistoryLimit: ${limits.successful}\nfailedHistoryLimit: ${limits.failed}\n` },
    }],
  };
}

/** Sets how Argo CD syncs a release on its Application. */
function applyReleaseSync(application: Application, sync: ReleaseSync | undefined): void {
  if (sync?.serverSideApply) application.addSyncOption(SyncOption.serverSideApply());
  for (const diff of sync?.ignoreDifferences ?? []) application.addIgnoreDifference({ ...diff });
  if (sync?.ignoreDifferences?.length) application.addSyncOption(SyncOption.respectIgnoreDifferences());
}

/** API groups a cluster with Argo CD serves without any component: Kubernetes' own and Argo CD's. */
const BUILT_IN_GROUP = /^$|^(apps|batch|policy|autoscaling|argoproj\.io)$|\.k8s\.io$/;

const PLATFORM = Symbol.for('push-delivery.Platform');

/**
 * What the apps of an ops repository need in the cluster, in git: each component is an Argo CD Application
 * over a generated `kustomization.yaml` whose `resources` are the URLs of one pinned upstream release
 * (nothing upstream is copied into the repository). Argo CD renders a folder that has a
 * `kustomization.yaml` with kustomize (argo-cd `docs/user-guide/kustomize.md`).
 *
 * Order: components sync in early waves (`COMPONENT_WAVES` in `lib/platform/releases.ts`), what configures
 * them (builders, controllers) after, the apps last. Since Argo CD 1.8 an Application has no health of its own
 * (argo-cd `docs/operator-manual/health.md`, "Argocd App"), so a wave orders creation but does not wait
 * for the controllers: every Application of the repository also retries with backoff and skips the dry
 * run of kinds not served yet (see {@link OpsRepo}), so it converges once the CRDs are served.
 *
 * Users who already run a component say so with {@link PlatformComponent.preinstalled} and its version;
 * the compatibility table (`lib/platform/compatibility.ts`) checks the versions against what is committed.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 * @example
 * new Platform(ops, 'platform', { flux: PlatformComponent.preinstalled('v2.8.8') });
 */
export class Platform extends Construct {
  /** The Platform of `scope`'s ops repository, if it has one. */
  public static of(scope: IConstruct): Platform | undefined {
    return TreeIndex.of(scope).all('Platform', (c): c is Platform => PLATFORM in c)[0];
  }

  /** The AppProject of the platform's Applications. */
  public readonly project: AppProject;
  /** Every component, in a fixed order. */
  public readonly components: readonly ProvidedComponent[];

  constructor(ops: OpsRepo, id: string, props: PlatformProps = {}) {
    super(ops, id);
    requireKind(this, 'scope', ops, (x: any) => typeof x.claim === 'function' && x.node.root === x, 'an OpsRepo',
      'Create the Platform directly in the OpsRepo: new Platform(ops, \'platform\')');
    Object.defineProperty(this, PLATFORM, { value: true });
    const name = props.projectName ?? 'platform';
    ops.claim('Platform', 'platform', this);
    ops.claim('AppProject', name, this);
    // The releases install CRDs, cluster roles, webhooks and namespaces of their own choosing, which this
    // repository does not list: the project admits every kind, but only from the ops repository, in-cluster.
    this.project = new AppProject(ops.argocd, name, {
      description: 'Upstream releases of the platform components, pinned in the ops repository',
      sourceRepos: [ops.repo.url],
      destinations: [{ server: IN_CLUSTER_SERVER, namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      metadata: { name, annotations: projectWaveAnnotations() },
    });
    this.components = Object.values(ComponentName).map(component => {
      const choice = (props[PROP_OF[component]] as PlatformComponent | undefined) ?? PlatformComponent.install();
      if (choice.mode !== 'install') return { component, mode: choice.mode, running: choice.running };
      const release = choice.release ?? (component === ComponentName.TEKTON_PRUNER ? prunerRelease(this, props.runHistory) : RELEASES[component]);
      const chart = new FolderChart(this, component, { folder: `platform/upstream/${component}`, namespace: release.namespace });
      new GeneratedFile(chart, 'kustomization', { path: `${chart.folder}/${KUSTOMIZATION_FILE}`, render: () => renderKustomization(release) });
      const syncWave = COMPONENT_WAVES[component];
      const application = ops.syncFolder(chart, { name: `upstream-${component}`, syncWave, project: this.project });
      applyReleaseSync(application, release.sync);
      return { component, mode: choice.mode, release, running: { version: release.version, ...(release.parts ? { parts: release.parts } : {}) }, chart, syncWave };
    });
    this.node.addValidation({ validate: () => this.problems() });
  }

  /** The component that serves `group`, if any. */
  public componentOf(group: string): ProvidedComponent | undefined {
    return this.components.find(c => (c.release ?? RELEASES[c.component]).apiGroups.includes(group));
  }

  /** Whether the cluster serves `group` without this platform (Kubernetes, Argo CD). */
  public static isBuiltIn(group: string): boolean {
    return BUILT_IN_GROUP.test(group);
  }

  private problems(): string[] {
    const index = TreeIndex.of(this);
    const out: string[] = [];
    const imagePolicyTriggers: string[] = [];
    const legacyKpackObjects: string[] = [];
    const absentUses = new Map<ComponentName, string[]>();
    for (const obj of index.apiObjects) {
      const group = apiGroup(obj.apiVersion);
      if (group === 'build.pivotal.io' || group === 'experimental.kpack.pivotal.io') legacyKpackObjects.push(obj.node.scope!.node.path);
      if (obj.kind === 'PipelineTrigger' && index.json(obj).spec?.source?.kind === 'ImagePolicy') imagePolicyTriggers.push(obj.node.scope!.node.path);
      const provider = this.componentOf(group);
      if (provider?.mode === 'absent') absentUses.set(provider.component, [...absentUses.get(provider.component) ?? [], `${obj.kind} ${obj.node.scope!.node.path}`]);
    }
    for (const [component, uses] of absentUses) {
      out.push(problem(PROP_OF[component], 'PlatformComponent.absent()', `is absent, yet ${uses.slice(0, 3).join(', ')}${uses.length > 3 ? ` and ${uses.length - 3} more` : ''} need${uses.length === 1 ? 's' : ''} it`,
        'Install it (PlatformComponent.install()), declare the version the cluster runs (PlatformComponent.preinstalled(\'vX.Y.Z\')), or remove what uses it'));
    }
    const running = Object.fromEntries(this.components.filter(c => c.running).map(c => [c.component, c.running!]));
    const tekton = running[ComponentName.TEKTON_PIPELINES]?.version;
    if (tekton && atLeast(tekton, 'v1.11.0') === false) {
      // tektoncd/pipeline docs/affinityassistants.md, "PVC Auto-Cleanup": from v1.11.0 on.
      Warnings.add(this, `tektonPipelines '${tekton}' ignores tekton.dev/auto-cleanup-pvc (Tekton v1.11.0 and later honour it), so the PVCs of finished runs stay. Upgrade Tekton Pipelines, or delete them with the runs`);
    }
    out.push(...compatibilityProblems(running, { imagePolicyTriggers: [...new Set(imagePolicyTriggers)], legacyKpackObjects: [...new Set(legacyKpackObjects)] }));
    return out;
  }
}
