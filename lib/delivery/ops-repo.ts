import {
  Application, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource, AppProject, GitOpsRepo,
  IN_CLUSTER_SERVER, SyncOption,
} from '../argocd';
import { fail, problem } from '../core/errors';
import { FolderChart } from '../output/folder-chart';
import { OpsApp } from '../output/ops-app';
import { PinFiles } from './pins';

/** How every Application of the repository syncs: automatically, pruning, healing drift. */
const SYNC = {
  automated: { prune: true, selfHeal: true },
  syncOptions: [SyncOption.createNamespace()],
  retry: { limit: 5 },
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
  /** Name of the Argo CD AppProject and prefix of the root Application. @default 'delivery' */
  readonly name?: string;
  /** Namespace Argo CD runs in. @default 'argocd' */
  readonly argocdNamespace?: string;
}

/** Options of {@link OpsRepo.syncFolder}. */
export interface SyncFolderOptions {
  /** Name of the Application. @default - the folder with '/' replaced by '-' */
  readonly name?: string;
  /** Destination namespace for objects without one. @default - the chart's namespace */
  readonly namespace?: string;
  /** Sync wave: lower waves sync first (operators and CRD users before what uses them). @default - none */
  readonly syncWave?: number;
}

/**
 * The cdk8s App of an ops repository: the output layout of {@link OpsApp}, the pin files, and the Argo CD
 * objects that sync every folder of `dist/` — an AppProject, one Application per folder, and a root
 * Application (app of apps) that syncs the `argocd` folder holding all of them, itself included. Apply the
 * root Application once by hand (`kubectl apply -n argocd -f dist/argocd/application-<name>-root.yaml`);
 * from then on the repository drives the cluster.
 *
 * Every folder of the app must be synced by an Application: a folder nothing syncs never reaches the
 * cluster, and synthesis says so.
 *
 * @example
 * const ops = new OpsRepo({ url: 'https://github.com/org/go-sample-app-ops.git', root: __dirname });
 * const tekton = new FolderChart(ops, 'tekton', { folder: 'go-sample-app/tekton', namespace: 'ci' });
 * ops.syncFolder(tekton);
 */
export class OpsRepo extends OpsApp {
  /** Where the output is in the repository, as Argo CD sees it. */
  public readonly repo: GitOpsRepo;
  /** The branch Argo CD syncs and pipelines push to. */
  public readonly branch: string;
  /** The pin files of the repository. */
  public readonly pins: PinFiles;
  /** The folder of Argo CD objects: the AppProject, the Applications and ApplicationSets. */
  public readonly argocd: FolderChart;
  /** The AppProject every Application of the repository belongs to. */
  public readonly project: AppProject;
  /** The root Application, syncing {@link argocd}. */
  public readonly rootApplication: Application;
  private readonly synced = new Map<FolderChart, Application | ApplicationSet>();

  constructor(props: OpsRepoProps) {
    super({ outdir: props.outdir });
    this.branch = props.branch ?? 'main';
    this.repo = GitOpsRepo.of({ url: props.url, targetRevision: this.branch, manifestsPath: props.manifestsPath ?? 'dist' });
    this.pins = new PinFiles(props.root ?? process.cwd());
    const name = props.name ?? 'delivery';
    const namespace = props.argocdNamespace ?? 'argocd';
    this.argocd = new FolderChart(this, 'argocd', { folder: 'argocd', namespace });
    this.project = new AppProject(this.argocd, name, {
      description: `Everything synthesized into ${props.url}`,
      sourceRepos: [props.url],
      destinations: [{ server: IN_CLUSTER_SERVER, namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    });
    this.rootApplication = this.syncFolder(this.argocd, { name: `${name}-root`, namespace });
    this.node.addValidation({ validate: () => this.unsyncedFolders() });
  }

  /** Creates the Application that syncs `chart`'s folder, automated with prune and self-heal. */
  public syncFolder(chart: FolderChart, options: SyncFolderOptions = {}): Application {
    const existing = this.synced.get(chart);
    if (existing instanceof Application) return existing;
    if (existing) fail(this, 'syncFolder', chart.folder, `is already synced by ApplicationSet ${existing.name}`, 'Sync each folder once');
    const app = new Application(this.argocd, options.name ?? chart.folder.replace(/\//g, '-'), {
      project: this.project,
      source: ApplicationSource.fromFolderChart(chart, this.repo),
      destination: ApplicationDestination.inCluster(options.namespace ?? chart.namespace),
      ...SYNC,
      ...(options.syncWave !== undefined ? { syncWave: options.syncWave } : {}),
    });
    this.synced.set(chart, app);
    return app;
  }

  /**
   * Creates one ApplicationSet whose list generator makes an Application per chart, named
   * `<name>-<element>`: for folders of the same shape, such as the environments of an app.
   *
   * @param name the ApplicationSet's name and the prefix of the Applications it generates
   * @param charts the folders, by element name (e.g. `{ dev: devChart, prod: prodChart }`)
   */
  public syncFolderSet(name: string, charts: { [element: string]: FolderChart }): ApplicationSet {
    const entries = Object.entries(charts);
    for (const [, chart] of entries) {
      if (this.synced.has(chart)) fail(this, 'syncFolderSet', chart.folder, 'is already synced', 'Sync each folder once');
    }
    const set = new ApplicationSet(this.argocd, name, {
      generators: [ApplicationSetGenerator.list(entries.map(([element, chart]) => ({
        element,
        path: this.repo.pathOf(chart),
        namespace: chart.namespace ?? 'default',
      })))],
      template: {
        name: `${name}-{{.element}}`,
        project: this.project,
        source: ApplicationSource.fromGitPath(this.repo, '{{.path}}'),
        destination: ApplicationDestination.inCluster('{{.namespace}}'),
        ...SYNC,
      },
    });
    for (const [, chart] of entries) this.synced.set(chart, set);
    return set;
  }

  private unsyncedFolders(): string[] {
    return this.node.findAll()
      .filter(FolderChart.isFolderChart)
      .filter(chart => !this.synced.has(chart))
      .map(chart => problem('folder', chart.folder, 'is not synced by any Argo CD Application, so it never reaches the cluster',
        `Call syncFolder() on the OpsRepo for chart '${chart.node.path}'`));
  }
}
