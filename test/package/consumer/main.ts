// An ops repository written against the installed package, as a team outside this repository writes one:
// a Go service with the default checks, and a Node.js service checked by the catalog's NodeCheckTask and by
// a Task of the team's own, both running in staging and production on two clusters.
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppDelivery, Cluster, ClusterBuilder, Environment, NodeCheckTask, OpsRepo, Task } from 'cdk8s-push-delivery';

export const app = new OpsRepo({ url: 'https://github.com/example/stranger-ops.git' });

const staging = Cluster.named('staging');
const production = Cluster.server('https://prod.example.com:6443');
const triggers = { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } };
const environments = (name: string) => [
  Environment.deployment({ name: 'staging', namespace: `${name}-staging`, cluster: staging }),
  Environment.deployment({ name: 'prod', namespace: name, cluster: production, replicas: 2 }),
];

new AppDelivery(app, 'ledger', {
  repository: { url: 'https://github.com/example/ledger.git' },
  image: { tag: 'docker.io/example/ledger', builder: ClusterBuilder.fromName('paketo-go') },
  ci: { gitCredentialsSecret: 'github-credentials' },
  triggers,
  environments: environments('ledger'),
});

new AppDelivery(app, 'storefront', {
  repository: { url: 'https://github.com/example/storefront.git' },
  image: { tag: 'docker.io/example/storefront', builder: ClusterBuilder.fromName('paketo-nodejs'), build: { env: { BP_NODE_VERSION: '22.*' } } },
  ci: {
    gitCredentialsSecret: 'github-credentials',
    checks: ci => {
      // The team's own check: the production dependencies must carry no known high-severity vulnerability.
      const audit = new Task(ci, 'storefront-audit', {
        metadata: { name: 'storefront-audit' },
        description: 'Audits the production dependencies the lock file pins.',
        workspaces: { source: { description: 'The checkout to audit' } },
      });
      audit.addStep({
        name: 'audit',
        image: 'docker.io/library/node:22.21.1-bookworm-slim',
        workingDir: audit.workspace('source').path,
        script: '#!/bin/sh\nset -eu\nnpm audit --omit=dev --audit-level=high\n',
        computeResources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
        securityContext: {
          runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
        },
      });
      return [
        { name: 'test', task: new NodeCheckTask(ci, 'storefront-test', { metadata: { name: 'storefront-test' }, scripts: 'test' }) },
        { name: 'audit', task: audit },
      ];
    },
  },
  triggers,
  environments: environments('storefront'),
});
