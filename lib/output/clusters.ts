import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { TreeIndex } from '../core/tree-index';

/** The cluster a folder of the output is synced to. */
export interface FolderCluster {
  /** Compares clusters: `in-cluster`, `server:<url>` or `name:<name>` (a cluster given once by name and once by URL cannot be matched). */
  readonly key: string;
  /** How the cluster reads to a person: its registered name or API server URL, or `in-cluster`. */
  readonly label: string;
}

/** The cluster Argo CD runs in, and the cluster of a folder nothing syncs. */
export const IN_CLUSTER: FolderCluster = { key: 'in-cluster', label: 'in-cluster' };

/**
 * What syncs a folder of the output to a cluster: an Argo CD Application. The output layer cannot import
 * Argo CD's constructs (they are built on it), so they register themselves through this interface.
 */
export interface IFolderSync extends IConstruct {
  /** The chart whose folder is synced, when it is one of this app's. */
  readonly syncedChart: Chart | undefined;
  /** The cluster it deploys to. */
  readonly syncedCluster: FolderCluster;
}

const FOLDER_SYNC = Symbol.for('push-delivery.FolderSync');

/** Marks `sync` as the syncer of its chart's folder, for {@link clusterOfChart}. */
export function registerFolderSync(sync: IFolderSync): void {
  Object.defineProperty(sync, FOLDER_SYNC, { value: true });
}

/**
 * The cluster of each synced chart of `scope`'s tree, indexed once per synthesis (the first syncer counts;
 * a folder synced twice is an error of its own).
 */
export function folderClusters(scope: IConstruct): ReadonlyMap<Chart, FolderCluster> {
  return TreeIndex.of(scope).select('folder-clusters', constructs => {
    const out = new Map<Chart, FolderCluster>();
    for (const c of constructs) {
      if (!(FOLDER_SYNC in c)) continue;
      const sync = c as unknown as IFolderSync;
      if (sync.syncedChart && !out.has(sync.syncedChart)) out.set(sync.syncedChart, sync.syncedCluster);
    }
    return out;
  });
}

/** The cluster `chart`'s folder is synced to; {@link IN_CLUSTER} when nothing syncs it. */
export function clusterOfChart(chart: Chart): FolderCluster {
  return folderClusters(chart).get(chart) ?? IN_CLUSTER;
}
