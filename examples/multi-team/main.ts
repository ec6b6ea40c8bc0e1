// An ops repository shared by two teams: three services (Go, Node.js, Java) whose environments run on two
// clusters, a staging cluster known to Argo CD by name and a production cluster by its API server. Each team
// has its own AppProject, admitting exactly what its Applications deploy. Configuration only.
import * as path from 'path';
import {
  AppDelivery, Cluster, ClusterBuilder, Environment, JavaCheckTask, NodeCheckTask, OpsRepo, Team,
} from '../../lib';

export const app = new OpsRepo({
  url: 'https://github.com/example/platform-ops.git',
  root: __dirname,
  outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist'),
});

const staging = Cluster.named('staging');
const production = Cluster.server('https://prod.example.com:6443');
const trigger = { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } };
const environments = (name: string) => [
  Environment.deployment({ name: 'staging', namespace: `${name}-staging`, cluster: staging }),
  Environment.deployment({ name: 'prod', namespace: name, cluster: production, replicas: 3 }),
];

const payments = new Team(app, 'payments');
// Go: the default checks, golangci-lint and go test.
new AppDelivery(payments, 'ledger', {
  repository: { url: 'https://github.com/example/ledger.git' },
  image: { tag: 'docker.io/example/ledger', builder: ClusterBuilder.fromName('paketo-go') },
  ci: { gitCredentialsSecret: 'github-credentials' },
  triggers: trigger,
  environments: environments('ledger'),
});
new AppDelivery(payments, 'invoices', {
  repository: { url: 'https://github.com/example/invoices.git' },
  image: { tag: 'docker.io/example/invoices', builder: ClusterBuilder.fromName('paketo-java'), build: { env: { BP_JVM_VERSION: '21' } } },
  ci: { gitCredentialsSecret: 'github-credentials', checks: ci => [{ name: 'verify', task: new JavaCheckTask(ci, 'invoices-verify', { metadata: { name: 'invoices-verify' }}) }] },
  triggers: trigger,
  environments: environments('invoices'),
});

const web = new Team(app, 'web');
new AppDelivery(web, 'storefront', {
  repository: { url: 'https://github.com/example/storefront.git' },
  image: { tag: 'docker.io/example/storefront', builder: ClusterBuilder.fromName('paketo-nodejs'), build: { env: { BP_NODE_VERSION: '22.*' } } },
  ci: {
    gitCredentialsSecret: 'github-credentials',
    checks: ci => [
      { name: 'lint', task: new NodeCheckTask(ci, 'storefront-lint', { metadata: { name: 'storefront-lint' }, scripts: 'lint' }) },
      { name: 'test', task: new NodeCheckTask(ci, 'storefront-test', { metadata: { name: 'storefront-test' }, scripts: 'test' }) },
    ],
  },
  triggers: trigger,
  environments: environments('storefront'),
});

if (require.main === module) app.synth();
