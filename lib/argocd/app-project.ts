import { ApiObject, ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../imports/argocd-appproject-argoproj.io';
import { fail } from '../core/errors';
import { IResource, ResourceProps } from '../core/resource';
import { apiGroup, isClusterScoped } from '../core/kinds';
import { TreeIndex } from '../core/tree-index';
import { Warnings } from '../core/warnings';
import { objectMetadata } from '../core/metadata';
import { checkUrlText } from '../core/url';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from './destination';
import { globMatch, normalizeRepoUrl } from './glob';
import { freeId, requireReadable } from '../core/guards';

/** The namespace Argo CD runs in and reads Applications and AppProjects from by default. */
export const ARGOCD_NAMESPACE = 'argocd';

/**
 * The sync wave of the AppProjects in an ops repository's `argocd` folder: before the Applications that
 * use them, which Argo CD refuses to reconcile while their project does not exist
 * (argo-cd `controller/appcontroller.go`, `refreshAppConditions`).
 */
export const PROJECT_SYNC_WAVE = -100;

/** The annotations that put an AppProject in {@link PROJECT_SYNC_WAVE}. */
export function projectWaveAnnotations(): { [key: string]: string } {
  return { 'argocd.argoproj.io/sync-wave': String(PROJECT_SYNC_WAVE) };
}

/** An Argo CD project an Application belongs to: an {@link AppProject} construct, or {@link AppProject.fromName}. */
export interface IAppProject {
  /** The project's `metadata.name`. */
  readonly name: string;
  /** Whether the project admits a source repository; undefined when not known (a project outside the app). */
  permitsSourceRepo?(repoUrl: string): boolean | undefined;
  /** Whether the project admits a destination; undefined when it cannot be decided here. */
  permitsDestination?(destination: { server?: string; name?: string; namespace?: string }): boolean | undefined;
  /** Whether Applications in `namespace` may use the project; undefined when not known. */
  permitsApplicationNamespace?(namespace: string): boolean | undefined;
  /**
   * Tells the project what one of its Applications deploys (called by {@link Application} and by whoever
   * creates an ApplicationSet's Applications); a project that derives its permissions from its Applications
   * admits exactly that. `use` is read at synthesis, when the tree is complete.
   */
  recordUse?(use: () => ProjectUse): void;
}

/** What one Application deploys, as its project must admit it. */
export interface ProjectUse {
  /** The Application's source repository URL. */
  readonly repoUrl: string;
  /** Its destination cluster (server URL or name) and namespace. */
  readonly destination: { readonly server?: string; readonly name?: string; readonly namespace?: string };
  /**
   * The chart whose folder it syncs: the namespaces of the chart's objects (objects without one go to the
   * destination namespace) and the kinds of its cluster-scoped objects must be admitted. @default - none
   */
  readonly chart?: Chart;
  /**
   * It creates its destination namespace (`CreateNamespace=true`): Argo CD checks the Namespace it creates
   * against `clusterResourceWhitelist` like any other cluster-scoped object. @default false
   */
  readonly createsNamespace?: boolean;
}

/** A destination an AppProject admits; each field is a glob, `!` in front denies. */
export interface ProjectDestination {
  /**
   * Cluster API server URL glob, e.g. `https://kubernetes.default.svc` or `*`. Give this or `name`.
   * @default - match by name only
   */
  readonly server?: string;

  /**
   * Cluster name glob, e.g. `in-cluster`. Give this or `server`.
   * @default - match by server only
   */
  readonly name?: string;

  /** Namespace glob, e.g. `dev`, `team-*` or `*`. */
  readonly namespace: string;
}

/** A group and kind of Kubernetes objects, e.g. `{ group: '', kind: 'Namespace' }`; `*` matches all. */
export interface GroupKind {
  /** API group; `''` is the core group. */
  readonly group: string;
  /** Kind. */
  readonly kind: string;
}

/** Props for {@link AppProject}. */
export interface AppProjectProps extends ResourceProps {
  /**
   * Metadata; `name` defaults to the construct id.
   * @default - name: the construct id, namespace: 'argocd'
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * What the project is for.
   * @default - none
   */
  readonly description?: string;

  /**
   * Repository URL globs the project's Applications may sync from (`!` in front denies). Add more with
   * {@link AppProject.addSourceRepo}.
   * @default - none: no repository is admitted
   */
  readonly sourceRepos?: string[];

  /**
   * Clusters and namespaces the project's Applications may deploy to (`spec.destinations`). Add more with
   * {@link AppProject.addDestination}.
   * @default - none: no destination is admitted
   */
  readonly destinations?: ProjectDestination[];

  /**
   * Cluster-scoped kinds the project may deploy (`spec.clusterResourceWhitelist`).
   * @default - none: no cluster-scoped object
   */
  readonly clusterResourceWhitelist?: GroupKind[];

  /**
   * Cluster-scoped kinds the project may not deploy.
   * @default - none
   */
  readonly clusterResourceBlacklist?: GroupKind[];

  /**
   * Namespaced kinds the project may deploy.
   * @default - every namespaced kind
   */
  readonly namespaceResourceWhitelist?: GroupKind[];

  /**
   * Namespaced kinds the project may not deploy.
   * @default - none
   */
  readonly namespaceResourceBlacklist?: GroupKind[];

  /**
   * Admit exactly what this app's Applications in the project deploy, besides what the props list: their
   * source repositories, their destinations, the namespace of every object in the folders they sync, and the
   * cluster-scoped kinds among those objects (plus `Namespace` for an Application that creates its
   * namespace). The project then never admits more than is committed (no `*`), and a new folder or object
   * widens it in the same commit, where reviewers see it.
   * @default false
   */
  readonly deriveFromApplications?: boolean;

  /**
   * Namespace globs (besides the project's own) whose Applications may use the project.
   * @default - only Applications in the project's namespace
   */
  readonly sourceNamespaces?: string[];
}

/**
 * An Argo CD `AppProject` (`argoproj.io/v1alpha1`): which repositories, clusters, namespaces and kinds its
 * Applications may use. Applications of this app that use it are checked against it at synth.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/project-specification/
 * @example
 * const project = new AppProject(chart, 'go-sample-app', {
 *   sourceRepos: ['https://github.com/org/go-sample-app-ops.git'],
 *   destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'dev' }],
 * });
 * project.addDestination({ server: 'https://kubernetes.default.svc', namespace: 'prod' });
 */
export class AppProject extends Construct implements IAppProject, IResource {
  /** A project that is not a construct of this app, e.g. Argo CD's built-in `default` project. */
  public static fromName(name: string): IAppProject {
    return { name };
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Always `AppProject`. */
  public readonly kind = l1.AppProject.GVK.kind;
  /** `argoproj.io/v1alpha1`. */
  public readonly apiVersion = l1.AppProject.GVK.apiVersion;
  /** The generated L1 object. */
  public readonly resource: ApiObject;
  private readonly sourceRepos: string[] = [];
  private readonly destinations: ProjectDestination[] = [];
  private readonly sourceNamespaces: string[];
  private readonly uses: Array<() => ProjectUse> = [];
  private readonly derive: boolean;

  constructor(scope: Construct, id: string, props: AppProjectProps = {}) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    const metadata = objectMetadata(this, id, props.metadata, {}, { namespace: ARGOCD_NAMESPACE });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    this.sourceNamespaces = [...props.sourceNamespaces ?? []];
    this.derive = props.deriveFromApplications ?? false;
    for (const [field, list] of Object.entries({
      clusterResourceWhitelist: props.clusterResourceWhitelist,
      clusterResourceBlacklist: props.clusterResourceBlacklist,
      namespaceResourceWhitelist: props.namespaceResourceWhitelist,
      namespaceResourceBlacklist: props.namespaceResourceBlacklist,
    })) {
      (list ?? []).forEach((gk, i) => {
        if (!gk.kind) fail(this, `spec.${field}[${i}].kind`, gk.kind, 'is empty', 'Give a kind, or \'*\' for every kind');
      });
    }
    for (const repo of props.sourceRepos ?? []) this.addSourceRepo(repo);
    for (const destination of props.destinations ?? []) this.addDestination(destination);

    const list = <T>(items: T[] | undefined) => (items && items.length ? items.map(i => ({ ...i })) : undefined);
    this.resource = new l1.AppProject(this, 'Resource', {
      metadata,
      spec: {
        description: props.description,
        sourceRepos: Lazy.any({ produce: () => { const repos = this.allSourceRepos(); return repos.length ? repos : undefined; } }),
        destinations: Lazy.any({ produce: () => list(this.allDestinations()) }),
        clusterResourceWhitelist: Lazy.any({ produce: () => list([...props.clusterResourceWhitelist ?? [], ...this.derived().clusterResources]) }),
        clusterResourceBlacklist: list(props.clusterResourceBlacklist),
        namespaceResourceWhitelist: list(props.namespaceResourceWhitelist),
        namespaceResourceBlacklist: list(props.namespaceResourceBlacklist),
        sourceNamespaces: this.sourceNamespaces.length ? this.sourceNamespaces : undefined,
      },
    });
    this.node.addValidation({
      validate: () => {
        if (this.derive) return [];
        if (this.sourceRepos.length === 0) {
          Warnings.add(this, 'spec.sourceRepos \'[]\' admits no repository, so no Application can use this project. Add one with addSourceRepo()');
        }
        if (this.destinations.length === 0) {
          Warnings.add(this, 'spec.destinations \'[]\' admits no destination, so no Application can use this project. Add one with addDestination()');
        }
        return [];
      },
    });
  }

  /** Admits a repository URL glob, e.g. `https://github.com/org/*`; `!` in front denies. */
  public addSourceRepo(repo: string): void {
    if (repo.trim() === '' || repo === '!') fail(this, 'spec.sourceRepos', repo, 'is empty', 'Give a repository URL or glob, or \'*\' for every repository');
    const wrong = checkUrlText(repo.replace(/^!/, ''));
    if (wrong) fail(this, 'spec.sourceRepos', repo, wrong, 'Give the repository URL or glob without credentials (Argo CD keeps them in its repository Secrets), e.g. https://github.com/org/*');
    if (!this.sourceRepos.includes(repo)) this.sourceRepos.push(repo);
  }

  /** Admits a destination (cluster by server URL or name, and namespace). */
  public addDestination(destination: ProjectDestination): void {
    const field = `spec.destinations[${this.destinations.length}]`;
    if (!destination.server && !destination.name) {
      fail(this, field, destination, 'has neither server nor name', `Give server (e.g. '${IN_CLUSTER_SERVER}' or '*') or name (e.g. '${IN_CLUSTER_NAME}')`);
    }
    if (!destination.namespace) fail(this, `${field}.namespace`, destination.namespace ?? '', 'is empty', 'Give a namespace, or \'*\' for every namespace');
    const serverWrong = destination.server ? checkUrlText(destination.server.replace(/^!/, ''), 'API server URLs') : undefined;
    if (serverWrong) fail(this, `${field}.server`, destination.server, serverWrong, 'Give the API server URL or glob without credentials (Argo CD keeps them in its cluster Secrets), e.g. https://prod.example.com:6443');
    this.destinations.push({ ...destination });
  }

  /** See {@link IAppProject.recordUse}. Ignored unless the project derives its permissions from its Applications. */
  public recordUse(use: () => ProjectUse): void {
    if (this.derive) this.uses.push(use);
  }

  /** Whether a repository URL matches an admitting `sourceRepos` glob and no denying one. */
  public permitsSourceRepo(repoUrl: string): boolean {
    const url = normalizeRepoUrl(repoUrl);
    const matches = (p: string) => globMatch(normalizeRepoUrl(p), url);
    const repos = this.allSourceRepos();
    const allow = repos.filter(p => !p.startsWith('!'));
    const deny = repos.filter(p => p.startsWith('!')).map(p => p.slice(1));
    return allow.some(matches) && !deny.some(matches);
  }

  /**
   * Whether a destination is admitted, by Argo CD's rules: some destination matches cluster (server or name)
   * and namespace, and no denying (`!`) pattern rules it out. Undefined when it cannot be decided here: the
   * Application names a cluster the project lists by server only, or the other way round (Argo CD maps
   * names to servers at run time).
   */
  public permitsDestination(d: { server?: string; name?: string; namespace?: string }): boolean | undefined {
    const server = d.server ?? (d.name === IN_CLUSTER_NAME ? IN_CLUSTER_SERVER : undefined);
    const name = d.name ?? (d.server === IN_CLUSTER_SERVER ? IN_CLUSTER_NAME : undefined);
    const namespace = d.namespace ?? '';
    const glob = (pattern: string, value: string) =>
      (pattern.startsWith('!') ? !globMatch(pattern.slice(1), value) : globMatch(pattern, value));
    const deny = (pattern: string | undefined) => pattern !== undefined && pattern.startsWith('!');
    const { exact, patterns } = this.destinationIndex();
    let any = (server !== undefined && exact.has(`s\0${server}\0${namespace}`)) || (name !== undefined && exact.has(`n\0${name}\0${namespace}`));
    for (const p of patterns) {
      const nameMatched = !!name && p.name !== undefined && glob(p.name, name);
      const serverMatched = !!server && !!p.server && glob(p.server, server);
      const namespaceMatched = glob(p.namespace, namespace);
      if ((serverMatched || nameMatched) && namespaceMatched) {
        any = true;
      } else if ((!nameMatched && deny(p.name)) || (!serverMatched && deny(p.server)) || (!namespaceMatched && deny(p.namespace))) {
        return false;
      }
    }
    if (any) return true;
    const destinations = this.allDestinations();
    const unknownSide = (server === undefined && destinations.some(p => p.server))
      || (name === undefined && destinations.some(p => p.name));
    return unknownSide ? undefined : false;
  }

  /** Whether Applications in `namespace` may use the project: its own namespace, or one of `sourceNamespaces`. */
  public permitsApplicationNamespace(namespace: string): boolean {
    return namespace === this.namespace || this.sourceNamespaces.some(p => globMatch(p, namespace));
  }

  private allSourceRepos(): string[] {
    return [...this.sourceRepos, ...this.derived().sourceRepos.filter(r => !this.sourceRepos.includes(r))];
  }

  /**
   * The destinations split into exact ones (no glob, no `!`), looked up in a set, and patterns, matched one
   * by one: a project derived from a thousand Applications lists thousands of exact destinations, and each
   * Application's check must not scan them all. Built once per synthesis.
   */
  private destinationIndex(): { exact: Set<string>; patterns: ProjectDestination[] } {
    const build = () => {
      const exact = new Set<string>();
      const patterns: ProjectDestination[] = [];
      const glob = (x: string | undefined) => x !== undefined && /[*?[\]{}\\!]/.test(x);
      for (const d of this.allDestinations()) {
        if (glob(d.server) || glob(d.name) || glob(d.namespace)) {
          patterns.push(d);
        } else {
          if (d.server !== undefined) exact.add(`s\0${d.server}\0${d.namespace}`);
          if (d.name !== undefined) exact.add(`n\0${d.name}\0${d.namespace}`);
        }
      }
      return { exact, patterns };
    };
    return TreeIndex.of(this).select(`app-project-destinations:${this.node.path}`, build);
  }

  private allDestinations(): ProjectDestination[] {
    return [...this.destinations, ...this.derived().destinations];
  }

  /**
   * What the recorded uses need, sorted, computed once per synthesis. Reads each object's kind and
   * namespace from the construct, not its rendered JSON: this project's own object may be among them.
   */
  private derived(): { sourceRepos: string[]; destinations: ProjectDestination[]; clusterResources: GroupKind[] } {
    const compute = () => {
      const repos = new Set<string>();
      const destinations = new Map<string, ProjectDestination>();
      const kinds = new Map<string, GroupKind>();
      const index = TreeIndex.of(this);
      for (const read of this.uses) {
        const use = read();
        repos.add(use.repoUrl);
        const cluster = use.destination.server !== undefined ? { server: use.destination.server } : { name: use.destination.name ?? IN_CLUSTER_NAME };
        const admit = (namespace: string) => {
          const d = { ...cluster, namespace };
          destinations.set(`${d.server ?? ''}\0${d.name ?? ''}\0${namespace}`, d);
        };
        if (use.destination.namespace) admit(use.destination.namespace);
        if (use.createsNamespace && use.destination.namespace) kinds.set('/Namespace', { group: '', kind: 'Namespace' });
        for (const obj of use.chart ? index.objectsOf(use.chart) : []) {
          if (isClusterScoped(obj.apiVersion, obj.kind)) {
            kinds.set(`${apiGroup(obj.apiVersion)}/${obj.kind}`, { group: apiGroup(obj.apiVersion), kind: obj.kind });
          } else {
            const ns = obj.metadata.namespace ?? use.destination.namespace;
            if (ns) admit(ns);
          }
        }
      }
      const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
      return { sourceRepos: [...repos].sort(), destinations: byKey(destinations), clusterResources: byKey(kinds) };
    };
    if (!this.derive) return { sourceRepos: [], destinations: [], clusterResources: [] };
    return TreeIndex.of(this).select(`app-project-uses:${this.node.path}`, compute);
  }
}
