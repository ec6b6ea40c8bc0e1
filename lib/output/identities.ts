import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { problem } from '../core/errors';
import { apiGroup, isClusterScoped } from '../core/kinds';
import { TreeIndex } from '../core/tree-index';
import { folderClusters, FolderCluster, IN_CLUSTER } from './clusters';

/** API groups whose objects tekton-lint reads; it keys them by kind and name only. */
const TEKTON_GROUP = /^(tekton\.dev|triggers\.tekton\.dev)\//;

/**
 * Every ApiObject of the tree by the key it must be unique under, and each object's key, built once per
 * synthesis from one index of the folders' clusters (no lookup of the syncing Application per object).
 */
function identities(index: TreeIndex): { byKey: Map<string, ApiObject[]>; keyOf: Map<ApiObject, string> } {
  return index.select('object-identities', () => {
    const clusters = folderClusters(index.root);
    const byKey = new Map<string, ApiObject[]>();
    const keyOf = new Map<ApiObject, string>();
    for (const obj of index.apiObjects) {
      const key = identityOf(obj, index.json(obj), clusters.get(Chart.of(obj)) ?? IN_CLUSTER);
      if (key === undefined) continue;
      keyOf.set(obj, key);
      const list = byKey.get(key);
      if (list) list.push(obj); else byKey.set(key, [obj]);
    }
    return { byKey, keyOf };
  });
}

/** Where an object was made, for messages: a construct's own object is its 'Resource' child, so name the construct, as the user wrote it. */
export function ownerPath(obj: IConstruct): string {
  return obj.node.id === 'Resource' && obj.node.scope ? obj.node.scope.node.path : obj.node.path;
}

/**
 * The key under which an object must be unique in the whole output: the cluster its folder is synced to,
 * API group, kind, namespace and name (what Argo CD and each cluster's API server key objects by: the same
 * namespace and name on two clusters are two objects). Tekton and Triggers kinds are keyed by kind and name
 * alone, whatever their cluster: tekton-lint reads the whole output as one set of files and ignores
 * namespaces (`no-duplicate-resource`), and every Task and Pipeline name carries its app's name anyway.
 * Objects with `generateName` are not keyed: the API server names each.
 */
function identityOf(obj: ApiObject, json: any, cluster: FolderCluster): string | undefined {
  const name = json.metadata?.name;
  if (name === undefined) return undefined;
  if (TEKTON_GROUP.test(obj.apiVersion)) return `tekton\0${obj.kind}\0${name}`;
  return `${cluster.key}\0${apiGroup(obj.apiVersion)}\0${obj.kind}\0${namespaceOf(obj, json) ?? ''}\0${name}`;
}

/** The object's namespace; none for a cluster-scoped kind, whatever its metadata says. */
function namespaceOf(obj: ApiObject, json: any): string | undefined {
  return isClusterScoped(obj.apiVersion, obj.kind) ? undefined : json.metadata?.namespace;
}

/**
 * Problems of the objects of `chart` that share their identity with an object that comes earlier in the
 * tree, naming both construct paths. Two objects of one identity in two folders would be owned by two Argo
 * CD Applications, each pruning or overwriting the other's copy. Costs one lookup per object: the
 * identities are indexed once per synthesis.
 */
export function identityProblems(chart: Chart): string[] {
  const index = TreeIndex.of(chart);
  const { byKey, keyOf } = identities(index);
  const out: string[] = [];
  for (const obj of index.objectsOf(chart)) {
    const key = keyOf.get(obj);
    const same = key === undefined ? undefined : byKey.get(key);
    if (!same || same[0] === obj) continue;
    const first = same[0];
    const json = index.json(obj);
    const ns = namespaceOf(obj, json);
    const tekton = TEKTON_GROUP.test(obj.apiVersion);
    const cluster = folderClusters(chart).get(chart) ?? IN_CLUSTER;
    out.push(problem('metadata.name', json.metadata.name,
      `of the ${obj.kind} at ${ownerPath(obj)} is also the name of the ${first.kind} at ${ownerPath(first)}`
      + (tekton ? '' : ` (${ns ? `namespace '${ns}'` : 'cluster-scoped'}, cluster '${cluster.label}')`),
      tekton
        ? `Give each ${obj.kind} its own name: the output is linted as one set of files, and tekton-lint's no-duplicate-resource ignores namespaces`
        : 'Give each object its own name or namespace on that cluster: one object in two folders is owned by two Argo CD Applications, which undo each other'));
  }
  return out;
}
