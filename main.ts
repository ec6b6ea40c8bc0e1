// The ops repository of go-sample-app: configuration only. Every construct is in lib/.
import { Duration, Size } from 'cdk8s';
import {
  AppDelivery, BuildpackRef, ClusterBuilder, ClusterStack, ClusterStore, Environment, FolderChart, HealthProbe,
  KpushController, OpsRepo, Platform, PLATFORM_CONFIG_WAVE, RegistryServiceAccount,
} from './lib';

/** GitHub and Docker Hub accounts of the tutorial (springone-tour-2020-cicd); change them to yours. */
const github = 'springone-tour-2020-cicd';
const registry = 'docker.io/springone-tour-2020-cicd';

export const app = new OpsRepo({
  url: `https://github.com/${github}/go-sample-app-ops.git`,
  branch: 'main',
  root: __dirname,
});

// What the apps need in the cluster, each pinned to an upstream release and installed when something here
// needs it: Tekton Pipelines, Triggers and its interceptors, the Pruner, kpack and kpush's CRD (Flux and the
// pipeline-trigger-operator only for Flux triggers). Declare what the cluster runs already with
// PlatformComponent.preinstalled('<version>').
new Platform(app, 'platform');

// Shared by every app: the kpack builder (Paketo's Go buildpack on the Jammy stack) and kpush.
const builders = new FolderChart(app, 'builders', { folder: 'platform/kpack', namespace: 'kpack' });
const builder = new ClusterBuilder(builders, 'paketo-go', {
  tag: `${registry}/builder-paketo-go`,
  stack: new ClusterStack(builders, 'jammy-base', {
    id: 'io.buildpacks.stacks.jammy',
    buildImage: 'docker.io/paketobuildpacks/build-jammy-base:0.1.150',
    runImage: 'docker.io/paketobuildpacks/run-jammy-base:0.1.150',
  }),
  store: new ClusterStore(builders, 'paketo', { sources: ['docker.io/paketobuildpacks/go:4.15.3'] }),
  order: [[BuildpackRef.id('paketo-buildpacks/go')]],
  serviceAccount: new RegistryServiceAccount(builders, 'builder-bot', { secrets: ['regcred'] }),
});
app.syncFolder(builders, { syncWave: PLATFORM_CONFIG_WAVE });

const kpushChart = new FolderChart(app, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
app.syncFolder(kpushChart, { syncWave: PLATFORM_CONFIG_WAVE });

new AppDelivery(app, 'go-sample-app', {
  repository: { url: `https://github.com/${github}/go-sample-app.git`, branch: 'master' },
  image: { tag: `${registry}/go-sample-app`, builder },
  ci: { gitCredentialsSecret: 'github-credentials', workspaceSize: Size.mebibytes(500) },
  triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
  environments: [
    Environment.kpush({ name: 'dev', controller: kpush }),
    // Runs the image promoted to it (pins/go-sample-app.prod.image): `npm run promote -- go-sample-app prod --image <ref>`.
    Environment.deployment({
      name: 'prod',
      replicas: 2,
      env: { environment: 'production' },
      resources: { memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) } },
      liveness: HealthProbe.http('/', { initialDelay: Duration.seconds(4), period: Duration.seconds(3) }),
      readiness: HealthProbe.http('/', { initialDelay: Duration.seconds(4), period: Duration.seconds(10) }),
    }),
  ],
});

if (require.main === module) app.synth();
