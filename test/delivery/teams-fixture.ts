// An ops repository of three teams on three clusters, a service per ecosystem: team payments (ledger in Go
// with the default checks, invoices in Java), team web (storefront in Node.js), both with a kpush dev
// environment, and team data (reports in Python, checked through CommandTask, from a private repository and
// a private registry) without kpush. Every app runs staging on cluster "staging" (by name) and prod on a
// cluster by URL, in the same namespace name on both.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AppDelivery, AppDeliveryProps, Cluster, ClusterBuilder, CommandTask, Environment, FolderChart, JavaCheckTask, KpushController,
  NodeCheckTask, OpsRepo, Platform, Team,
} from '../../lib';

export const PIN = '0123456789abcdef0123456789abcdef01234567';
export const OPS_URL = 'https://github.com/example/platform-ops.git';
export const PROD_URL = 'https://prod.example.com:6443';
export const APPS = ['ledger', 'invoices', 'storefront', 'reports'];

/** An image of `app` by digest; `n` picks the digest. */
export function digestOf(app: string, n: number): string {
  return `${app === 'reports' ? 'ghcr.io' : 'docker.io'}/example/${app}@sha256:${n.toString(16).padStart(4, '0').repeat(16)}`;
}

/** A temporary ops repository root with every app's pins: the built commit, staging at digest 1, prod at digest 0. */
export function teamsRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'teams-'));
  fs.mkdirSync(path.join(root, 'pins'));
  for (const app of APPS) {
    fs.writeFileSync(path.join(root, 'pins', `${app}.sha`), `${PIN}\n`);
    fs.writeFileSync(path.join(root, 'pins', `${app}.staging.image`), `${digestOf(app, 1)}\n`);
    fs.writeFileSync(path.join(root, 'pins', `${app}.prod.image`), `${digestOf(app, 0)}\n`);
  }
  return root;
}

/** What to vary. */
export interface TeamsOptions {
  /** Install the platform. @default false */
  readonly platform?: boolean;
  /** Which apps. @default APPS */
  readonly apps?: readonly string[];
  /** Props to change, per app. @default - none */
  readonly over?: { readonly [app: string]: Partial<AppDeliveryProps> };
  /** The namespace of an app's kpush environment `dev`. @default - `<app>-dev` */
  readonly devNamespace?: { readonly [app: string]: string };
}

/** The three teams' ops repository over `root`. */
export function teamsRepo(root: string, options: TeamsOptions = {}): { ops: OpsRepo; kpush: KpushController; teams: { [name: string]: Team } } {
  const ops = new OpsRepo({ url: OPS_URL, root, outdir: path.join(root, 'dist') });
  if (options.platform) new Platform(ops, 'platform');
  const kpushChart = new FolderChart(ops, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
  ops.syncFolder(kpushChart);
  const kpush = new KpushController(kpushChart, 'kpush', { image: KpushController.DEFAULT_IMAGE });
  const teams = { payments: new Team(ops, 'payments'), web: new Team(ops, 'web'), data: new Team(ops, 'data') };
  const staging = Cluster.named('staging');
  const prod = Cluster.server(PROD_URL);
  const webhook = { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } };
  const environments = (app: string, withKpush: boolean, pullSecrets: string[] = []) => [
    ...withKpush ? [Environment.kpush({ name: 'dev', controller: kpush, namespace: options.devNamespace?.[app] })] : [],
    Environment.deployment({ name: 'staging', cluster: staging, namespace: app, imagePullSecrets: pullSecrets }),
    Environment.deployment({ name: 'prod', cluster: prod, namespace: app, replicas: 3, imagePullSecrets: pullSecrets }),
  ];
  const apps: { [app: string]: () => void } = {
    ledger: () => new AppDelivery(teams.payments, 'ledger', {
      repository: { url: 'https://github.com/example/ledger.git' },
      image: { tag: 'docker.io/example/ledger', builder: ClusterBuilder.fromName('paketo-go') },
      ci: { gitCredentialsSecret: 'github-credentials' },
      triggers: webhook,
      environments: environments('ledger', true),
      ...options.over?.ledger,
    }),
    invoices: () => new AppDelivery(teams.payments, 'invoices', {
      repository: { url: 'https://github.com/example/invoices.git' },
      image: { tag: 'docker.io/example/invoices', builder: ClusterBuilder.fromName('paketo-java'), build: { env: { BP_JVM_VERSION: '21' } } },
      ci: { gitCredentialsSecret: 'github-credentials', checks: ci => [{ name: 'verify', task: new JavaCheckTask(ci, 'verify') }] },
      triggers: webhook,
      environments: environments('invoices', true),
      ...options.over?.invoices,
    }),
    storefront: () => new AppDelivery(teams.web, 'storefront', {
      repository: { url: 'https://github.com/example/storefront.git' },
      image: { tag: 'docker.io/example/storefront', builder: ClusterBuilder.fromName('paketo-nodejs') },
      ci: {
        gitCredentialsSecret: 'github-credentials',
        checks: ci => [
          { name: 'lint', task: new NodeCheckTask(ci, 'lint', { scripts: 'lint' }) },
          { name: 'test', task: new NodeCheckTask(ci, 'test', { scripts: 'test' }) },
        ],
      },
      triggers: webhook,
      environments: environments('storefront', true),
      ...options.over?.storefront,
    }),
    reports: () => new AppDelivery(teams.data, 'reports', {
      repository: { url: 'https://github.com/example/reports.git', private: true },
      image: { tag: 'ghcr.io/example/reports', builder: ClusterBuilder.fromName('paketo-python'), registrySecret: 'ghcr-push' },
      ci: {
        gitCredentialsSecret: 'reports-git',
        checks: ci => [{ name: 'test', task: new CommandTask(ci, 'pytest', {
          image: 'docker.io/library/python:3.12.7-slim-bookworm',
          command: 'python -m venv /tmp/venv\n/tmp/venv/bin/pip install -r requirements.txt\n/tmp/venv/bin/python -m pytest',
        }) }],
      },
      triggers: webhook,
      environments: environments('reports', false, ['ghcr-pull']),
      ...options.over?.reports,
    }),
  };
  for (const app of options.apps ?? APPS) apps[app]();
  return { ops, kpush, teams };
}
