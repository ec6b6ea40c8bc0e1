import { IConstruct } from 'constructs';
import * as l1 from '../../imports/argocd-application-argoproj.io';
import { fail, problem } from '../core/errors';
import { checkClusterServerUrl, checkGitUrl } from '../core/url';
import { TreeIndex } from '../core/tree-index';
import { checkName, NameFormat } from '../core/names';
import { formatGoDuration } from '../core/duration';
import { FolderChart } from '../output/folder-chart';
import { AppProject, IAppProject } from './app-project';
import { ApplicationDestination } from './destination';
import { GitOpsRepo } from './gitops-repo';
import { normalizeRepoUrl } from './glob';
import { ApplicationSource } from './source';
import { AutomatedSync, IgnoreDifference, SyncOption, SyncRetry } from './sync';

/** What an Application (or an ApplicationSet's template) deploys, from where, to where, and how it syncs. */
export interface ApplicationSpecOptions {
  /**
   * The project the Application belongs to.
   * @default AppProject.fromName('default')
   */
  readonly project?: IAppProject;

  /** Where the manifests come from. */
  readonly source: ApplicationSource;

  /** The cluster and namespace to deploy to. */
  readonly destination: ApplicationDestination;

  /**
   * Sync automatically when Git changes.
   * @default - manual sync only
   */
  readonly automated?: AutomatedSync;

  /**
   * Application-wide sync options. Add more with `addSyncOption()`.
   * @default - none
   */
  readonly syncOptions?: SyncOption[];

  /**
   * Retries of a failed sync.
   * @default - no retries
   */
  readonly retry?: SyncRetry;

  /**
   * Fields not compared. Add more with `addIgnoreDifference()`.
   * @default - none
   */
  readonly ignoreDifferences?: IgnoreDifference[];

  /**
   * How many past syncs are kept in the Application's history (for rollback).
   * @default - Argo CD's default, 10
   */
  readonly revisionHistoryLimit?: number;
}

/** Whether a string holds an ApplicationSet template placeholder: its format is checked per element instead. */
export function isTemplated(s: string | undefined): boolean {
  return s !== undefined && s.includes('{{');
}

/** Local checks of the options; throws on the first problem. */
export function checkSpecOptions(scope: IConstruct, o: ApplicationSpecOptions): void {
  const path = o.source.path;
  if (path.startsWith('/') || path.split('/').includes('..')) {
    fail(scope, 'spec.source.path', path, 'is not a relative path inside the repository', 'Remove the leading \'/\' and any \'..\' segment');
  }
  if (!o.source.repoUrl.trim()) fail(scope, 'spec.source.repoURL', o.source.repoUrl, 'is empty', 'Give the repository\'s clone URL');
  const d = o.destination;
  if (d.server !== undefined && !isTemplated(d.server) && !/^https?:\/\/[^/]+/.test(d.server)) {
    fail(scope, 'spec.destination.server', d.server, 'is not an http(s) URL of a cluster API server', 'Use e.g. ApplicationDestination.inCluster() or a URL such as \'https://10.0.0.1:6443\'');
  }
  if (d.name !== undefined && !d.name.trim()) fail(scope, 'spec.destination.name', d.name, 'is empty', 'Give the cluster name registered in Argo CD, e.g. \'in-cluster\'');
  if (d.namespace !== undefined && !isTemplated(d.namespace)) {
    const wrong = checkName(d.namespace, { format: NameFormat.LABEL });
    if (wrong) fail(scope, 'spec.destination.namespace', d.namespace, wrong, 'Give a namespace name such as \'dev\'');
  }
  checkRetry(scope, o.retry);
  if (o.revisionHistoryLimit !== undefined && !(Number.isInteger(o.revisionHistoryLimit) && o.revisionHistoryLimit >= 0)) {
    fail(scope, 'spec.revisionHistoryLimit', o.revisionHistoryLimit, 'is not a whole number of at least 0', 'Use e.g. 10 (0 keeps no history)');
  }
  (o.ignoreDifferences ?? []).forEach((diff, i) => checkIgnoreDifference(scope, `spec.ignoreDifferences[${i}]`, diff));
  checkSyncOptions(scope, o.syncOptions ?? []);
}

function checkRetry(scope: IConstruct, retry: SyncRetry | undefined): void {
  if (!retry) return;
  if (!Number.isInteger(retry.limit)) fail(scope, 'spec.syncPolicy.retry.limit', retry.limit, 'is not a whole number', 'Use e.g. 5 (0: no retries, negative: no limit)');
  const b = retry.backoff ?? {};
  if (b.factor !== undefined && !(Number.isInteger(b.factor) && b.factor >= 1)) {
    fail(scope, 'spec.syncPolicy.retry.backoff.factor', b.factor, 'is not a whole number of at least 1 (Argo CD stores it as an integer)', 'Use e.g. 2');
  }
  for (const [field, d] of [['duration', b.duration], ['maxDuration', b.maxDuration]] as const) {
    if (d !== undefined && d.toMilliseconds() < 1000) {
      fail(scope, `spec.syncPolicy.retry.backoff.${field}`, `${d.toMilliseconds()}ms`, 'is shorter than 1s', 'Use e.g. Duration.seconds(5)');
    }
  }
  if (b.duration && b.maxDuration && b.maxDuration.toMilliseconds() < b.duration.toMilliseconds()) {
    fail(scope, 'spec.syncPolicy.retry.backoff.maxDuration', formatGoDuration(b.maxDuration), `is shorter than duration (${formatGoDuration(b.duration)})`, 'Make maxDuration at least as long as duration');
  }
}

/** Checks one ignoreDifferences entry; throws on the first problem. */
export function checkIgnoreDifference(scope: IConstruct, field: string, diff: IgnoreDifference): void {
  if (!diff.kind) fail(scope, `${field}.kind`, diff.kind ?? '', 'is empty', 'Give the kind, e.g. \'Deployment\'');
  const some = [diff.jsonPointers, diff.jqPathExpressions, diff.managedFieldsManagers].some(l => l && l.length > 0);
  if (!some) {
    fail(scope, field, diff.kind, 'ignores nothing: it has no jsonPointers, jqPathExpressions or managedFieldsManagers', 'Give e.g. jsonPointers: [\'/spec/replicas\']');
  }
  (diff.jsonPointers ?? []).forEach((p, i) => {
    if (!/^(\/([^~/]|~[01])*)+$/.test(p)) {
      fail(scope, `${field}.jsonPointers[${i}]`, p, 'is not an RFC 6901 JSON pointer', 'Start it with \'/\' and write \'~1\' for \'/\' and \'~0\' for \'~\' inside names, e.g. \'/metadata/annotations/a~1b\'');
    }
  });
}

/** Checks that no sync option is given twice with different values; throws otherwise. */
export function checkSyncOptions(scope: IConstruct, options: SyncOption[]): void {
  const seen = new Map<string, string>();
  for (const o of options) {
    const before = seen.get(o.key);
    if (before !== undefined && before !== o.value) {
      fail(scope, 'spec.syncPolicy.syncOptions', o.toString(), `contradicts ${o.key}=${before}, given before`, `Keep one value of ${o.key}`);
    }
    seen.set(o.key, o.value);
  }
}

/** The generated-props `spec` (as the L1 Application takes it) of the options. */
export function renderSpec(o: ApplicationSpecOptions, syncOptions: SyncOption[], ignoreDifferences: IgnoreDifference[]): l1.ApplicationSpec {
  const unique = [...new Map(syncOptions.map(s => [s.toString(), s])).values()];
  const retry = o.retry && {
    limit: o.retry.limit,
    ...(o.retry.backoff ? {
      backoff: {
        ...(o.retry.backoff.duration ? { duration: formatGoDuration(o.retry.backoff.duration) } : {}),
        ...(o.retry.backoff.factor !== undefined ? { factor: o.retry.backoff.factor } : {}),
        ...(o.retry.backoff.maxDuration ? { maxDuration: formatGoDuration(o.retry.backoff.maxDuration) } : {}),
      },
    } : {}),
  };
  const syncPolicy = {
    ...(o.automated ? { automated: { ...o.automated } } : {}),
    ...(unique.length ? { syncOptions: unique.map(s => s.toString()) } : {}),
    ...(retry ? { retry } : {}),
  };
  return {
    project: (o.project ?? AppProject.fromName('default')).name,
    source: o.source.toSpec(),
    destination: o.destination.toSpec(),
    ...(Object.keys(syncPolicy).length ? { syncPolicy } : {}),
    ...(ignoreDifferences.length ? { ignoreDifferences: ignoreDifferences.map(d => ({ ...d })) } : {}),
    ...(o.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: o.revisionHistoryLimit } : {}),
  };
}

/** A source and destination with ApplicationSet placeholders filled in, for {@link specProblems}. */
export interface ResolvedSpec {
  readonly namespace: string;
  readonly project?: IAppProject;
  readonly source: ApplicationSource;
  readonly repoUrl: string;
  readonly path: string;
  readonly destination: { readonly server?: string; readonly name?: string; readonly namespace?: string };
}

const opsReposByApp = new WeakMap<IConstruct, Set<GitOpsRepo>>();

/** Records that an Application of the app under `scope`'s root uses `repo`, so paths into it get checked. */
export function registerOpsRepo(scope: IConstruct, repo: GitOpsRepo | undefined): void {
  if (!repo) return;
  const root = scope.node.root;
  const set = opsReposByApp.get(root) ?? new Set<GitOpsRepo>();
  set.add(repo);
  opsReposByApp.set(root, set);
}

/** Cross-resource problems: the project admits source, destination and namespace; ops-repo paths exist. */
export function specProblems(scope: IConstruct, s: ResolvedSpec): string[] {
  const out: string[] = [];
  const project = s.project;
  const urlWrong = checkGitUrl(s.repoUrl);
  if (urlWrong) out.push(problem('spec.source.repoURL', s.repoUrl, urlWrong, 'Give the clone URL; Argo CD reads repository credentials from its repository Secrets'));
  const serverWrong = s.destination.server === undefined ? undefined : checkClusterServerUrl(s.destination.server);
  if (serverWrong) {
    out.push(problem('spec.destination.server', s.destination.server, serverWrong,
      'Give the API server URL the cluster is registered with in Argo CD (argocd cluster list), e.g. https://prod.example.com:6443, or the cluster\'s name; its credentials stay in Argo CD\'s cluster Secret'));
  }
  if (project?.permitsSourceRepo?.(s.repoUrl) === false) {
    out.push(problem('spec.source.repoURL', s.repoUrl, `is not admitted by AppProject '${project.name}' (spec.sourceRepos)`, `Add it with addSourceRepo('${s.repoUrl}') on the project`));
  }
  if (project?.permitsDestination?.(s.destination) === false) {
    out.push(problem('spec.destination', s.destination, `is not admitted by AppProject '${project.name}' (spec.destinations)`,
      `Add it with addDestination(${JSON.stringify({ ...s.destination, namespace: s.destination.namespace ?? '*' })}) on the project`));
  }
  if (project?.permitsApplicationNamespace?.(s.namespace) === false) {
    out.push(problem('metadata.namespace', s.namespace, `may not use AppProject '${project.name}' (not its namespace, not in its sourceNamespaces)`,
      'Put the Application in the project\'s namespace, or add this namespace to the project\'s sourceNamespaces'));
  }
  const chart = s.source.chart;
  if (chart && chart.node.root !== scope.node.root) {
    out.push(problem('spec.source', chart.node.path, 'is a FolderChart of another app, so this app does not write its folder', 'Create the chart in the same app as the Application'));
  }
  out.push(...opsRepoPathProblems(scope, s));
  return out;
}

function opsRepoPathProblems(scope: IConstruct, s: ResolvedSpec): string[] {
  const root = scope.node.root;
  const repos = new Set([...opsReposByApp.get(root) ?? [], ...s.source.opsRepo ? [s.source.opsRepo] : []]);
  const url = normalizeRepoUrl(s.repoUrl);
  const rev = s.source.targetRevision;
  const folders = TreeIndex.of(root).select('folders', cs => cs.filter(FolderChart.isFolderChart).map(c => c.folder).sort());
  const folderSet = TreeIndex.of(root).select('folder-set', () => new Set(folders));
  for (const repo of repos) {
    const sameRevision = rev === repo.targetRevision || rev === 'HEAD' || repo.targetRevision === 'HEAD';
    if (normalizeRepoUrl(repo.url) !== url || !sameRevision) continue;
    const folder = repo.folderOf(s.path);
    if (folder === undefined) continue;
    const recurse = s.source.directory.recurse === true;
    const exists = folderSet.has(folder) || (recurse && folders.some(f => folder === '' || f.startsWith(`${folder}/`)));
    if (!exists) {
      const listed = folders.map(f => (repo.manifestsPath ? `${repo.manifestsPath}/${f}` : f));
      return [problem('spec.source.path', s.path,
        `is in the ops repository's manifests folder '${repo.manifestsPath || '.'}' but no FolderChart of this app writes there${recurse ? ' or below' : ''}`,
        `Use ApplicationSource.fromFolderChart(chart, repo), or one of: ${listed.join(', ') || '(no folders)'}`)];
    }
  }
  return [];
}
