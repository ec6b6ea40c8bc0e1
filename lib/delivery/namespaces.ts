import { Chart } from 'cdk8s';
import { Application } from '../argocd/application';
import { defaultProjectOf, IOpsRepository, ProjectScope, projectScopes } from '../argocd/ops-repository';
import { problem } from '../core/errors';
import { isClusterScoped } from '../core/kinds';
import { TreeIndex } from '../core/tree-index';
import { FolderCluster, IN_CLUSTER } from '../output/clusters';
import { FolderChart } from '../output/folder-chart';
import { Platform } from '../platform/platform';
import { RELEASES } from '../platform/releases';
import { deliveredApps, IDeliveredApp } from './delivered-app';

// Who owns which namespace on which cluster, and the checks that keep teams, apps and the platform apart:
// each team's AppProject admits exactly the namespaces its Applications use (deriveFromApplications), so a
// namespace two teams use would let each change or delete the other's objects. Computed once per synthesis
// from the Applications; each problem is reported on the folder (FolderChart) that causes it.

/** Namespaces of Kubernetes itself, on every cluster: nothing of a team belongs there. */
const KUBERNETES_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['kube-system', 'the namespace of Kubernetes\' own components'],
  ['kube-public', 'readable by every user, unauthenticated ones included'],
  ['kube-node-lease', 'the namespace of the nodes\' heartbeats'],
  ['default', 'where anything without a namespace lands, so no team owns it'],
]);

/** Who uses a namespace: a team, the apps in no team (the repository's project), or the platform. */
interface Tenant {
  readonly key: string;
  readonly what: string;
}

interface Use {
  readonly tenant: Tenant;
  readonly chart: FolderChart;
  readonly application: Application;
}

/** The namespace problems of the folder `chart`, each `<field> '<value>' <what>. <fix>`. */
export function namespaceProblems(ops: IOpsRepository, chart: FolderChart): string[] {
  return TreeIndex.of(ops).select('namespace-ownership', () => ownership(ops)).get(chart) ?? [];
}

function ownership(ops: IOpsRepository): Map<FolderChart, string[]> {
  const index = TreeIndex.of(ops);
  const out = new Map<FolderChart, string[]>();
  const report = (chart: FolderChart, message: string) => {
    const list = out.get(chart);
    if (list) list.push(message); else out.set(chart, [message]);
  };
  const apps = deliveredApps(ops);
  const appOf = new Map<Chart, IDeliveredApp>();
  const envOf = new Map<Chart, string>();
  for (const app of apps) {
    for (const c of [app.ciChart, app.buildChart, app.fluxChart]) if (c) appOf.set(c, app);
    for (const [env, c] of app.environmentCharts) { appOf.set(c, app); envOf.set(c, env); }
  }
  const scopes = projectScopes(ops);
  const teams = { byFolder: new Map(scopes.map(t => [t.folder, t])), byProject: new Map(scopes.map(t => [t.project.name, t])) };
  const tenantOf = (chart: FolderChart): Tenant => {
    const scope = defaultProjectOf(chart);
    if (scope) return { key: `team\0${scope.project.name}`, what: `team '${scope.project.name}'` };
    return appOf.has(chart) ? { key: 'apps', what: 'the apps in no team' } : { key: 'platform', what: 'the platform' };
  };

  // Every namespace each Application's folder uses on its cluster, by cluster and namespace.
  const used = new Map<string, Use[]>();
  const syncs: Array<{ application: Application; chart: FolderChart; cluster: FolderCluster; tenant: Tenant; namespaces: Set<string> }> = [];
  for (const application of index.all('argocd.Application', (c): c is Application => c instanceof Application)) {
    const chart = application.syncedChart;
    if (!chart || !FolderChart.isFolderChart(chart)) continue;
    const namespaces = new Set<string>(application.destination.namespace ? [application.destination.namespace] : []);
    for (const obj of index.objectsOf(chart)) {
      const ns = index.json(obj).metadata?.namespace;
      if (ns && !isClusterScoped(obj.apiVersion, obj.kind)) namespaces.add(ns);
    }
    const sync = { application, chart, cluster: application.syncedCluster, tenant: tenantOf(chart), namespaces };
    syncs.push(sync);
    for (const ns of namespaces) {
      const key = `${sync.cluster.key}\0${ns}`;
      const list = used.get(key);
      if (list) list.push({ tenant: sync.tenant, chart, application }); else used.set(key, [{ tenant: sync.tenant, chart, application }]);
    }
  }

  const platform = platformNamespaces(ops, syncs.filter(s => s.tenant.key === 'platform'));
  const clusterOf = new Map(syncs.map(s => [s.chart, s.cluster]));
  const ciAndBuild = new Map<string, string>();
  for (const app of apps) {
    ciAndBuild.set(`${(clusterOf.get(app.ciChart) ?? IN_CLUSTER).key}\0${app.namespaces.ci}`, `the CI namespace of app '${app.appName}'`);
    ciAndBuild.set(`${(clusterOf.get(app.buildChart) ?? IN_CLUSTER).key}\0${app.namespaces.build}`, `the build namespace of app '${app.appName}'`);
  }
  const fix = 'Give it a namespace of its own (an environment\'s default is \'<app>-<environment>\')';

  for (const s of syncs) {
    for (const ns of s.namespaces) {
      const key = `${s.cluster.key}\0${ns}`;
      const onCluster = `on cluster '${s.cluster.label}'`;
      if (s.tenant.key !== 'platform') {
        const reserved = KUBERNETES_NAMESPACES.get(ns) ?? (s.cluster.key === IN_CLUSTER.key ? platform.get(ns) : undefined);
        if (reserved) {
          report(s.chart, problem('namespace', ns, `${onCluster} is ${reserved}, and ${s.tenant.what} may not deploy there (Application ${s.application.name})`, fix));
          continue;
        }
      }
      const env = envOf.get(s.chart);
      const ci = env !== undefined ? ciAndBuild.get(key) : undefined;
      if (ci) {
        report(s.chart, problem(`environments[${env}].namespace`, ns, `${onCluster} is ${ci}, where the pipeline's credentials are: the app would run beside them`, fix));
        continue;
      }
      const firstOwner = used.get(key)![0];
      if (firstOwner.tenant.key !== s.tenant.key) {
        report(s.chart, problem('namespace', ns, `${onCluster} is also used by ${firstOwner.tenant.what} (Application ${firstOwner.application.name}, folder ${firstOwner.chart.folder}), `
          + `so the AppProjects of both would admit it and each could change or delete the other's objects`,
          'Give each team namespaces of its own on each cluster (an environment\'s default is \'<app>-<environment>\')'));
      }
    }
    folderProblems(teams, s, tenantOf).forEach(m => report(s.chart, m));
  }
  return out;
}

/**
 * The namespaces of the cluster Argo CD runs in that belong to the platform: Argo CD's, each platform
 * component's (the release's own, or upstream's when the cluster runs it already), and those of the
 * repository's folders outside every app and team (builders, kpush).
 */
function platformNamespaces(ops: IOpsRepository, platformSyncs: ReadonlyArray<{ chart: FolderChart; cluster: FolderCluster; namespaces: Set<string> }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of platformSyncs) {
    if (s.cluster.key !== IN_CLUSTER.key) continue;
    for (const ns of s.namespaces) if (!out.has(ns)) out.set(ns, `the namespace of the platform's folder ${s.chart.folder}`);
  }
  const components = Platform.of(ops)?.components ?? [];
  for (const release of Object.values(RELEASES)) {
    const own = components.find(c => c.component === release.component)?.release;
    const ns = (own ?? release).namespace;
    if (!out.has(ns)) out.set(ns, `the namespace of the platform component ${release.component}`);
  }
  out.set(ops.project.namespace, 'the namespace Argo CD runs in');
  return out;
}

/**
 * A team's folders are its own: under `<team>/`, synced in its AppProject; no other team's or app's
 * folder goes there, and no team's project syncs another's folder.
 */
function folderProblems(
  teams: { readonly byFolder: ReadonlyMap<string, ProjectScope>; readonly byProject: ReadonlyMap<string, ProjectScope> },
  s: { application: Application; chart: FolderChart },
  tenantOf: (c: FolderChart) => Tenant,
): string[] {
  const out: string[] = [];
  const own = defaultProjectOf(s.chart);
  const top = s.chart.folder.split('/')[0];
  const under = teams.byFolder.get(top);
  if (under && under !== own) {
    out.push(problem('folder', s.chart.folder, `is in the folder of team '${under.project.name}' (${under.folder}/), but it belongs to ${tenantOf(s.chart).what}`,
      own ? `Give it a folder under '${own.folder}/', or create it in team '${under.project.name}'` : `Give it a folder outside '${under.folder}/', or create it in team '${under.project.name}'`));
  }
  const projectTeam = teams.byProject.get(s.application.project.name);
  if (own && s.application.project.name !== own.project.name) {
    out.push(problem('project', s.application.project.name, `of Application ${s.application.name} is not the AppProject of team '${own.project.name}', whose folder it syncs`,
      'Leave syncFolder\'s project out: a team\'s folders are synced in its own project'));
  } else if (!own && projectTeam) {
    out.push(problem('project', s.application.project.name, `of Application ${s.application.name} is the AppProject of team '${projectTeam.project.name}', but the folder is not the team's`,
      `Create the folder in team '${projectTeam.project.name}', or sync it in another project`));
  }
  return out;
}
