import { Construct, IConstruct } from 'constructs';
import { AppProject, projectWaveAnnotations } from '../argocd/app-project';
import { Application } from '../argocd/application';
import { SyncOption } from '../argocd/sync';
import { IN_CLUSTER_SERVER } from '../argocd/destination';
import { IOpsRepository } from '../argocd/ops-repository';
import { apiGroup } from '../core/kinds';
import { fail, problem } from '../core/errors';
import { freeId, requireKind } from '../core/guards';
import { TreeIndex } from '../core/tree-index';
import { Warnings } from '../core/warnings';
import { FolderChart } from '../output/folder-chart';
import { GeneratedFile } from '../output/generated-file';
import { atLeast, compatibilityProblems, RunningVersion } from './compatibility';
import { KUSTOMIZATION_FILE, renderKustomization } from './kustomization';
import { controllerProblems } from './controllers';
import { findNeeds, Needs } from './needs';
import { PlatformPrerequisite, platformPrerequisites } from './prerequisites';
import { platformChoices, PROP_OF } from './options';
import { ComponentMode, PlatformComponent } from './platform-component';
import { COMPONENT_WAVES, ComponentName, ComponentRelease, ReleaseSync, RELEASES } from './releases';
import { PlatformProps, ProvidedComponent, RunHistory } from './platform-props';

export type { PlatformProps, ProvidedComponent, RunHistory } from './platform-props';


/** The kpack API groups of kpack v0.0.x (`build.pivotal.io`, `experimental.kpack.pivotal.io`), which no release the platform installs serves. */
const LEGACY_KPACK_GROUPS = ['build.pivotal.io', 'experimental.kpack.pivotal.io'];

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
 * A component is installed when something in the repository needs it ({@link PlatformComponent.whenNeeded},
 * the default; decided at the start of each synthesis, when the tree is complete), or always with
 * {@link PlatformComponent.install}. Users who already run a component say so with
 * {@link PlatformComponent.preinstalled} and its version; the compatibility table
 * (`lib/platform/compatibility.ts`) checks the versions against what is committed, and `dist/README.md` lists
 * what the platform needs beside Argo CD ({@link Platform.prerequisites}).
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

  /** Whether the cluster serves `group` without this platform (Kubernetes, Argo CD). */
  public static isBuiltIn(group: string): boolean {
    return BUILT_IN_GROUP.test(group);
  }

  /** The AppProject of the platform's Applications. */
  public readonly project: AppProject;
  private readonly ops: IOpsRepository;
  private readonly choices: { readonly [c in ComponentName]: PlatformComponent };
  private readonly releases: { readonly [c in ComponentName]: ComponentRelease };
  private readonly installed = new Map<ComponentName, { readonly chart: FolderChart; readonly syncWave: number }>();

  constructor(ops: IOpsRepository, id: string, props: PlatformProps = {}) {
    super(ops, freeId(ops, id));
    requireKind(this, 'scope', ops, (x: any) => typeof x.claim === 'function' && x.node.root === x, 'an OpsRepo',
      'Create the Platform directly in the OpsRepo: new Platform(ops, \'platform\')');
    Object.defineProperty(this, PLATFORM, { value: true });
    this.ops = ops;
    this.choices = platformChoices(this, props);
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
    const history = props.runHistory;
    this.releases = Object.fromEntries(Object.values(ComponentName).map(c => [c, this.choices[c].release
      ?? (c === ComponentName.TEKTON_PRUNER ? prunerRelease(this, history) : RELEASES[c])])) as { [c in ComponentName]: ComponentRelease };
    for (const c of Object.values(ComponentName)) if (this.choices[c].mode === ComponentMode.INSTALL) this.install(c);
    // What the repository needs is known once it is complete: each synthesis installs it first.
    TreeIndex.beforeSynthesis(ops, () => this.installNeeded());
    this.node.addValidation({ validate: () => this.problems() });
  }

  /** Every component, in a fixed order, as the repository's current content needs it. */
  public get components(): readonly ProvidedComponent[] {
    const needs = this.installNeeded();
    return Object.values(ComponentName).map(component => {
      const choice = this.choices[component];
      const neededBy = needs.get(component) ?? [];
      const installed = this.installed.get(component);
      if (installed) {
        const release = this.releases[component];
        return { component, mode: 'install', neededBy, release, running: runningOf(release), chart: installed.chart, syncWave: installed.syncWave };
      }
      const mode = choice.mode === ComponentMode.WHEN_NEEDED ? 'unused' : choice.mode as 'preinstalled' | 'absent';
      return { component, mode, neededBy, ...(choice.running ? { running: choice.running } : {}) };
    });
  }

  /**
   * What the platform needs beside Argo CD and the Secrets, each with how to check or build it: listed on
   * `dist/README.md` (see `lib/platform/prerequisites.ts`).
   */
  public get prerequisites(): readonly PlatformPrerequisite[] {
    return platformPrerequisites(this, this.ops.repo.url, this.components);
  }

  /** The component that serves `group`, if any. */
  public componentOf(group: string): ProvidedComponent | undefined {
    const component = this.serving(group);
    return component ? this.components.find(c => c.component === component) : undefined;
  }

  /** The component whose kinds are in `group`: the one whose release serves it, or kpack for its legacy groups. */
  private serving(group: string): ComponentName | undefined {
    return Object.values(ComponentName).find(c => this.releases[c].apiGroups.includes(group)) ?? (LEGACY_KPACK_GROUPS.includes(group) ? ComponentName.KPACK : undefined);
  }

  /**
   * Installs every component chosen `whenNeeded` that the repository needs and is not installed yet, and returns
   * what needs each component. Idempotent; computed once per synthesis.
   */
  private installNeeded(): Needs {
    return TreeIndex.of(this).select(`platform-needs:${this.node.path}`, () => {
      const objects = TreeIndex.of(this).apiObjects;
      const needs = findNeeds(objects, g => this.serving(g), [...this.installed.keys()]);
      for (const [component] of needs) {
        if (this.choices[component].mode === ComponentMode.WHEN_NEEDED && !this.installed.has(component)) this.install(component);
      }
      return needs;
    });
  }

  /** The folder, kustomization and Application of one component's release. */
  private install(component: ComponentName): void {
    const release = this.releases[component];
    const chart = new FolderChart(this, component, { folder: `platform/upstream/${component}`, namespace: release.namespace });
    new GeneratedFile(chart, 'kustomization', { path: `${chart.folder}/${KUSTOMIZATION_FILE}`, render: () => renderKustomization(release) });
    const syncWave = COMPONENT_WAVES[component];
    const application = this.ops.syncFolder(chart, { name: `upstream-${component}`, syncWave, project: this.project });
    applyReleaseSync(application, release.sync);
    this.installed.set(component, { chart, syncWave });
  }

  private problems(): string[] {
    const index = TreeIndex.of(this);
    const components = this.components;
    const out: string[] = [];
    // Sets: the order of first use, and a path seen again found without a scan.
    const kinds = new Map<string, Set<string>>();
    const imagePolicyTriggers: string[] = [];
    const shapes = { pipelineRun: [] as string[], pipeline: [] as string[] };
    const legacyKpackObjects = new Set<string>();
    for (const obj of index.apiObjects) {
      const path = (obj.node.scope ?? obj).node.path;
      const key = `${obj.apiVersion} ${obj.kind}`;
      const users = kinds.get(key);
      if (!users) kinds.set(key, new Set([path])); else users.add(path);
      if (LEGACY_KPACK_GROUPS.includes(apiGroup(obj.apiVersion))) legacyKpackObjects.add(path);
      if (obj.kind === 'PipelineTrigger') {
        const spec = index.json(obj).spec ?? {};
        if (spec.source?.kind === 'ImagePolicy') imagePolicyTriggers.push(path);
        if (spec.pipelineRun) shapes.pipelineRun.push(path);
        if (spec.pipeline) shapes.pipeline.push(path);
      }
    }
    for (const c of components.filter(x => x.mode === 'absent' && x.neededBy.length > 0)) {
      const uses = c.neededBy;
      out.push(problem(PROP_OF[c.component], 'PlatformComponent.absent()', `is absent, yet ${uses.slice(0, 3).join(', ')}${uses.length > 3 ? ` and ${uses.length - 3} more` : ''} need${uses.length === 1 ? 's' : ''} it`,
        'Install it (PlatformComponent.whenNeeded()), declare the version the cluster runs (PlatformComponent.preinstalled(\'vX.Y.Z\')), or remove what uses it'));
    }
    const running = Object.fromEntries(components.filter(c => c.running).map(c => [c.component, c.running!]));
    const tekton = running[ComponentName.TEKTON_PIPELINES]?.version;
    if (tekton && atLeast(tekton, 'v1.11.0') === false) {
      // tektoncd/pipeline docs/affinityassistants.md, "PVC Auto-Cleanup": from v1.11.0 on.
      Warnings.add(this, `tektonPipelines '${tekton}' ignores tekton.dev/auto-cleanup-pvc (Tekton v1.11.0 and later honour it), so the PVCs of finished runs stay. Upgrade Tekton Pipelines, or delete them with the runs`);
    }
    out.push(...controllerProblems(this, components));
    const use = { kinds: new Map([...kinds].map(([key, paths]) => [key, [...paths]])), imagePolicyTriggers, triggerShapes: shapes, legacyKpackObjects: [...legacyKpackObjects] };
    out.push(...compatibilityProblems(running, use, c => PROP_OF[c]));
    return out;
  }

}

/** The version a release runs. */
function runningOf(release: ComponentRelease): RunningVersion {
  return { version: release.version, ...(release.parts ? { parts: release.parts } : {}) };
}
