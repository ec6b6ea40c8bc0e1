import { IConstruct } from 'constructs';
import { TreeIndex } from '../core/tree-index';
import { FolderChart } from '../output/folder-chart';
import { AppProject } from './app-project';
import { Application } from './application';
import { ApplicationDestination } from './destination';
import { GitOpsRepo } from './gitops-repo';
import { AutomatedSync, IgnoreDifference } from './sync';

/** Options of {@link IOpsRepository.syncFolder}. */
export interface SyncFolderOptions {
  /** Name of the Application. @default - the folder with '/' replaced by '-' */
  readonly name?: string;
  /** Destination namespace for objects without one. @default - the chart's namespace */
  readonly namespace?: string;
  /**
   * The cluster the Application deploys to; its namespace, if it has one, wins over `namespace`.
   * @default - the cluster Argo CD runs in
   */
  readonly destination?: ApplicationDestination;
  /** Sync wave: lower waves sync first (operators and CRD users before what uses them). @default - none */
  readonly syncWave?: number;
  /**
   * The AppProject of the Application. @default - the project of the `Team` the chart is in, else the ops
   * repository's own {@link IOpsRepository.project}
   */
  readonly project?: AppProject;
  /** Automated sync, or `false` to sync by hand. @default - automated, with prune and self-heal */
  readonly automated?: AutomatedSync | false;
  /**
   * Fields a controller in the cluster owns, which Argo CD neither compares nor overwrites (the Application
   * also gets `RespectIgnoreDifferences=true`). @default - none
   */
  readonly ignoreDifferences?: IgnoreDifference[];
}

/**
 * An ops repository as the constructs that add folders to it see it: where its output is in git, the
 * folder of its Argo CD objects and its own AppProject, the names that must be unique in it, and the
 * Application of each folder. `OpsRepo` (`lib/delivery`) is the one implementation; the platform and
 * anything else below the delivery layer take this interface, so no layer imports the one above it.
 */
export interface IOpsRepository extends IConstruct {
  /** Where the output is in the repository, as Argo CD sees it. */
  readonly repo: GitOpsRepo;
  /** The branch Argo CD syncs and pipelines push to. */
  readonly branch: string;
  /** The folder of Argo CD objects: the AppProjects and Applications. */
  readonly argocd: FolderChart;
  /** The repository's own AppProject. */
  readonly project: AppProject;
  /**
   * Reserves a name that must be unique in the repository (`what`: e.g. `'app'`, `'AppProject'`) for
   * `owner`; throws naming both construct paths when another construct has it.
   */
  claim(what: string, name: string, owner: IConstruct): void;
  /** Creates (once) the Application that syncs `chart`'s folder. */
  syncFolder(chart: FolderChart, options?: SyncFolderOptions): Application;
  /** The Application that syncs `chart`'s folder, once {@link IOpsRepository.syncFolder} has made it. */
  syncerOf(chart: FolderChart): Application | undefined;
}

const DEFAULT_PROJECT = Symbol.for('push-delivery.DefaultProject');

/** A scope whose folders' Applications go into a project of their own by default: a team. */
export interface ProjectScope {
  /** The construct that set the project (e.g. a `Team`). */
  readonly scope: IConstruct;
  /** The project. */
  readonly project: AppProject;
  /** The folder of the output its folders go under (`<team>`), which no other scope's folders may use. */
  readonly folder: string;
}

/**
 * Makes `project` the default project of the Applications that sync folders created under `scope` (a
 * team's), whose folders go under `folder`. `syncFolder` reads it with {@link defaultProjectOf}, so the
 * repository never imports the constructs that group folders.
 */
export function setDefaultProject(scope: IConstruct, project: AppProject, folder: string): void {
  Object.defineProperty(scope, DEFAULT_PROJECT, { value: { scope, project, folder } });
}

/** The nearest scope of `construct` (itself included) with a default project, if any. */
export function defaultProjectOf(construct: IConstruct): ProjectScope | undefined {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    const scope = (c as any)[DEFAULT_PROJECT] as ProjectScope | undefined;
    if (scope) return scope;
  }
  return undefined;
}

/** Every scope of `root`'s tree with a default project (every team), in tree order. */
export function projectScopes(root: IConstruct): readonly ProjectScope[] {
  return TreeIndex.of(root).select('project-scopes', cs => cs.filter(c => DEFAULT_PROJECT in c).map(c => (c as any)[DEFAULT_PROJECT] as ProjectScope));
}
