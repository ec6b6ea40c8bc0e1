import * as fs from 'fs';
import * as path from 'path';
import { commitLog, createGitShim, kpackImageYaml, readBlob, rejectPushes, waitForFile } from '../../support/git-fixtures';
import { APP, GitWorld, IMAGE, PIN } from './harness';

let world: GitWorld;
beforeAll(async () => {
  world = await GitWorld.start();
});
afterAll(async () => {
  await world?.stop();
});

describe('pin-revision script: concurrent pushes', () => {
  test('two runs racing on one ops repo both land, the older commit first, the descendant on top', async () => {
    const [c1, c2, c3] = world.app.commits;
    const ops = world.newOps(c1);
    // Each run's git shim holds its first push until the test releases it: both runs clone the same head,
    // then the run pinning c2 pushes first and the run pinning c3 finds its push rejected.
    const gates = world.dir('gates-');
    const shim = (name: string) => {
      const { binDir } = createGitShim(world.dir(`shim-${name}-`), { hold: path.join(gates, name) });
      return { PATH: `${binDir}:${process.env.PATH}` };
    };
    const older = world.pin(ops.url, c2, { env: shim('older') });
    const newer = world.pin(ops.url, c3, { env: shim('newer') });
    await waitForFile(path.join(gates, 'older.waiting'));
    await waitForFile(path.join(gates, 'newer.waiting'));

    fs.writeFileSync(path.join(gates, 'older'), '');
    const first = await older;
    expect(first.status).toBe(0);
    fs.writeFileSync(path.join(gates, 'newer'), '');
    const second = await newer;

    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('pin-revision: Push rejected (attempt 1 of 5); starting again from the new head of main in 0s');
    expect(second.stdout).toContain(`pin-revision: ${c3} descends from the pinned commit ${c2}`);
    expect(commitLog(ops.bare).map(c => c.subject)).toEqual([`Pin ${APP} to ${c3}`, `Pin ${APP} to ${c2}`, 'Synthesize the ops repo']);
    expect(readBlob(ops.bare, PIN)).toBe(`${c3}\n`);
    expect(readBlob(ops.bare, IMAGE)).toBe(kpackImageYaml(APP, c3));
  });

  test('a newer pin that lands during a run makes the older run leave it', async () => {
    const [c1, c2, c3] = world.app.commits;
    const ops = world.newOps(c1);
    const gate = path.join(world.dir('gate-'), 'older');
    const { binDir } = createGitShim(world.dir('shim-'), { hold: gate });
    const older = world.pin(ops.url, c2, { env: { PATH: `${binDir}:${process.env.PATH}` } });
    await waitForFile(`${gate}.waiting`);
    const newer = await world.pin(ops.url, c3);
    expect(newer.status).toBe(0);
    fs.writeFileSync(gate, '');

    const run = await older;
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: newer commit ${c3} already pinned for ${APP}; leaving it (${c2} is one of its ancestors)`);
    expect(commitLog(ops.bare).map(c => c.subject)).toEqual([`Pin ${APP} to ${c3}`, 'Synthesize the ops repo']);
  });
});

describe('pin-revision script: rejected pushes', () => {
  test('a remote that rejects two pushes gets the pin on the third attempt, once', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    rejectPushes(ops.bare, 2);
    const run = await world.pin(ops.url, c2);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('remote: push 1 rejected by the test\'s pre-receive hook');
    expect(run.stdout).toContain('pin-revision: Push rejected (attempt 1 of 5); starting again from the new head of main in 0s');
    expect(run.stdout).toContain('pin-revision: Push rejected (attempt 2 of 5); starting again from the new head of main in 0s');
    expect(run.stdout).not.toContain('attempt 3 of 5');
    expect(commitLog(ops.bare).map(c => c.subject)).toEqual([`Pin ${APP} to ${c2}`, 'Synthesize the ops repo']);
    expect(readBlob(ops.bare, PIN)).toBe(`${c2}\n`);
  });

  test('when every attempt is rejected it fails with a clear message and the ops repo is unchanged', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    rejectPushes(ops.bare, 3);
    const run = await world.pin(ops.url, c2, { params: { 'max-attempts': '3' } });
    expect(run.status).toBe(1);
    expect(run.stdout.match(/Push rejected \(attempt \d of 3\)/g)).toEqual(['Push rejected (attempt 1 of 3)', 'Push rejected (attempt 2 of 3)']);
    expect(run.stderr).toBe(`pin-revision: error: the push to main of ${ops.url} failed 3 times, the limit set by param max-attempts. Check that the git-credentials may push to main and what rejected the push (see above), then run the pipeline again\n`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('the wait between attempts doubles from backoff-seconds', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    rejectPushes(ops.bare, 2);
    const started = Date.now();
    const run = await world.pin(ops.url, c2, { params: { 'backoff-seconds': '1' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('(attempt 1 of 5); starting again from the new head of main in 1s');
    expect(run.stdout).toContain('(attempt 2 of 5); starting again from the new head of main in 2s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  }, 30_000); // 3 s of backoff by design, plus git over HTTP on a machine that may be busy
});
