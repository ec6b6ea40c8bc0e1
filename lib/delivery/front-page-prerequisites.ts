import { IConstruct } from 'constructs';
import { md } from '../core/markdown';
import { secretReferences } from '../core/secret-references';
import { clusterOfChart, FolderCluster, folderClusters, IN_CLUSTER } from '../output/clusters';
import { toYaml } from '../output/render';
import { ClusterNeeds } from './cluster-needs';
import { IDeliveredApp } from './delivered-app';

// The front page's "what cannot be in git" (front-page.ts): Secrets, storage, builders and webhooks, each
// with the cluster it must be on. Every user value goes through `md`.

/** How a cluster reads on the front page. */
export function clusterText(cluster: FolderCluster): string {
  return md.code(cluster.label);
}

/** The sections on what must exist before the first sync, per cluster. */
export function prerequisites(root: IConstruct, apps: readonly IDeliveredApp[], needs: readonly ClusterNeeds[]): string[] {
  return [
    '## Before the first sync: what cannot be in git',
    '',
    ...secretsAndStorage(root),
    ...buildersSection(needs),
    ...webhooksSection(apps),
  ];
}

/**
 * The Secrets every object references and the namespaces whose runs claim storage of the default
 * StorageClass, by cluster: one walk over every object's spec for both.
 */
function secretsAndStorage(root: IConstruct): string[] {
  const clusters = folderClusters(root);
  const byKey = new Map<string, FolderCluster>([[IN_CLUSTER.key, IN_CLUSTER]]);
  // Workspace claims without a storage class need the cluster's default one; they are all in objects' specs
  // (Tekton workspaces, kpack's build cache), which the search for Secrets walks anyway.
  const claims = new Map<any, { cluster: string; claim: boolean; storageClass: boolean }>();
  const secrets = secretReferences(root, {
    clusterOf: chart => {
      const c = clusters.get(chart) ?? IN_CLUSTER;
      byKey.set(c.key, c);
      return c.key;
    },
    alsoVisit: (json, node, cluster) => {
      const claim = 'volumeClaimTemplate' in node;
      const storageClass = 'storageClassName' in node;
      if (!claim && !storageClass) return;
      const seen = claims.get(json) ?? { cluster, claim: false, storageClass: false };
      seen.claim ||= claim;
      seen.storageClass ||= storageClass;
      claims.set(json, seen);
    },
  });
  const order = (key: string) => (key === IN_CLUSTER.key ? '' : byKey.get(key)!.label);
  const sorted = [...secrets].sort((a, b) => (order(a.cluster) < order(b.cluster) ? -1 : order(a.cluster) > order(b.cluster) ? 1 : 0));
  const out = [
    '### Secrets',
    '',
    ...sorted.length === 0 ? ['No object references a Secret.'] : [
      'Every Secret an object in this repository references, on the cluster of the objects that use it. Create them with `kubectl create secret ...`, Sealed Secrets or External Secrets; never commit their values.',
      '',
      '| cluster | namespace | name | type | keys | annotations | used by | for |',
      '|---|---|---|---|---|---|---|---|',
    ],
    ...sorted.map(s => md.row([
      clusterText(byKey.get(s.cluster)!), s.namespace ? md.text(s.namespace) : '(cluster)', md.text(s.name), md.text(s.type),
      s.keys.map(k => md.code(k)).join(', ') || '(as the user expects)',
      Object.entries(s.annotations).map(([k, v]) => md.code(`${k}: ${v}`)).join(', '),
      md.text(s.usedBy.join(', ')), md.text(s.purpose ?? ''),
    ])),
    '',
    '### Storage',
    '',
  ];
  const namespaces = new Map<string, Set<string>>();
  for (const [json, seen] of claims) {
    if (!seen.claim || seen.storageClass) continue;
    const set = namespaces.get(seen.cluster) ?? new Set<string>();
    set.add(json.metadata?.namespace ?? '');
    namespaces.set(seen.cluster, set);
  }
  if (namespaces.size === 0) out.push('No workspace claims storage.', '');
  for (const [key, set] of [...namespaces].sort(([a], [b]) => (order(a) < order(b) ? -1 : 1))) {
    out.push(`On cluster ${clusterText(byKey.get(key)!)}, a default StorageClass (ReadWriteOnce): each PipelineRun in ${[...set].sort().map(n => md.code(n)).join(', ')} `
      + 'claims its workspace from it, and kpack\'s build cache uses it. The runs carry `tekton.dev/auto-cleanup-pvc: "true"`, so Tekton deletes their claims when they finish.', '');
  }
  return out;
}

function buildersSection(needs: readonly ClusterNeeds[]): string[] {
  const rows = needs.flatMap(n => [...n.builders].map(([builder, users]) => md.row([clusterText(n.cluster), md.code(builder), md.text(users.join(', '))])));
  const out = ['### kpack builders', ''];
  if (rows.length === 0) return [...out, 'Every builder an Image uses is defined in this repository.', ''];
  return [...out,
    'Builders the Images reference by name (`ClusterBuilder.fromName`, `Builder.fromName`), which this repository does not define: create each on the cluster named, with the buildpacks the app needs, before its first build.',
    '', '| cluster | builder | used by |', '|---|---|---|', ...rows, ''];
}

function webhooksSection(apps: readonly IDeliveredApp[]): string[] {
  const listeners = apps.filter(a => a.eventListener);
  const out = ['### GitHub webhooks', ''];
  if (listeners.length === 0) return [...out, 'No app is triggered by a webhook.', ''];
  return [...out,
    'Expose each EventListener\'s Service through an Ingress (or a LoadBalancer) that GitHub can reach, and add the webhook to the app repository: '
      + 'content type `application/json`, the secret from the Secret named below, events "Just the push event".',
    '',
    '| app | repository | cluster | Service (namespace) | port | URL path | content type | events | webhook secret |',
    '|---|---|---|---|---|---|---|---|---|',
    ...listeners.map(a => {
      const el = a.eventListener!;
      return md.row([md.text(a.appName), md.text(a.repositoryUrl), clusterText(clusterOfChart(a.ciChart)), `${md.code(el.serviceName)} (${md.code(el.namespace)})`,
        String(el.servicePort), '`/`', '`application/json`', '`push`', `${md.code(a.webhookSecret!.secretName)} key ${md.code(a.webhookSecret!.key)}`]);
    }),
    '',
    'An Ingress for each, on the cluster of its EventListener, for the cluster\'s default IngressClass (add `host` and TLS as your ingress needs; the webhook URL is then `https://<host>/`):',
    '',
    ...md.fence('yaml', listeners.map(a => toYaml({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: a.eventListener!.serviceName, namespace: a.eventListener!.namespace },
      spec: {
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: a.eventListener!.serviceName, port: { number: a.eventListener!.servicePort } } } }] } }],
      },
    })).join('---\n').trimEnd().split('\n')),
    '',
  ];
}
