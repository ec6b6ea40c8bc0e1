import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { TreeIndex } from './tree-index';

/** What an object that references a Secret knows about it: how it must look. */
export interface SecretDescription {
  /** The Secret's namespace. */
  readonly namespace: string;
  /** The Secret's name. */
  readonly name: string;
  /** The Secret's `type`, e.g. `kubernetes.io/basic-auth`. */
  readonly type: string;
  /** The keys it must hold. */
  readonly keys: readonly string[];
  /** Annotations it must carry, e.g. kpack's `kpack.io/git`. @default - none */
  readonly annotations?: { readonly [key: string]: string };
  /** What it is for, in a few words. */
  readonly purpose: string;
  /** The prop that named the Secret, for messages, e.g. `ci.gitCredentialsSecret`. @default - 'secret' */
  readonly field?: string;
  /**
   * The type is a guess that a later description may correct (a service account lists registry and git
   * Secrets alike, and the one who adds a git Secret describes it as such): it yields to a description that
   * is not assumed, and never conflicts with one.
   * @default false
   */
  readonly assumed?: boolean;
  /**
   * The chart of the objects that use it, when the same namespace and name could be another Secret on
   * another cluster: the description then applies to the Secret on that chart's cluster only.
   * @default - the Secret of this namespace and name on any cluster
   */
  readonly chart?: Chart;
}

/** One Secret that objects of the repository reference, and what is known about it. */
export interface SecretReference {
  /** The cluster it must be on, as {@link SecretReferenceOptions.clusterOf} names it; `''` without one. */
  readonly cluster: string;
  /** The Secret's namespace. */
  readonly namespace: string;
  /** The Secret's name. */
  readonly name: string;
  /** Its type, as far as the references tell. */
  readonly type: string;
  /** The keys the references read (and the description names). */
  readonly keys: readonly string[];
  /** Annotations it must carry. */
  readonly annotations: { readonly [key: string]: string };
  /** What it is for, when described. */
  readonly purpose?: string;
  /** The objects that reference it, as `Kind/name`. */
  readonly usedBy: readonly string[];
}

const descriptions = new WeakMap<IConstruct, Map<string, SecretDescription>>();

/**
 * Says how a Secret that `scope`'s objects reference must look (type, keys, annotations, purpose), for the
 * front page's table of Secrets. The table lists every referenced Secret whether described or not; a
 * description only adds what a reference cannot tell.
 *
 * One Secret has one type: a Secret described with another type than before in the same namespace (the
 * webhook secret named like the git credentials, registry credentials named like a basic-auth git Secret)
 * could serve only one of the two, so this throws, naming both uses.
 */
export function describeSecret(scope: IConstruct, description: SecretDescription): void {
  const root = scope.node.root;
  const byKey = descriptions.get(root) ?? new Map<string, SecretDescription>();
  descriptions.set(root, byKey);
  // A description for a chart is of the Secret on that chart's cluster; one without, of the Secret on any.
  const key = `${description.chart?.node.path ?? '*'}\0${description.namespace}\0${description.name}`;
  const before = byKey.get(key) ?? byKey.get(`*\0${description.namespace}\0${description.name}`);
  if (before && !before.assumed && !description.assumed && before.type !== description.type) {
    fail(scope, description.field ?? 'secret', description.name,
      `names the Secret with which ${before.purpose}${before.field ? ` (${before.field})` : ''}, of type ${before.type}, in namespace '${description.namespace}'; `
      + `here it is the one with which ${description.purpose}, of type ${description.type}: one Secret has one type, so one of the two would fail`,
      'Give each use a Secret of its own');
  }
  const own = byKey.get(key);
  if (!own || own.assumed || !description.assumed) byKey.set(key, description);
}

interface Found { cluster: string; namespace: string; name: string; keys: Set<string>; type?: string; usedBy: Set<string> }

/** Options of {@link secretReferences}. */
export interface SecretReferenceOptions {
  /**
   * The cluster of a chart's objects (its folder's): the same namespace and name on two clusters are two
   * Secrets. @default - one cluster for all
   */
  readonly clusterOf?: (chart: Chart) => string;
  /**
   * Sees every object node of every object's `spec` (and the object's JSON and cluster) in the same walk, for a caller
   * that needs another look at the same nodes: one walk over tens of thousands of objects instead of two.
   */
  readonly alsoVisit?: (json: any, node: any, cluster: string) => void;
}

/**
 * Every Secret referenced by an object of `root`'s tree, sorted by cluster, namespace and name:
 * ServiceAccount `secrets` and `imagePullSecrets` and a pod's `imagePullSecrets`
 * (`kubernetes.io/dockerconfigjson` unless described otherwise), `secretKeyRef`, `secretRef` (Flux,
 * `envFrom`), and any `secretName` (volumes, Tekton workspaces, Triggers interceptor params), anywhere in an
 * object, also inside templates.
 */
export function secretReferences(root: IConstruct, options: SecretReferenceOptions = {}): SecretReference[] {
  const index = TreeIndex.of(root);
  const found = new Map<string, Found>();
  const clusterOf = options.clusterOf ?? (() => '');
  let cluster = '';
  const add = (namespace: string, name: unknown, owner: string, key?: unknown, type?: string) => {
    if (typeof name !== 'string' || name === '') return;
    const id = `${cluster}/${namespace}/${name}`;
    const entry = found.get(id) ?? { cluster, namespace, name, keys: new Set<string>(), usedBy: new Set<string>() };
    if (typeof key === 'string' && key) entry.keys.add(key);
    if (type && !entry.type) entry.type = type;
    entry.usedBy.add(owner);
    found.set(id, entry);
  };
  for (const obj of index.apiObjects) {
    cluster = clusterOf(Chart.of(obj));
    const json = index.json(obj);
    const namespace = json.metadata?.namespace ?? '';
    const owner = `${json.kind}/${json.metadata?.name ?? json.metadata?.generateName ?? '?'}`;
    if (json.kind === 'ServiceAccount' && !json.apiVersion.includes('/')) {
      for (const s of [...json.secrets ?? [], ...json.imagePullSecrets ?? []]) add(namespace, s?.name, owner, '.dockerconfigjson', 'kubernetes.io/dockerconfigjson');
    }
    walkObjects(json.spec ?? {}, node => {
      options.alsoVisit?.(json, node, cluster);
      if (Array.isArray(node.imagePullSecrets)) {
        for (const s of node.imagePullSecrets) add(namespace, s?.name, owner, '.dockerconfigjson', 'kubernetes.io/dockerconfigjson');
      }
      if (node.secretKeyRef) add(namespace, node.secretKeyRef.name, owner, node.secretKeyRef.key);
      if (node.secretRef && typeof node.secretRef.name === 'string') add(namespace, node.secretRef.name, owner);
      if (typeof node.secretName === 'string') add(namespace, node.secretName, owner, node.secretKey);
    });
  }
  // A description for a chart applies on that chart's cluster; one without, on any cluster.
  const described = new Map<string, SecretDescription>();
  for (const d of descriptions.get(root.node.root)?.values() ?? []) {
    described.set(d.chart ? `${clusterOf(d.chart)}/${d.namespace}/${d.name}` : `*/${d.namespace}/${d.name}`, d);
  }
  return [...found.values()].map(f => {
    const d = described.get(`${f.cluster}/${f.namespace}/${f.name}`) ?? described.get(`*/${f.namespace}/${f.name}`);
    // A ServiceAccount lists git Secrets beside registry ones: a description says which is which.
    const foundKeys = [...f.keys].filter(k => !(d && d.type !== 'kubernetes.io/dockerconfigjson' && k === '.dockerconfigjson'));
    const keys = [...new Set([...d?.keys ?? [], ...foundKeys])];
    return {
      cluster: f.cluster,
      namespace: f.namespace,
      name: f.name,
      type: d?.type ?? f.type ?? 'Opaque',
      keys: keys.sort(),
      annotations: { ...d?.annotations ?? {} },
      ...(d ? { purpose: d.purpose } : {}),
      usedBy: [...f.usedBy].sort(),
    };
  }).sort((a, b) => compareKeys([a.cluster, a.namespace, a.name], [b.cluster, b.namespace, b.name]));
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Calls `visit` on every object (not array) in a rendered object's JSON, depth first, `value` included. */
export function walkObjects(value: unknown, visit: (node: any) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walkObjects(value[i], visit);
    return;
  }
  visit(value);
  // Rendered JSON has plain objects only: for...in reads their own keys without a copy of the values.
  for (const key in value) {
    const v = (value as { [key: string]: unknown })[key];
    if (v !== null && typeof v === 'object') walkObjects(v, visit);
  }
}
