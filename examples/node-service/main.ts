// An ops repository delivering one Node.js service: npm lint and test checks, each on its own copy of the
// checkout, and a dependency scan added between the checks and the pin through the Pipeline's handles.
// Configuration only; every construct is in lib/.
import * as path from 'path';
import { Size } from 'cdk8s';
import {
  AppDelivery, ClusterBuilder, CommandTask, Environment, FolderChart, KpushController, NodeCheckTask, OpsRepo, PLATFORM_CONFIG_WAVE,
} from '../../lib';

const registry = 'ghcr.io/example';

export const app = new OpsRepo({
  url: 'https://github.com/example/shop-ops.git',
  root: __dirname,
  outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist'),
});

// The ClusterBuilder with Paketo's Node.js buildpack that the platform team runs.
const builder = ClusterBuilder.fromName('paketo-nodejs');

const kpushChart = new FolderChart(app, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
app.syncFolder(kpushChart, { syncWave: PLATFORM_CONFIG_WAVE });

const shop = new AppDelivery(app, 'shop', {
  repository: { url: 'https://github.com/example/shop.git' },
  image: {
    tag: `${registry}/shop`, builder, registrySecret: 'ghcr',
    build: { env: { BP_NODE_VERSION: '22.*' }, resources: { memory: { limit: Size.gibibytes(2) } } },
  },
  ci: {
    gitCredentialsSecret: 'github-credentials',
    // The check Tasks live in the app's CI folder, named after the app (shop-lint, shop-test); each runs on
    // its own copy of the checkout.
    checks: ci => [
      { name: 'lint', task: new NodeCheckTask(ci, 'lint', { scripts: 'lint' }) },
      { name: 'test', task: new NodeCheckTask(ci, 'test', { scripts: 'test' }) },
    ],
  },
  triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
  environments: [Environment.kpush({ name: 'dev', controller: kpush })],
});

// A scan of the dependencies the lock file pins (what the image will contain), between the checks and the pin:
// a HIGH or CRITICAL vulnerability with a fix stops the pin. Added through the Pipeline's handles, no task names.
const scan = new CommandTask(shop.ciChart, 'shop-scan', {
  metadata: { name: 'shop-scan' },
  description: 'Scans the dependencies the lock file pins for known vulnerabilities.',
  image: 'docker.io/aquasec/trivy:0.68.2',
  params: { severity: { description: 'The severities that fail the scan', default: 'HIGH,CRITICAL' } },
  command: 'trivy fs --cache-dir /tmp/trivy --scanners vuln --ignore-unfixed --exit-code 1 --severity "$PARAM_SEVERITY" .',
});
shop.pipeline.addBeforePin('scan', scan, { workspaces: { source: shop.pipeline.checkout } });

if (require.main === module) app.synth();
