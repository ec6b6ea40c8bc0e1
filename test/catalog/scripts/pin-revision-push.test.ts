import * as fs from 'fs';
import * as path from 'path';
import { commitLog, createGitShim, kpackImageYaml, readBlob, rejectPushes, waitForFile } from '../../support/git-fixtures';
import { APP, GitWorld, IMAGE, PIN } from './harness';

/** The waits a run reported, in seconds. */
function delaysIn(stdout: string): number[] {
  return [...stdout.matchAll(/ in (\d+(?:\.\d{3})?)s/g)].map(m => Number(m[1]));
}

let world: GitWorld;
beforeAll(async () => {
  world = await GitWorld.start();
});
afterAll(async () => {
  await world?.stop();
});

describe('pin-revision script: concurrent pushes', () => {
  test('two runs racing on one ops repo both land, the older commit first, the descendant on top, spending no attempt', async () => {
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
    // One attempt only: the rejection is explained by the other run's pin, so it must not spend it.
    const newer = world.pin(ops.url, c3, { env: shim('newer'), params: { 'max-attempts': '1' } });
    await waitForFile(path.join(gates, 'older.waiting'));
    await waitForFile(path.join(gates, 'newer.waiting'));

    fs.writeFileSync(path.join(gates, 'older'), '');
    const first = await older;
    expect(first.status).toBe(0);
    fs.writeFileSync(path.join(gates, 'newer'), '');
    const second = await newer;

    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    const landed = commitLog(ops.bare)[1].sha;
    expect(second.stdout).toContain(`pin-revision: Push rejected: main moved to ${landed.slice(0, 12)} meanwhile (another push landed); starting again from the new head in 0s, which spends no attempt`);
    expect(second.stdout).not.toContain('attempt 1 of');
    expect(second.stdout).toContain(`pin-revision: ${c3} descends from the pinned commit ${c2}`);
    expect(commitLog(ops.bare).map(c => c.subject)).toEqual([`Pin ${APP} to ${c3}`, `Pin ${APP} to ${c2}`, 'Synthesize the ops repo']);
    expect(readBlob(ops.bare, PIN)).toBe(`${c3}\n`);
    expect(readBlob(ops.bare, IMAGE)).toBe(kpackImageYaml(APP, c3));
  });

  test('a newer pin that lands during a run makes the older run stop successfully, spending no attempt', async () => {
    const [c1, c2, c3] = world.app.commits;
    const ops = world.newOps(c1);
    const gate = path.join(world.dir('gate-'), 'older');
    const { binDir } = createGitShim(world.dir('shim-'), { hold: gate });
    const older = world.pin(ops.url, c2, { env: { PATH: `${binDir}:${process.env.PATH}` }, params: { 'max-attempts': '1' } });
    await waitForFile(`${gate}.waiting`);
    const newer = await world.pin(ops.url, c3);
    expect(newer.status).toBe(0);
    fs.writeFileSync(gate, '');

    const run = await older;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('meanwhile (another push landed); starting again from the new head in 0s, which spends no attempt');
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

  test('the script really waits the time it reports', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    rejectPushes(ops.bare, 2);
    const started = Date.now();
    const run = await world.pin(ops.url, c2, { params: { 'backoff-seconds': '1' } });
    expect(run.status).toBe(0);
    const waits = delaysIn(run.stdout);
    expect(waits).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000 * (waits[0] + waits[1]));
  }, 30_000); // at most 3 s of backoff by design, plus git over HTTP on a machine that may be busy

  test('the waits are full jitter: random from 0 to backoff-seconds x 2^(n-1), the bound doubling at most 6 times', async () => {
    // A sleep that records its argument and returns at once, so nine rejections cost no time.
    const bin = world.dir('sleep-');
    const slept = path.join(bin, 'slept');
    fs.writeFileSync(path.join(bin, 'sleep'), `#!/bin/sh\necho "$1" >> '${slept}'\n`, { mode: 0o755 });
    const [c1, c2] = world.app.commits;
    const all: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const ops = world.newOps(c1);
      rejectPushes(ops.bare, 9);
      fs.rmSync(slept, { force: true });
      const run = await world.pin(ops.url, c2, { params: { 'backoff-seconds': '10', 'max-attempts': '10' }, env: { PATH: `${bin}:${process.env.PATH}` } });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const waits = delaysIn(run.stdout);
      expect(fs.readFileSync(slept, 'utf8').trim().split('\n').map(Number)).toEqual(waits.filter(w => w > 0));
      expect(waits).toHaveLength(9);
      waits.forEach((w, n) => expect(w).toBeLessThanOrEqual(10 * 2 ** Math.min(n, 6)));
      all.push(waits);
    }
    // Millisecond resolution over 27 draws: equal values would mean no randomness.
    expect(new Set(all.flat()).size).toBeGreaterThan(20);
    // The bound grows: over three runs, some late wait exceeds the first bound.
    expect(all.some(waits => waits.slice(3).some(w => w > 10))).toBe(true);
  }, 60_000);

  test('backoff-seconds 0 never waits', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    rejectPushes(ops.bare, 3);
    const run = await world.pin(ops.url, c2);
    expect(run.status).toBe(0);
    expect(delaysIn(run.stdout)).toEqual([0, 0, 0]);
  });
});
