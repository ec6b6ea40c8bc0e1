// An ops repository delivering one Java service built with Maven: `mvn verify` as the check, kpack building
// on Java 21, a kpush dev environment and a promoted prod. Configuration only; every construct is in lib/.
import * as path from 'path';
import { Size } from 'cdk8s';
import {
  AppDelivery, ClusterBuilder, Environment, FolderChart, JavaBuildTool, JavaCheckTask, KpushController, OpsRepo,
  PLATFORM_CONFIG_WAVE,
} from '../../lib';

export const app = new OpsRepo({
  url: 'https://github.com/example/orders-ops.git',
  root: __dirname,
  outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist'),
});

const kpushChart = new FolderChart(app, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
app.syncFolder(kpushChart, { syncWave: PLATFORM_CONFIG_WAVE });

new AppDelivery(app, 'orders', {
  repository: { url: 'https://github.com/example/orders.git' },
  image: {
    tag: 'docker.io/example/orders',
    // The ClusterBuilder with Paketo's Java buildpack that the platform team runs.
    builder: ClusterBuilder.fromName('paketo-java'),
    build: { env: { BP_JVM_VERSION: '21' }, resources: { memory: { request: Size.gibibytes(1), limit: Size.gibibytes(3) } } },
  },
  ci: {
    gitCredentialsSecret: 'github-credentials',
    checks: ci => [{ name: 'verify', task: new JavaCheckTask(ci, 'verify', { buildTool: JavaBuildTool.MAVEN }) }],
  },
  triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
  environments: [
    Environment.kpush({ name: 'dev', controller: kpush }),
    Environment.deployment({ name: 'prod', replicas: 2 }),
  ],
});

if (require.main === module) app.synth();
