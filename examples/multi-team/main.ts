// An ops repository shared by three teams on three clusters: team payments (a Go and a Java service) and team
// web (a Node.js service) deliver every build to dev with kpush on the cluster Argo CD, Tekton and kpack run in;
// team data (a Python service, checked through CommandTask, from a private repository and registry) has no kpush.
// Every app runs staging on a cluster known to Argo CD by name and prod on one known by its API server, in the
// same namespace name on both. Each team has its own AppProject and namespaces. The cluster already runs the
// platform (no Platform here): the generated front page says what each cluster must run. Configuration only.
import * as path from 'path';
import {
  AppDelivery, Cluster, ClusterBuilder, CommandTask, Environment, FolderChart, JavaCheckTask, KpushController, NodeCheckTask, OpsRepo,
  PLATFORM_CONFIG_WAVE, Team,
} from '../../lib';

export const app = new OpsRepo({
  url: 'https://github.com/example/platform-ops.git',
  root: __dirname,
  outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist'),
});

const staging = Cluster.named('staging');
const production = Cluster.server('https://prod.example.com:6443');
const trigger = { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } };

const kpushChart = new FolderChart(app, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
app.syncFolder(kpushChart, { syncWave: PLATFORM_CONFIG_WAVE });

/** dev (kpush, namespace `<app>-dev`), then staging and prod in the namespace `<app>` of their clusters. */
const environments = (name: string, options: { kpush?: boolean; imagePullSecrets?: string[] } = {}) => [
  ...options.kpush === false ? [] : [Environment.kpush({ name: 'dev', controller: kpush })],
  Environment.deployment({ name: 'staging', namespace: name, cluster: staging, imagePullSecrets: options.imagePullSecrets }),
  Environment.deployment({ name: 'prod', namespace: name, cluster: production, replicas: 3, imagePullSecrets: options.imagePullSecrets }),
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
// Java: mvn verify (Task `invoices-verify`, named after the app).
new AppDelivery(payments, 'invoices', {
  repository: { url: 'https://github.com/example/invoices.git' },
  image: { tag: 'docker.io/example/invoices', builder: ClusterBuilder.fromName('paketo-java'), build: { env: { BP_JVM_VERSION: '21' } } },
  ci: { gitCredentialsSecret: 'github-credentials', checks: ci => [{ name: 'verify', task: new JavaCheckTask(ci, 'verify') }] },
  triggers: trigger,
  environments: environments('invoices'),
});

const web = new Team(app, 'web');
// Node.js: npm run lint and npm test (Tasks `storefront-lint`, `storefront-test`).
new AppDelivery(web, 'storefront', {
  repository: { url: 'https://github.com/example/storefront.git' },
  image: { tag: 'docker.io/example/storefront', builder: ClusterBuilder.fromName('paketo-nodejs'), build: { env: { BP_NODE_VERSION: '22.*' } } },
  ci: {
    gitCredentialsSecret: 'github-credentials',
    checks: ci => [
      { name: 'lint', task: new NodeCheckTask(ci, 'lint', { scripts: 'lint' }) },
      { name: 'test', task: new NodeCheckTask(ci, 'test', { scripts: 'test' }) },
    ],
  },
  triggers: trigger,
  environments: environments('storefront'),
});

const data = new Team(app, 'data');
// Python: pytest through CommandTask (Task `reports-pytest`); a private repository (kpack reads it with the
// git Secret) and a private registry (the kubelet pulls with `ghcr-pull` on staging and prod).
new AppDelivery(data, 'reports', {
  repository: { url: 'https://github.com/example/reports.git', private: true },
  image: { tag: 'ghcr.io/example/reports', builder: ClusterBuilder.fromName('paketo-python'), registrySecret: 'ghcr-push' },
  ci: {
    gitCredentialsSecret: 'reports-git',
    checks: ci => [{
      name: 'test',
      task: new CommandTask(ci, 'pytest', {
        image: 'docker.io/library/python:3.12.7-slim-bookworm',
        command: 'python -m venv /tmp/venv\n/tmp/venv/bin/pip install -r requirements.txt\n/tmp/venv/bin/python -m pytest',
      }),
    }],
  },
  triggers: trigger,
  environments: environments('reports', { kpush: false, imagePullSecrets: ['ghcr-pull'] }),
});

if (require.main === module) app.synth();
