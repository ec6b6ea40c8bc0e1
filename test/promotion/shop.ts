// An ops repository of two apps of team "shop" — a Go service and a Node.js one — each with dev (kpush,
// the cluster Argo CD and kpack run in), staging (cluster "staging", by name) and prod (a cluster by URL),
// used by the environment, promotion and plan tests. Built by a function of the root, as main.ts is.
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import {
  AppDelivery, AppDeliveryProps, ClusterBuilder, Cluster, Environment, FolderChart, HealthProbe, InlineTask, KpushController,
  OpsRepo, Team, VolumeSource,
} from '../../lib';
import { git, tempDir } from '../support/git-fixtures';

export const PIN = '0123456789abcdef0123456789abcdef01234567';
export const OPS_URL = 'https://github.com/example/shop-ops.git';
export const PROD_SERVER = 'https://prod.example.com:6443';

/** A digest reference of `app`'s image; `n` picks the digest. */
export function digest(app: string, n: number): string {
  return `docker.io/example/${app}@sha256:${n.toString(16).padStart(4, '0').repeat(16)}`;
}

/** What to build: which apps (default both). */
export interface ShopOptions {
  /** The apps. @default ['go-sample-app', 'storefront'] */
  readonly apps?: string[];
  /** Where synthesis writes. @default - `<root>/dist` */
  readonly outdir?: string;
}

/** Node.js checks: Tasks of the app's own, nothing Go-shaped. */
function npmChecks(scope: Construct): AppDeliveryProps['ci'] {
  const check = (id: string, command: string) => new InlineTask(scope, id, {
    workspaces: { source: {} },
    steps: [{ name: id, image: 'docker.io/library/node:22.11.0', workingDir: '$(workspaces.source.path)', script: `#!/bin/sh\nset -eu\nnpm ci\n${command}\n` }],
  });
  return { gitCredentialsSecret: 'github-credentials', checks: [{ name: 'lint', task: check('npm-lint', 'npm run lint') }, { name: 'test', task: check('npm-test', 'npm test') }] };
}

/** The ops repository over `root`. */
export function shop(root: string, options: ShopOptions = {}): OpsRepo {
  const ops = new OpsRepo({ url: OPS_URL, root, outdir: options.outdir ?? path.join(root, 'dist') });
  const platform = new FolderChart(ops, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
  ops.syncFolder(platform);
  const kpush = new KpushController(platform, 'kpush', { image: KpushController.DEFAULT_IMAGE });
  const team = new Team(ops, 'shop');
  for (const name of options.apps ?? ['go-sample-app', 'storefront']) {
    const node = name === 'storefront';
    new AppDelivery(team, name, {
      repository: { url: `https://github.com/example/${name}.git` },
      image: { tag: `docker.io/example/${name}`, builder: ClusterBuilder.fromName('paketo') },
      ci: node ? npmChecks(team) : { gitCredentialsSecret: 'github-credentials' },
      triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
      environments: [
        Environment.kpush({ name: 'dev', namespace: `${name}-dev`, controller: kpush, secretEnv: { API_TOKEN: { secretName: 'api', key: 'token' } } }),
        Environment.deployment({ name: 'staging', namespace: `${name}-staging`, cluster: Cluster.named('staging') }),
        Environment.deployment({
          name: 'prod', namespace: name, cluster: Cluster.server(PROD_SERVER), replicas: 3,
          sync: { automated: false },
          ports: node ? [{ name: 'http', containerPort: 3000, servicePort: 80 }] : undefined,
          readiness: HealthProbe.http('/healthz'),
          volumes: node ? [{ name: 'cache', mountPath: '/var/cache/app', source: VolumeSource.emptyDir() }] : undefined,
        }),
      ],
    });
  }
  return ops;
}

/** Writes the pins of `apps`: the built commit, staging at digest 1, prod at digest 0. */
export function writePins(root: string, apps = ['go-sample-app', 'storefront']): void {
  fs.mkdirSync(path.join(root, 'pins'), { recursive: true });
  for (const app of apps) {
    fs.writeFileSync(path.join(root, 'pins', `${app}.sha`), `${PIN}\n`);
    fs.writeFileSync(path.join(root, 'pins', `${app}.staging.image`), `${digest(app, 1)}\n`);
    fs.writeFileSync(path.join(root, 'pins', `${app}.prod.image`), `${digest(app, 0)}\n`);
  }
}

/** A git repository holding the shop ops repository, pinned and synthesized, in one commit on `main`. */
export function shopRepo(): string {
  const root = tempDir('shop-ops-');
  writePins(root);
  shop(root).synthesize();
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'Shop ops repository']);
  return root;
}

/** Git identity and configuration for the git the library runs (it uses the caller's environment). */
export function gitIdentity(): void {
  Object.assign(process.env, {
    GIT_AUTHOR_NAME: 'Release Manager', GIT_AUTHOR_EMAIL: 'release@example.com',
    GIT_COMMITTER_NAME: 'Release Manager', GIT_COMMITTER_EMAIL: 'release@example.com',
    GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  });
}

/** Every file of the work tree (not .git, not node_modules) with its content, and the branches: to prove nothing changed. */
export function repoState(root: string): { files: { [file: string]: string }; branches: string; head: string } {
  const files: { [file: string]: string } = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs); else files[path.relative(root, abs)] = fs.readFileSync(abs, 'utf8');
    }
  };
  walk(root);
  return { files, branches: git(root, ['branch', '--format=%(refname:short)']), head: git(root, ['rev-parse', 'HEAD']) };
}
