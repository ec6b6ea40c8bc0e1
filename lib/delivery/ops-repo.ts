import { Duration } from 'cdk8s';
import { Application, ApplicationDestination, ApplicationSource, AppProject, GitOpsRepo, SyncOption } from '../argocd';
import { projectWaveAnnotations } from '../argocd/app-project';
import { defaultProjectOf, IOpsRepository, SyncFolderOptions } from '../argocd/ops-repository';
import { IConstruct } from 'constructs';
import { fail, problem } from '../core/errors';
import { checkBranchName } from '../core/git';
import { checkGitUrl } from '../core/url';
import { requireObject, requireString } from '../core/guards';
import { TreeIndex } from '../core/tree-index';
import { FolderChart } from '../output/folder-chart';
import { GeneratedFile } from '../output/generated-file';
import { objectFileStem } from '../output/render';
import { OpsApp } from '../output/ops-app';
import { PLATFORM_CONFIG_WAVE } from '../platform/releases';
import { ListenerClusterAccess } from '../triggers/listener-rbac';
import { FRONT_PAGE, renderFrontPage } from './front-page';
import { namespaceProblems } from './namespaces';
import { PinFiles } from './pins';

/**
 * How every Application of the repository syncs: automatically, pruning, healing drift. On a fresh cluster
 * an Application may sync before the platform component that serves its kinds is up (sync waves of child
 * Applications order their creation only: Argo CD 1.8 removed Application health,
 * argo-cd `docs/operator-manual/health.md`). So the dry run skips kinds not served yet
 * (`SkipDryRunOnMissingResource`, `docs/user-guide/sync-options.md`), and a failed sync is retried with
 * backoff (`docs/user-guide/auto_sync.md`): 15s doubling to 5m, 10 times (15+30+60+120+240+5×300 s, about 33
 * minutes), after which
 * Argo CD does not retry the same revision (`controller/appcontroller.go`, autoSync). A finite limit keeps
 * a new commit from waiting behind an endless retry of the old one.
 */
const SYNC = {
  automated: { prune: true, selfHeal: true },
  syncOptions: [SyncOption.createNamespace(), SyncOption.skipDryRunOnMissingResource()],
  retry: { limit: 10, backoff: { duration: Duration.seconds(15), factor: 2, maxDuration: Duration.minutes(5) } },
};

/** Props for {@link OpsRepo}. */
export interface OpsRepoProps {
  /** The ops repository's clone URL, as Argo CD and the pin step reach it. */
  readonly url: string;
  /** The branch Argo CD syncs and the pin step pushes to. @default 'main' */
  readonly branch?: string;
  /** The repository folder `dist/` is committed as. @default 'dist' */
  readonly manifestsPath?: string;
  /** The ops repository's root folder on disk, where `pins/` is read from. @default process.cwd() */
  readonly root?: string;
  /** Output directory of this synthesis. @default - `$CDK8S_OUTDIR`, else `dist` */
  readonly outdir?: string;
  /** Name of the repository's own Argo CD AppProject and prefix of the root Application. @default 'delivery' */
  readonly name?: string;
  /** Namespace Argo CD runs in. @default 'argocd' */
  readonly argocdNamespace?: string;
}

const OPS_REPO = Symbol.for('push-delivery.OpsRepo');

/**
 * AppProject names an ops repository may not use: Argo CD creates `default` itself, admitting every
 * repository, cluster, namespace and kind (argo-cd `server/server.go` `initializeDefaultProject`, v3.5.1), and
 * `argocd` reads as Argo CD's own namespace and folder.
 */
const RESERVED_PROJECTS: ReadonlyMap<string, string> = new Map([
  ['default', 'is the name of Argo CD\'s built-in project, which admits every repository, cluster, namespace and kind; an AppProject of that name in git would replace it'],
  ['argocd', 'is the name of Argo CD\'s namespace and of the repository\'s folder of Argo CD objects, so a team of that name would be mistaken for them'],
]);

/**
 * The cdk8s App of an ops repository: the output layout of {@link OpsApp}, the pin files, and the Argo CD
 * objects that sync every folder of `dist/` — an AppProject, one Application per folder, and a root
 * Application (app of apps) that syncs the `argocd` folder holding all of them, itself included. Apply the
 * root Application and its AppProject once by hand ({@link OpsRepo.bootstrapCommand}); from then on the
 * repository drives the cluster. Synthesis also writes the front page `README.md` of the output directory.
 *
 * It holds any number of {@link AppDelivery}s, directly or grouped in {@link Team}s. What must be unique in
 * the repository is checked when it is created, naming both construct paths: app names, folders, team
 * and project names, Application names. Every folder of the app must be synced by exactly one
 * Application: a folder nothing syncs never reaches the cluster, and one synced twice is fought over.
 *
 * Each AppProject admits exactly what its Applications deploy (see `deriveFromApplications` of
 * {@link AppProject}): the ops repository, the destinations and namespaces in use, the cluster-scoped kinds
 * committed.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/cluster-bootstrapping/
 * @example
 * const ops = new OpsRepo({ url: 'https://github.com/org/go-sample-app-ops.git', root: __dirname });
 * const tekton = new FolderChart(ops, 'tekton', { folder: 'go-sample-app/tekton', namespace: 'ci' });
 * ops.syncFolder(tekton);
 */
export class OpsRepo extends OpsApp implements IOpsRepository {
  /**
   * True when `x` is an OpsRepo, also one made by another copy of this library (the CLI run from source
   * bundles its own copy and loads the entry with another), where `instanceof` cannot tell.
   */
  public static isOpsRepo(x: unknown): x is OpsRepo {
    return x !== null && typeof x === 'object' && OPS_REPO in x;
  }

  /** The OpsRepo `scope` belongs to; throws when its app is not an OpsRepo. */
  public static of(scope: IConstruct): OpsRepo {
    const root = scope.node.root;
    if (!OpsRepo.isOpsRepo(root)) {
      fail(scope, 'scope', root.node.id || '(app)', 'is not inside an OpsRepo',
        'Create the construct in an OpsRepo (new OpsRepo({...})), directly or inside a Team');
    }
    return root;
  }

  /** Where the output is in the repository, as Argo CD sees it. */
  public readonly repo: GitOpsRepo;
  /** The branch Argo CD syncs and pipelines push to. */
  public readonly branch: string;
  /** The pin files of the repository. */
  public readonly pins: PinFiles;
  /** The folder of Argo CD objects: the AppProjects, the Applications and ApplicationSets. */
  public readonly argocd: FolderChart;
  /** The AppProject of the repository's own folders (the `argocd` folder, the platform) and of apps in no team. */
  public readonly project: AppProject;
  /** The root Application, syncing {@link argocd}. */
  public readonly rootApplication: Application;
  private readonly synced = new Map<FolderChart, { readonly by: Application; readonly options: string }>();
  private listenerAccess?: ListenerClusterAccess;
  private readonly names = new Map<string, IConstruct>();

  constructor(props: OpsRepoProps) {
    super({ outdir: (props ?? {}).outdir });
    Object.defineProperty(this, OPS_REPO, { value: true });
    requireObject(this, 'props', props, 'Give the ops repository: new OpsRepo({ url: \'https://github.com/org/ops.git\' })');
    requireString(this, 'url', props.url, 'Give the clone URL of the ops repository, e.g. \'https://github.com/org/ops.git\'');
    const urlWrong = checkGitUrl(props.url, { credentials: true }); // the pin step pushes with credentials
    if (urlWrong) {
      fail(this, 'url', props.url, urlWrong, 'Give the clone URL of the ops repository; the pin step reads its credentials from a Secret');
    }
    this.branch = props.branch ?? 'main';
    const branchWrong = checkBranchName(this.branch);
    if (branchWrong) fail(this, 'branch', this.branch, branchWrong, 'Give the name of the branch Argo CD syncs, e.g. \'main\'');
    this.repo = GitOpsRepo.of({ url: props.url, targetRevision: this.branch, manifestsPath: props.manifestsPath ?? 'dist' });
    this.pins = new PinFiles(props.root ?? process.cwd());
    const name = props.name ?? 'delivery';
    const namespace = props.argocdNamespace ?? 'argocd';
    this.argocd = new FolderChart(this, 'argocd', { folder: 'argocd', namespace });
    this.project = new AppProject(this.argocd, name, {
      metadata: { name, annotations: projectWaveAnnotations() },
      description: `The Argo CD objects synthesized into ${props.url}, and apps in no team`,
      deriveFromApplications: true,
    });
    this.claim('AppProject', name, this.project);
    this.rootApplication = this.syncFolder(this.argocd, { name: `${name}-root`, namespace });
    this.node.addValidation({ validate: () => this.folderSyncProblems() });
    new GeneratedFile(this, 'front-page', { path: FRONT_PAGE, render: () => renderFrontPage(this) });
  }

  /**
   * The files a cluster with only Argo CD needs applied, in order, relative to the output directory: the
   * AppProject of the root Application, then the root Application. Argo CD does not reconcile an
   * Application whose project does not exist (argo-cd `controller/appcontroller.go`,
   * `refreshAppConditions`), so the project cannot be left to the root's own sync; everything else,
   * other projects included, the root syncs.
   */
  public get bootstrapFiles(): string[] {
    return [
      `${this.argocd.folder}/${objectFileStem('AppProject', this.project.name)}.yaml`,
      `${this.argocd.folder}/${objectFileStem('Application', this.rootApplication.name)}.yaml`,
    ];
  }

  /** The one command that brings a cluster with only Argo CD up, run from the ops repository's root. */
  public get bootstrapCommand(): string {
    const dist = this.repo.manifestsPath;
    return `kubectl apply -n ${this.project.namespace} ${this.bootstrapFiles.map(f => `-f ${dist}/${f}`).join(' ')}`;
  }

  /**
   * Reserves a name that must be unique in the repository (an app, an AppProject, an Application) for
   * `owner`; throws naming both construct paths when another construct has it.
   *
   * @param what what the name names, e.g. `'app'` or `'Application'`
   */
  public claim(what: string, name: string, owner: IConstruct): void {
    const reserved = what === 'AppProject' ? RESERVED_PROJECTS.get(name) : undefined;
    if (reserved) fail(owner, `${what} name`, name, reserved, 'Give the team (or the project) another name');
    const key = `${what}\0${name}`;
    const first = this.names.get(key);
    if (first && first !== owner) {
      fail(owner, `${what} name`, name, `is already the name of the ${what} of ${first.node.path || '(app)'}`,
        `Give each ${what} in the ops repository its own name`);
    }
    this.names.set(key, owner);
  }

  /** The owners of every name claimed as `what` (e.g. `'app'`), by name. */
  public claimed(what: string): Map<string, IConstruct> {
    const out = new Map<string, IConstruct>();
    for (const [key, owner] of this.names) {
      const [kind, name] = key.split('\0');
      if (kind === what) out.set(name, owner);
    }
    return out;
  }

  /**
   * Creates the Application that syncs `chart`'s folder, automated with prune and self-heal, in the project
   * of the chart's {@link Team} (or {@link OpsRepo.project}). Calling it again for the same chart, with no
   * options or the same ones, returns the same Application; with other options it throws rather than drop them.
   */
  public syncFolder(chart: FolderChart, options: SyncFolderOptions = {}): Application {
    const key = JSON.stringify({ ...options, project: options.project?.name, destination: options.destination?.toSpec(), ignoreDifferences: options.ignoreDifferences });
    const existing = this.synced.get(chart);
    const noOptions = Object.keys(options).length === 0;
    if (existing && (noOptions || existing.options === key)) return existing.by;
    if (existing) {
      fail(this, 'syncFolder', chart.folder, `is already synced by Application ${existing.by.name} with other options (${existing.options})`,
        'Sync each folder once, with one set of options');
    }
    const namespace = options.destination?.namespace ?? options.namespace ?? chart.namespace;
    if (!namespace) {
      // The project admits the namespaces in use, and Argo CD matches an Application's destination namespace
      // against them (util/argo/argo.go, ValidatePermissions): an empty one matches none of them.
      fail(chart, 'namespace', '', 'is not set, so the Application that syncs this folder would have no destination namespace, which its AppProject does not admit',
        `Give the FolderChart a namespace, or call syncFolder(chart, { namespace: '...' })`);
    }
    const name = options.name ?? chart.folder.replace(/\//g, '-');
    this.claim('Application', name, chart);
    const ignored = options.ignoreDifferences ?? [];
    const automated = options.automated === undefined ? SYNC.automated : options.automated;
    const app = new Application(this.argocd, name, {
      project: options.project ?? this.projectOf(chart),
      source: ApplicationSource.fromFolderChart(chart, this.repo),
      destination: inCluster(options.destination, namespace),
      ...SYNC,
      ...(automated ? { automated } : { automated: undefined }),
      // Without it an automated sync would overwrite the ignored fields (argo-cd docs/user-guide/sync-options.md,
      // "Respect ignore differences configs"); it leaves a new object as committed.
      ...(ignored.length ? { ignoreDifferences: ignored, syncOptions: [...SYNC.syncOptions, SyncOption.respectIgnoreDifferences()] } : {}),
      ...(options.syncWave !== undefined ? { syncWave: options.syncWave } : {}),
    });
    this.synced.set(chart, { by: app, options: key });
    chart.node.addValidation({ validate: () => namespaceProblems(this, chart) });
    return app;
  }

  /**
   * The cluster-wide reads of every EventListener of the repository's apps, granted once: a ClusterRole
   * (ClusterTriggerBindings, ClusterInterceptors) and one ClusterRoleBinding of every listener's
   * ServiceAccount, in the folder `platform/event-listeners`, synced in the repository's own project before
   * the apps. So no team's AppProject admits ClusterRoles or ClusterRoleBindings for its listeners. Made
   * when the first app with a webhook asks for it.
   */
  public get eventListenerAccess(): ListenerClusterAccess {
    if (!this.listenerAccess) {
      const chart = new FolderChart(this, 'event-listeners', { folder: 'platform/event-listeners', namespace: this.project.namespace });
      this.listenerAccess = new ListenerClusterAccess(chart, 'access', { name: `${this.project.name}-event-listeners` });
      this.syncFolder(chart, { name: `${this.project.name}-event-listeners`, syncWave: PLATFORM_CONFIG_WAVE });
    }
    return this.listenerAccess;
  }

  /** The Application that syncs `chart`'s folder, once {@link OpsRepo.syncFolder} has been called for it. */
  public syncerOf(chart: FolderChart): Application | undefined {
    return this.synced.get(chart)?.by;
  }

  /** The default project of the nearest scope of `chart` that has one (its team's), else the repository's. */
  private projectOf(chart: FolderChart): AppProject {
    return defaultProjectOf(chart)?.project ?? this.project;
  }

  /**
   * Every folder is synced by exactly one Application: the ones made here, and any made by hand from a
   * FolderChart (indexed once).
   */
  private folderSyncProblems(): string[] {
    const index = TreeIndex.of(this);
    const syncers = new Map<FolderChart, IConstruct[]>();
    const add = (chart: FolderChart, by: IConstruct) => {
      const list = syncers.get(chart);
      if (!list) syncers.set(chart, [by]); else if (!list.includes(by)) list.push(by);
    };
    for (const [chart, { by }] of this.synced) add(chart, by);
    for (const app of index.all('argocd.Application', (c): c is Application => c instanceof Application)) {
      if (app.source.chart && app.node.root === this) add(app.source.chart, app);
    }
    const out: string[] = [];
    for (const chart of index.all('FolderChart', FolderChart.isFolderChart)) {
      const by = syncers.get(chart) ?? [];
      if (by.length === 0) {
        out.push(problem('folder', chart.folder, 'is not synced by any Argo CD Application, so it never reaches the cluster',
          `Call syncFolder() on the OpsRepo for chart '${chart.node.path}'`));
      } else if (by.length > 1) {
        out.push(problem('folder', chart.folder, `is synced by ${by.length} Argo CD Applications (${by.map(b => b.node.path).join(', ')}), which would fight over its objects`,
          'Sync each folder with one Application: remove all but one'));
      }
    }
    return out;
  }
}

/** `destination`'s cluster (else the one Argo CD runs in) with `namespace`. */
function inCluster(destination: ApplicationDestination | undefined, namespace: string): ApplicationDestination {
  if (destination?.server !== undefined) return ApplicationDestination.server(destination.server, namespace);
  if (destination?.name !== undefined) return ApplicationDestination.clusterName(destination.name, namespace);
  return ApplicationDestination.inCluster(namespace);
}
