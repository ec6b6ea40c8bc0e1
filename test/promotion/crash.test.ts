// promote as a transaction, with real processes: the CLI killed (SIGKILL) at every step leaves the working
// tree untouched and at most a worktree (removed by the next promote, which says so) or a complete branch
// (reported as done); a branch in the way is named with the command that deletes it; two promotes at once
// make two correct branches of one commit each; a synthesis while a promote runs waits, or refuses clearly.
import { spawn } from 'child_process';
import { buildSync } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { promote } from '../../lib';
import { CLI, run, RUN_TS } from '../support/crash';
import { ROOT } from '../support/drift';
import { git } from '../support/git-fixtures';
import { digest, gitIdentity, repoState, shop, shopRepo } from './shop';

let root: string;
/** The shop and the library, bundled once as CommonJS: the entry requires it, so no run bundles TypeScript. */
const bundle = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-push-delivery', `test-shop-${process.pid}.js`);
beforeAll(() => {
  gitIdentity();
  buildSync({ entryPoints: [path.join(__dirname, 'shop.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'warning' });
});
afterAll(() => fs.rmSync(bundle, { force: true }));
beforeEach(() => {
  root = shopRepo();
  // The entry the CLI runs, as in an ops repository of its own (node_modules: this project's).
  fs.writeFileSync(path.join(root, 'main.js'), `exports.app = require(${JSON.stringify(bundle)}).shop(__dirname);\n`);
  fs.writeFileSync(path.join(root, '.gitignore'), 'node_modules\n');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'Add the entry']);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const IMAGE = digest('storefront', 7);
const BRANCH = 'promote/storefront/prod/sha256-000700070007';
const cli = (args: string[], env: { [name: string]: string } = {}) => run([RUN_TS, CLI, ...args], root, env);
const promoteCli = (env: { [name: string]: string } = {}) => cli(['promote', 'storefront', 'prod', '--image', IMAGE], env);

/** The branch is exactly this promotion: one commit on main, with the pin and storefront's prod manifests only. */
function expectPromoted(branch: string, app: string, env: string, image: string): void {
  expect(git(root, ['rev-list', '--count', `main..${branch}`]).trim()).toBe('1');
  expect(git(root, ['rev-parse', `${branch}^`])).toBe(git(root, ['rev-parse', 'main']));
  expect(git(root, ['diff', '--name-only', 'main', branch]).trim().split('\n'))
    .toEqual([`dist/shop/${app}/${env}/deployment-${app}.yaml`, `pins/${app}.${env}.image`]);
  expect(git(root, ['show', `${branch}:pins/${app}.${env}.image`])).toBe(`${image}\n`);
}

/** Nothing of a promote is left: no worktree (nor git's registration of one), no lock. */
function expectNoLeftovers(): void {
  expect(git(root, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
  const own = path.join(root, '.git', 'cdk8s-push-delivery');
  expect(fs.existsSync(own) ? fs.readdirSync(own).filter(n => n !== 'promote') : []).toEqual([]);
  expect(fs.existsSync(path.join(own, 'promote')) ? fs.readdirSync(path.join(own, 'promote')) : []).toEqual([]);
}

const WORKTREE_REMOVED = new RegExp(`^removed /.*/\\.git/cdk8s-push-delivery/promote/storefront\\.prod, the worktree of an interrupted promote storefront to prod \\(pid \\d+, since .*\\)`);
const LOCK_TAKEN = /^took over the lock of promote storefront to prod \(pid \d+, since .*\), which no longer runs$/;
const BRANCH_DONE = new RegExp(`^branch '${BRANCH}' holds this promotion already \\(commit [0-9a-f]{12}, one commit on HEAD\\): a promote before this one made it$`);

describe('promote killed at each step: the working tree untouched; the rerun completes it, saying what it found', () => {
  const points: Array<[string, RegExp[]]> = [
    ['promote:locked', [LOCK_TAKEN]],
    ['promote:worktree', [LOCK_TAKEN, WORKTREE_REMOVED]],
    ['promote:pinned', [LOCK_TAKEN, WORKTREE_REMOVED]],
    ['synth:journal', [LOCK_TAKEN, WORKTREE_REMOVED]],
    ['promote:synthesized', [LOCK_TAKEN, WORKTREE_REMOVED]],
    ['promote:added', [LOCK_TAKEN, WORKTREE_REMOVED]],
    ['promote:committed', [LOCK_TAKEN, WORKTREE_REMOVED]],
    ['promote:branched', [LOCK_TAKEN, WORKTREE_REMOVED, BRANCH_DONE]],
    ['promote:removed', [LOCK_TAKEN, BRANCH_DONE]],
  ];
  test.each(points)('at %s', (point, notes) => {
    const before = repoState(root);
    const killed = promoteCli({ SYNTH_FAULT: point });
    expect(killed.signal).toBe('SIGKILL');
    const after = repoState(root);
    expect(after.files).toEqual(before.files);
    expect(after.head).toEqual(before.head);
    expect(after.branches).toBe(point === 'promote:branched' || point === 'promote:removed' ? `main\n${BRANCH}\n` : 'main\n');

    const again = promote({ root, load: r => shop(r), app: 'storefront', to: 'prod', image: IMAGE });
    expect(again.recovered).toEqual(notes.map(n => expect.stringMatching(n)));
    expect(again.branch).toBe(BRANCH);
    expectPromoted(BRANCH, 'storefront', 'prod', IMAGE);
    expect(repoState(root)).toEqual({ ...before, branches: `main\n${BRANCH}\n` });
    expectNoLeftovers();
  }, 30_000);

  test('a complete branch on an older base: the rerun names it and the one command that deletes it', () => {
    expect(promoteCli({ SYNTH_FAULT: 'promote:removed' }).signal).toBe('SIGKILL');
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n');
    git(root, ['add', 'README.md']);
    git(root, ['commit', '-q', '-m', 'Move main on']);
    const refused = promoteCli();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^promote: branch '${BRANCH}' already exists \\(commit [0-9a-f]{12} 'Promote storefront to prod: sha256:000700070007', `
      + `on [0-9a-f]{12}, not on HEAD \\([0-9a-f]{12}\\)\\), and it is not this promotion on HEAD\\. Delete it with \`git branch -D ${BRANCH}\` and run promote again, or open its pull request\\n`));
    git(root, ['branch', '-D', BRANCH]);
    const done = promoteCli();
    expect(done.status).toBe(0);
    expect(done.stdout).toContain(`on branch ${BRANCH}. Push it and open a pull request: git push -u origin ${BRANCH}`);
    expect(git(root, ['rev-parse', `${BRANCH}^`])).toBe(git(root, ['rev-parse', 'main']));
    expectNoLeftovers();
  }, 30_000);
});

describe('concurrency in one clone', () => {
  const start = (args: string[], env: { [name: string]: string } = {}) => {
    const child = spawn(process.execPath, [RUN_TS, CLI, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += String(d); });
    child.stderr.on('data', d => { stderr += String(d); });
    return new Promise<{ status: number | null; stdout: string; stderr: string }>(resolve => child.on('exit', status => resolve({ status, stdout, stderr })));
  };

  test('two promotes of two apps, a few ms apart: two branches of one commit each, each with its own change only', async () => {
    const before = repoState(root);
    const first = start(['promote', 'storefront', 'prod', '--image', IMAGE]);
    await new Promise(r => setTimeout(r, 5));
    const second = start(['promote', 'go-sample-app', 'staging', '--image', digest('go-sample-app', 8)]);
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status, a.stderr, b.stderr].join('\n')).toMatch(/^0\n0\n/);
    // They did run at once: one waited for the other's lock.
    expect([a.stderr, b.stderr].filter(e => /^waiting for promote (storefront to prod|go-sample-app to staging) \(pid \d+/.test(e))).toHaveLength(1);
    expectPromoted(BRANCH, 'storefront', 'prod', IMAGE);
    expectPromoted('promote/go-sample-app/staging/sha256-000800080008', 'go-sample-app', 'staging', digest('go-sample-app', 8));
    expect(repoState(root).files).toEqual(before.files);
    expectNoLeftovers();
  }, 60_000);

  test('a synthesis while a promote runs: refused with SYNTH_LOCK_WAIT=0, naming the promote; by default it waits', async () => {
    const promoting = start(['promote', 'storefront', 'prod', '--image', IMAGE], { SYNTH_PAUSE: 'promote:pinned:4000' });
    const lock = path.join(root, '.git', 'cdk8s-push-delivery', 'lock');
    for (let i = 0; i < 200 && !fs.existsSync(path.join(root, '.git', 'cdk8s-push-delivery', 'promote', 'storefront.prod', 'pins')); i++) {
      await new Promise(r => setTimeout(r, 50));
    }
    const refused = cli(['synth', 'main.js'], { SYNTH_LOCK_WAIT: '0' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^promote storefront to prod \\(pid \\d+, since \\S+, \\d+ s ago\\) holds the lock of this repository \\(${lock.replace(/[.]/g, '\\.')}\\)\\. `
      + 'Wait until it has finished and run again\\n$'));
    const waiting = start(['synth', 'main.js']);
    const [p, s] = await Promise.all([promoting, waiting]);
    expect(p.status).toBe(0);
    expect(s.status).toBe(0);
    expect(s.stderr).toMatch(/^waiting for promote storefront to prod \(pid \d+, since .*\) to finish: it holds the lock of this repository/);
    expectPromoted(BRANCH, 'storefront', 'prod', IMAGE);
    expect(git(root, ['status', '--porcelain'])).toBe('');
  }, 60_000);
});
