// An ops repository of N apps, built through the public API only: the benchmark's workload, and the
// many-apps tests' (test/delivery/many-apps.test.ts).
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import {
  AppDelivery, BuildpackRef, ClusterBuilder, ClusterStack, ClusterStore, Environment, FolderChart, HealthProbe,
  KpushController, OpsRepo, RegistryServiceAccount, Team,
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

/**
 * An ops repository of `apps` full deliveries in teams of `teamSize`: each with the GitHub webhook trigger,
 * a kpush `dev` and a Deployment `prod` environment; one shared ClusterBuilder and kpush controller.
 */
export function buildFleet(options: FleetOptions): OpsRepo {
  fs.mkdirSync(path.join(options.root, 'pins'), { recursive: true });
  for (let i = 0; i < options.apps; i++) {
    const file = path.join(options.root, 'pins', `${fleetAppName(i)}.sha`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, `${fleetPin(i)}\n`);
  }
  const ops = new OpsRepo({ url: 'https://github.com/example/fleet-ops.git', root: options.root, outdir: options.outdir ?? path.join(options.root, 'dist') });
  const builders = new FolderChart(ops, 'builders', { folder: 'platform/kpack', namespace: 'kpack' });
  const builder = new ClusterBuilder(builders, 'paketo-builder', {
    metadata: { name: 'paketo' },
    tag: 'docker.io/example/builder-paketo',
    stack: new ClusterStack(builders, 'jammy-base', {
      id: 'io.buildpacks.stacks.jammy',
      buildImage: 'docker.io/paketobuildpacks/build-jammy-base:0.1.150',
      runImage: 'docker.io/paketobuildpacks/run-jammy-base:0.1.150',
    }),
    store: new ClusterStore(builders, 'paketo', { sources: ['docker.io/paketobuildpacks/go:4.15.3'] }),
    order: [[BuildpackRef.id('paketo-buildpacks/go')]],
    serviceAccount: new RegistryServiceAccount(builders, 'builder-bot', { secrets: ['regcred'] }),
  });
  ops.syncFolder(builders, { syncWave: -1 });
  const kpushChart = new FolderChart(ops, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
  const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
  ops.syncFolder(kpushChart, { syncWave: -1 });

  const teamSize = options.teamSize ?? 50;
  let team: Team | undefined;
  for (let i = 0; i < options.apps; i++) {
    if (i % teamSize === 0) team = new Team(ops, `team-${String(i / teamSize).padStart(3, '0')}`);
    const name = fleetAppName(i);
    new AppDelivery(team!, name, {
      repository: { url: `https://github.com/example/${name}.git`, branch: 'main' },
      image: { tag: `docker.io/example/${name}`, builder },
      ci: { gitCredentialsSecret: 'github-credentials', workspaceSize: Size.mebibytes(500) },
      triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
      environments: [
        Environment.kpush({ name: 'dev', namespace: `${name}-dev`, controller: kpush }),
        Environment.deployment({
          name: 'prod',
          namespace: `${name}-prod`,
          image: `docker.io/example/${name}@sha256:${i.toString(16).padStart(64, '0')}`,
          env: { environment: 'production' },
          readiness: HealthProbe.http('/', { initialDelay: Duration.seconds(4), period: Duration.seconds(10) }),
        }),
      ],
    });
  }
  return ops;
}
