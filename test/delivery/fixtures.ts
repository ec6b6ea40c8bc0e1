import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterBuilder } from '../../lib/kpack';
import { AppDelivery, AppDeliveryProps, Environment, OpsRepo } from '../../lib/delivery';
import { KpushController } from '../../lib/operators';
import { FolderChart } from '../../lib/output/folder-chart';
import type { GitWorld } from '../catalog/scripts/harness';
import { compareOutput } from '../support/drift';
import { git } from '../support/git-fixtures';

export const PIN = '0123456789abcdef0123456789abcdef01234567';

/** An image of go-sample-app by digest, as a promoted environment runs it. */
export const PROD_IMAGE = `docker.io/example/go-sample-app@sha256:${'1a2b'.repeat(16)}`;

/** A temporary ops repository root with a pin file for `go-sample-app`. */
export function opsRoot(pin: string | undefined = PIN): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-root-'));
  if (pin !== undefined) {
    fs.mkdirSync(path.join(root, 'pins'));
    fs.writeFileSync(path.join(root, 'pins', 'go-sample-app.sha'), `${pin}\n`);
  }
  return root;
}

/** An OpsRepo over `root` with a kpush controller in its own synced folder. */
export function opsRepo(root: string): { ops: OpsRepo; kpush: KpushController } {
  const ops = new OpsRepo({ url: 'https://github.com/example/go-sample-app-ops.git', root, outdir: path.join(root, 'dist') });
  const platform = new FolderChart(ops, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
  ops.syncFolder(platform);
  return { ops, kpush: new KpushController(platform, 'kpush', { image: KpushController.DEFAULT_IMAGE }) };
}

/** A delivery of go-sample-app triggered by the GitHub webhook, with a kpush dev and a Deployment prod environment. */
export function delivery(ops: OpsRepo, kpush: KpushController, over: Partial<AppDeliveryProps> = {}): AppDelivery {
  return new AppDelivery(ops, 'go-sample-app', {
    repository: { url: 'https://github.com/example/go-sample-app.git', branch: 'master' },
    image: { tag: 'docker.io/example/go-sample-app', builder: ClusterBuilder.fromName('paketo-go') },
    ci: { gitCredentialsSecret: 'github-credentials' },
    triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
    environments: [
      Environment.kpush({ name: 'dev', controller: kpush }),
      Environment.deployment({ name: 'prod', image: PROD_IMAGE, env: { environment: 'production' } }),
    ],
    ...over,
  });
}

/**
 * Commits the ops repository in `work` (its pins/ and synthesized dist/) and serves it from `world` as a bare
 * repository: returns its bare directory and clone URL.
 */
export function publishOps(world: GitWorld, work: string, prefix: string): { url: string; bare: string } {
  git(work, ['init', '-q', '-b', 'main']);
  git(work, ['add', '-A']);
  git(work, ['-c', 'user.name=Ops', '-c', 'user.email=ops@example.com', 'commit', '-q', '-m', 'Synthesize']);
  const name = `${prefix}-${path.basename(work)}.git`;
  const bare = path.join(world.root, 'repos', name);
  git(work, ['clone', '-q', '--bare', work, bare]);
  return { url: world.server.url(name), bare };
}

/** Clones the ops repository and synthesizes the checkout again (`synth`): the drift between its dist/ and the fresh output. */
export function driftAfterPin(world: GitWorld, bare: string, synth: (root: string, outdir: string) => unknown): string[] {
  const checkout = world.dir('ops-after-');
  git(world.root, ['clone', '-q', bare, checkout]);
  const fresh = world.dir('fresh-');
  synth(checkout, fresh);
  return compareOutput(path.join(checkout, 'dist'), fresh);
}
