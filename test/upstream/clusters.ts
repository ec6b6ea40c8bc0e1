// Which cluster each object of an ops repository's output lands on: the destination of the Argo CD Application
// that syncs its folder. Objects of one cluster are applied to one API server; no two clusters share one.
import * as fs from 'fs';
import * as path from 'path';
import { describeObject, Manifest, readManifests } from '../support/manifests';
import { CrdCatalog } from './crds';

/** One destination cluster of one ops repository, as the API server test applies it. */
export interface ClusterPlan {
  /** `<output folder> <cluster>`, e.g. `examples/multi-team/dist staging`. */
  readonly name: string;
  readonly crds: string[];
  readonly namespaces: string[];
  readonly files: { path: string; label: string; namespace: string }[];
}

/** What a repository's output gives the API server test. */
export interface RepositoryPlan {
  readonly clusters: ClusterPlan[];
  /** Folders synced by an Application that hold only a kustomization.yaml of remote URLs: not applied. */
  readonly kustomizations: string[];
  /** Every object that goes to a cluster (for the count the test expects). */
  readonly objects: number;
}

/**
 * In-cluster, by name or URL: Argo CD registers the cluster it runs in as `in-cluster`,
 * https://kubernetes.default.svc (argo-cd common/common.go@v3.5.1: KubernetesInternalAPIServerAddr,
 * InClusterName).
 */
const IN_CLUSTER = 'https://kubernetes.default.svc';

interface Sync {
  readonly app: string;
  readonly path: string;
  readonly recurse: boolean;
  readonly cluster: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
}

function syncsOf(m: Manifest): Sync[] {
  const o = m.object;
  if (o.apiVersion === 'argoproj.io/v1alpha1' && o.kind === 'ApplicationSet') {
    throw new Error(`${m.file}: ${describeObject(o)}: ApplicationSets are not expanded here; the API server test cannot tell which cluster its folders go to`);
  }
  if (o.apiVersion !== 'argoproj.io/v1alpha1' || o.kind !== 'Application') return [];
  const d = o.spec?.destination ?? {};
  const cluster = d.server ?? (d.name === 'in-cluster' ? IN_CLUSTER : `name:${d.name}`);
  const createNamespace = (o.spec?.syncPolicy?.syncOptions ?? []).includes('CreateNamespace=true');
  const sources: any[] = o.spec?.sources ?? (o.spec?.source ? [o.spec.source] : []);
  return sources.filter(s => typeof s.path === 'string').map(s => ({
    app: o.metadata.name, path: s.path.replace(/\/+$/, ''), recurse: s.directory?.recurse === true,
    cluster, namespace: d.namespace ?? '', createNamespace,
  }));
}

/**
 * The plan of one output folder (`dist/` of the repository root `repoRoot`): each object file goes to the
 * cluster of the Application whose source path is its folder; the namespaces Argo CD creates
 * (`CreateNamespace=true`) and, on the cluster Argo CD runs in, `argocd` are created first; each cluster gets the
 * CRDs of the kinds it holds. A file no Application syncs is an error, as is one synced by two.
 */
export function planRepository(outDir: string, repoRoot: string, label: string, catalog: CrdCatalog): RepositoryPlan {
  const manifests = readManifests(outDir);
  const syncs = manifests.flatMap(syncsOf);
  const clusters = new Map<string, { crds: Set<string>; namespaces: Set<string>; files: Map<string, { path: string; label: string; namespace: string }> }>();
  const clusterOf = (c: string) => {
    let entry = clusters.get(c);
    if (!entry) clusters.set(c, entry = { crds: new Set(), namespaces: new Set(), files: new Map() });
    return entry;
  };
  // The bootstrap applies dist/argocd to the cluster Argo CD runs in, namespace argocd, which exists there.
  clusterOf(IN_CLUSTER).namespaces.add('argocd');
  for (const s of syncs) {
    if (s.createNamespace && s.namespace) clusterOf(s.cluster).namespaces.add(s.namespace);
  }
  const problems: string[] = [];
  for (const m of manifests) {
    const folder = path.relative(repoRoot, path.dirname(path.join(outDir, m.file))).split(path.sep).join('/');
    const matching = syncs.filter(s => s.path === folder || (s.recurse && folder.startsWith(`${s.path}/`)));
    const fileLabel = `${label}/${m.file}`;
    if (matching.length !== 1) {
      problems.push(`${fileLabel}: ${matching.length === 0 ? 'no Argo CD Application syncs its folder' : `synced by ${matching.map(s => s.app).join(' and ')}`}`);
      continue;
    }
    const c = clusterOf(matching[0].cluster);
    c.files.set(fileLabel, { path: path.join(outDir, m.file), label: fileLabel, namespace: matching[0].namespace });
    const crd = catalog.crdFor(m.object);
    if (crd) c.crds.add(crd.file);
  }
  if (problems.length > 0) throw new Error(`cannot tell where these objects go:\n${problems.join('\n')}`);
  const kustomizations = [...new Set(syncs.map(s => s.path))]
    .filter(p => fs.existsSync(path.join(repoRoot, p, 'kustomization.yaml')))
    .sort();
  return {
    clusters: [...clusters.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([cluster, c]) => ({
      name: `${label} ${cluster === IN_CLUSTER ? 'in-cluster' : cluster.replace(/^name:/, '')}`,
      crds: [...c.crds].sort(),
      namespaces: [...c.namespaces].sort(),
      files: [...c.files.values()],
    })),
    kustomizations,
    objects: manifests.length,
  };
}
