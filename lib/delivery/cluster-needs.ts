import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Application } from '../argocd/application';
import { apiGroup } from '../core/kinds';
import { TreeIndex } from '../core/tree-index';
import { FolderCluster, folderClusters, IN_CLUSTER } from '../output/clusters';
import { ComponentName, RELEASES } from '../platform/releases';
import { deliveredApps } from './delivered-app';

/** What one cluster of the repository gets, and what it must run for that, read from the rendered objects. */
export interface ClusterNeeds {
  /** The cluster. */
  readonly cluster: FolderCluster;
  /** The Applications that deploy to it. */
  readonly applications: readonly string[];
  /** The components whose kinds its objects use, each with the objects that use it (`Kind name`). */
  readonly components: ReadonlyMap<ComponentName, readonly string[]>;
  /**
   * kpack builders its Images reference by name that no object of this repository defines on it
   * (`ClusterBuilder name`, `Builder namespace/name`), each with the Images that use it.
   */
  readonly builders: ReadonlyMap<string, readonly string[]>;
}

/**
 * Every cluster the repository deploys to, the cluster Argo CD runs in first (then by name): its
 * Applications, the components its objects need and the builders they name. One pass over the objects.
 */
export function clusterNeeds(root: IConstruct): readonly ClusterNeeds[] {
  const index = TreeIndex.of(root);
  const clusters = folderClusters(root);
  const byKey = new Map<string, { cluster: FolderCluster; applications: string[]; components: Map<ComponentName, Set<string>>; builders: Map<string, Set<string>> }>();
  const entry = (cluster: FolderCluster) => {
    let e = byKey.get(cluster.key);
    if (!e) byKey.set(cluster.key, e = { cluster, applications: [], components: new Map(), builders: new Map() });
    return e;
  };
  entry(IN_CLUSTER);
  for (const app of index.all('argocd.Application', (c): c is Application => c instanceof Application)) {
    entry(app.syncedCluster).applications.push(app.name);
  }
  const componentOf = new Map<string, ComponentName>();
  for (const release of Object.values(RELEASES)) for (const group of release.apiGroups) componentOf.set(group, release.component);
  const defined = new Set<string>();
  const referenced: Array<{ cluster: FolderCluster; builder: string; by: string }> = [];
  for (const obj of index.apiObjects) {
    const cluster = clusters.get(Chart.of(obj)) ?? IN_CLUSTER;
    const json = index.json(obj);
    const component = componentOf.get(apiGroup(obj.apiVersion));
    if (component) add(entry(cluster).components, component, `${obj.kind} ${json.metadata?.name ?? ''}`);
    const builder = builderRef(obj, json);
    if (builder) referenced.push({ cluster, builder, by: `${obj.kind} ${json.metadata?.name}` });
    if (obj.kind === 'ClusterBuilder' || obj.kind === 'Builder') defined.add(`${cluster.key}\0${builderName(obj.kind, json.metadata?.namespace, json.metadata?.name)}`);
  }
  // An app's Image is not rendered before its first pin, and then needs kpack and its builder all the same.
  for (const app of deliveredApps(root)) {
    const cluster = clusters.get(app.buildChart) ?? IN_CLUSTER;
    const b = app.image.builder;
    add(entry(cluster).components, ComponentName.KPACK, `Image ${app.image.name}`);
    referenced.push({ cluster, builder: builderName(b.kind, b.namespace ?? app.image.namespace, b.name), by: `Image ${app.image.name}` });
  }
  for (const r of referenced) if (!defined.has(`${r.cluster.key}\0${r.builder}`)) add(entry(r.cluster).builders, r.builder, r.by);
  // Sorted, so the page does not depend on whether an app's Image is rendered yet: the pin step changes
  // the Image and the pin file only, never the front page.
  const order = Object.values(ComponentName);
  const sorted = <K>(m: Map<K, Set<string>>, compare: (a: K, b: K) => number) => new Map([...m].sort(([a], [b]) => compare(a, b)).map(([k, v]) => [k, [...v].sort()]));
  return [...byKey.values()]
    .map(e => ({
      cluster: e.cluster,
      applications: e.applications,
      components: sorted(e.components, (a, b) => order.indexOf(a) - order.indexOf(b)),
      builders: sorted(e.builders, (a, b) => (a < b ? -1 : 1)),
    }))
    .sort((a, b) => (a.cluster.key === IN_CLUSTER.key ? -1 : b.cluster.key === IN_CLUSTER.key ? 1 : a.cluster.label < b.cluster.label ? -1 : 1));
}

/** The builder a kpack Image builds with (`spec.builder`), as {@link builderName} names it. */
function builderRef(obj: ApiObject, json: any): string | undefined {
  const ref = json.spec?.builder;
  if (obj.kind !== 'Image' || !apiGroup(obj.apiVersion).endsWith('kpack.io') || typeof ref?.name !== 'string') return undefined;
  return builderName(ref.kind, ref.namespace ?? json.metadata?.namespace, ref.name);
}

function builderName(kind: string, namespace: string | undefined, name: string): string {
  return kind === 'ClusterBuilder' ? `ClusterBuilder ${name}` : `${kind} ${namespace}/${name}`;
}

function add<K>(map: Map<K, Set<string>>, key: K, value: string): void {
  const set = map.get(key);
  if (set) set.add(value); else map.set(key, new Set([value]));
}
