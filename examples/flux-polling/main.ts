// An ops repository for a cluster GitHub cannot reach (no webhook comes in): Flux polls each app repository
// and watches each app's base image, and the pipeline-trigger-operator turns a new commit or a new tag into a
// PipelineRun that checks the app and pins what passed — with the base image it passed with, so kpack builds
// the pinned commit again when only the base image moved, and kpush rolls the build out. Two teams, a Go
// service from a private repository and a Node.js service. Configuration only; every construct is in lib/.
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  AppDelivery, ClusterBuilder, Environment, FolderChart, KpushController, NodeCheckTask, OpsRepo, PIPELINE_TRIGGER_OPERATOR_MAIN,
  PipelineTriggerOperator, Platform, PLATFORM_CONFIG_WAVE, PlatformComponent, TagPolicy, Team,
} from '../../lib';

const registry = 'registry.example.com';

export const app = new OpsRepo({
  url: 'https://github.com/example/factory-ops.git',
  root: __dirname,
  outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist'),
});

// Each component is installed because something here needs it: Flux for the polling and the base images, the
// pipeline-trigger-operator for the triggers. No operator release reads Flux's current ImagePolicy status, so
// its CRDs come from main at 4f0f57d and its manager is built from that commit (dist/README.md says how).
new Platform(app, 'platform', { pipelineTriggerOperator: PlatformComponent.whenNeeded(PIPELINE_TRIGGER_OPERATOR_MAIN) });

const operatorChart = new FolderChart(app, 'pipeline-trigger-operator', { folder: 'platform/pipeline-trigger-operator', namespace: 'pipeline-trigger-operator-system' });
new PipelineTriggerOperator(operatorChart, 'pipeline-trigger-operator', { image: `${registry}/platform/pipeline-trigger-operator:4f0f57d` });
app.syncFolder(operatorChart, { syncWave: PLATFORM_CONFIG_WAVE });

const kpushChart = new FolderChart(app, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
app.syncFolder(kpushChart, { syncWave: PLATFORM_CONFIG_WAVE });

// Go, from a private repository: Flux, kpack and the clone read it with the same basic-auth Secret. A new
// golang 1.25 patch release checks the head again; once it passes, kpack builds with BASE_IMAGE set to it.
const payments = new Team(app, 'payments');
new AppDelivery(payments, 'ledger', {
  repository: { url: 'https://github.com/example/ledger.git', private: true },
  image: { tag: `${registry}/payments/ledger`, builder: ClusterBuilder.fromName('paketo-go') },
  ci: { gitCredentialsSecret: 'github-credentials' },
  triggers: {
    fluxPolling: { interval: Duration.minutes(2) },
    baseImageUpdates: { image: 'docker.io/library/golang', policy: TagPolicy.semver('1.25.x') },
  },
  environments: [
    Environment.kpush({ name: 'dev', namespace: 'ledger-dev', controller: kpush }),
    Environment.deployment({ name: 'prod', namespace: 'ledger', replicas: 2 }),
  ],
});

// Node.js: npm lint and test, and a new node 22 release rebuilds it the same way.
const web = new Team(app, 'web');
new AppDelivery(web, 'storefront', {
  repository: { url: 'https://github.com/example/storefront.git' },
  image: { tag: `${registry}/web/storefront`, builder: ClusterBuilder.fromName('paketo-nodejs'), build: { env: { BP_NODE_VERSION: '22.*' } } },
  ci: {
    gitCredentialsSecret: 'github-credentials',
    checks: ci => [
      { name: 'lint', task: new NodeCheckTask(ci, 'storefront-lint', { metadata: { name: 'storefront-lint' }, scripts: 'lint' }) },
      { name: 'test', task: new NodeCheckTask(ci, 'storefront-test', { metadata: { name: 'storefront-test' }, scripts: 'test' }) },
    ],
  },
  triggers: {
    fluxPolling: {},
    baseImageUpdates: { image: 'docker.io/library/node', policy: TagPolicy.semver('22.x'), interval: Duration.hours(6) },
  },
  environments: [Environment.kpush({ name: 'dev', namespace: 'storefront-dev', controller: kpush })],
});

if (require.main === module) app.synth();
