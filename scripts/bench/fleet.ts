// An ops repository of N apps, built through the public API only: the benchmark's workload, and the
// many-apps tests' (test/delivery/many-apps.test.ts).
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import {
  AppDelivery, AppTriggers, BuildpackRef, Cluster, ClusterBuilder, ClusterStack, ClusterStore, DeliveryCheck, Environment, FolderChart,
  HealthProbe, KpushController, NodeCheckTask, OpsRepo, PIPELINE_TRIGGER_OPERATOR_MAIN, PipelineTriggerOperator, Platform,
  PLATFORM_CONFIG_WAVE, PlatformComponent, RegistryServiceAccount, TagPolicy, Team,
} from '../../lib';

/** Options of {@link buildFleet}. */
export interface FleetOptions {
  /** How many apps. */
  readonly apps: number;
  /** The ops repository root: pin files are written to `<root>/pins/` unless they exist. */
  readonly root: string;
  /** Output folder. @default `<root>/dist` */
  readonly outdir?: string;
  /** Apps per team. @default 50 */
  readonly teamSize?: number;
}

/** The pinned commit of app `i`: distinct per app, stable across runs. */
export function fleetPin(i: number): string {
  return (i.toString(16).padStart(8, '0') + 'abcdef0123456789').repeat(3).slice(0, 40);
}

/** The name of app `i`. */
export function fleetAppName(i: number): string {
  return `svc-${String(i).padStart(4, '0')}`;
}

/** App `i` is polled by Flux and rebuilt on base-image updates (even `i`), or triggered by a GitHub webhook (odd `i`). */
export function fleetPolls(i: number): boolean {
  return i % 2 === 0;
}

/**
 * App `i` is a Node.js service checked by npm (a quarter of the apps, of both trigger kinds), or a Go service
 * with the default checks.
 */
export function fleetIsNode(i: number): boolean {
  return i % 8 === 2 || i % 8 === 7;
}

const STAGING = Cluster.named('staging');
const PRODUCTION = Cluster.server('https://prod.example.com:6443');

/** Writes the pin file of each app of the fleet into `<root>/pins/`, unless it exists: the repository as it is before a synthesis. */
export function writeFleetPins(options: FleetOptions): void {
  fs.mkdirSync(path.join(options.root, 'pins'), { recursive: true });
  for (let i = 0; i < options.apps; i++) {
    const file = path.join(options.root, 'pins', `${fleetAppName(i)}.sha`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, `${fleetPin(i)}\n`);
  }
}

/**
 * An ops repository of `apps` full deliveries in teams of `teamSize`, every trigger kind and three clusters:
 * - even apps are polled by Flux and checked again when their base image has a new tag (GitRepository,
 *   ImageRepository, ImagePolicy, PipelineTriggers; the pipeline-trigger-operator from main, with a manager
 *   image of the repository's own), odd apps are triggered by a GitHub webhook;
 * - a quarter of the apps are Node.js services (NodeCheckTask), the others Go services;
 * - each app runs dev with kpush on the cluster Argo CD runs in, staging on a cluster known by name and prod on
 *   one known by its API server, in the same namespace name on both;
 * - one shared ClusterBuilder, kpush controller and Platform.
 */
export function buildFleet(options: FleetOptions): OpsRepo {
  writeFleetPins(options);
  const ops = new OpsRepo({ url: 'https://github.com/example/fleet-ops.git', root: options.root, outdir: options.outdir ?? path.join(options.root, 'dist') });
  new Platform(ops, 'platform', { pipelineTriggerOperator: PlatformComponent.whenNeeded(PIPELINE_TRIGGER_OPERATOR_MAIN) });
  const builders = new FolderChart(ops, 'builders', { folder: 'platform/kpack', namespace: 'kpack' });
  const builder = new ClusterBuilder(builders, 'paketo-builder', {
    metadata: { name: 'paketo' },
    tag: 'docker.io/example/builder-paketo',
    stack: new ClusterStack(builders, 'jammy-base', {
      id: 'io.buildpacks.stacks.jammy',
      buildImage: 'docker.io/paketobuildpacks/build-jammy-base:0.1.150',
      runImage: 'docker.io/paketobuildpacks/run-jammy-base:0.1.150',
    }),
    store: new ClusterStore(builders, 'paketo', { sources: ['docker.io/paketobuildpacks/go:4.15.3', 'docker.io/paketobuildpacks/nodejs:7.5.0'] }),
    order: [[BuildpackRef.id('paketo-buildpacks/go')], [BuildpackRef.id('paketo-buildpacks/nodejs')]],
    serviceAccount: new RegistryServiceAccount(builders, 'builder-bot', { secrets: ['regcred'] }),
  });
  ops.syncFolder(builders, { syncWave: PLATFORM_CONFIG_WAVE });
  const kpushChart = new FolderChart(ops, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
  const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
  ops.syncFolder(kpushChart, { syncWave: PLATFORM_CONFIG_WAVE });
  const operatorChart = new FolderChart(ops, 'pipeline-trigger-operator', { folder: 'platform/pipeline-trigger-operator', namespace: 'pipeline-trigger-operator-system' });
  new PipelineTriggerOperator(operatorChart, 'pipeline-trigger-operator', { image: 'registry.example.com/platform/pipeline-trigger-operator:4f0f57d' });
  ops.syncFolder(operatorChart, { syncWave: PLATFORM_CONFIG_WAVE });

  const teamSize = options.teamSize ?? 50;
  let team: Team | undefined;
  for (let i = 0; i < options.apps; i++) {
    if (i % teamSize === 0) team = new Team(ops, `team-${String(i / teamSize).padStart(3, '0')}`);
    const name = fleetAppName(i);
    const node = fleetIsNode(i);
    new AppDelivery(team!, name, {
      repository: { url: `https://github.com/example/${name}.git`, branch: 'main' },
      image: { tag: `docker.io/example/${name}`, builder, build: node ? { env: { BP_NODE_VERSION: '22.*' } } : undefined },
      ci: { gitCredentialsSecret: 'github-credentials', workspaceSize: Size.mebibytes(500), checks: node ? npmChecks(name) : undefined },
      triggers: triggers(i),
      environments: [
        Environment.kpush({ name: 'dev', namespace: `${name}-dev`, controller: kpush }),
        Environment.deployment({
          name: 'staging',
          namespace: name,
          cluster: STAGING,
          image: `docker.io/example/${name}@sha256:${(i + 1).toString(16).padStart(64, '0')}`,
        }),
        Environment.deployment({
          name: 'prod',
          namespace: name,
          cluster: PRODUCTION,
          image: `docker.io/example/${name}@sha256:${i.toString(16).padStart(64, '0')}`,
          env: { environment: 'production' },
          readiness: HealthProbe.http('/', { initialDelay: Duration.seconds(4), period: Duration.seconds(10) }),
        }),
      ],
    });
  }
  return ops;
}

function triggers(i: number): AppTriggers {
  if (!fleetPolls(i)) return { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } };
  return {
    fluxPolling: { interval: Duration.minutes(2) },
    baseImageUpdates: fleetIsNode(i)
      ? { image: 'docker.io/library/node', policy: TagPolicy.semver('22.x'), interval: Duration.hours(6) }
      : { image: 'docker.io/library/golang', policy: TagPolicy.semver('1.25.x') },
  };
}

/** A Node.js app's checks: npm run lint and npm test, Tasks named after the app. */
function npmChecks(name: string): (ci: FolderChart) => DeliveryCheck[] {
  return ci => [
    { name: 'lint', task: new NodeCheckTask(ci, 'lint', { metadata: { name: `${name}-lint` }, scripts: 'lint' }) },
    { name: 'test', task: new NodeCheckTask(ci, 'test', { metadata: { name: `${name}-test` }, scripts: 'test' }) },
  ];
}
