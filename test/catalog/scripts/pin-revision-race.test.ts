import * as fs from 'fs';
import * as path from 'path';
import { commitLog, createBarrier, createGitShim, kpackImageYaml, readBlob } from '../../support/git-fixtures';
import { APP, GitWorld, IMAGE, PIN } from './harness';

// Twenty pin runs of twenty commits of one chain (each a descendant of the pinned one) clone the same head of one ops repo, then push at the same
// moment: nineteen pushes are rejected because another landed. Whatever the order, the newest commit must end
// pinned, the pin history must only move forward, and no run may fail or spend an attempt on such a rejection.
const RUNS = 20;

let world: GitWorld;
let chain: { bare: string; url: string; commits: string[] };
beforeAll(async () => {
  world = await GitWorld.start();
  chain = world.newChainApp(RUNS + 1);
});
afterAll(async () => {
  await world?.stop();
});

/** A permutation of 0..n-1 from a seed (a small LCG), so each round has its own, reproducible order. */
function order(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let x = seed;
  for (let i = n - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 25));
  }
}

async function round(seed: number, backoffSeconds: string): Promise<void> {
  const pinned = chain.commits[0];
  const ops = world.newOps(pinned);
  const barrier = createBarrier(path.join(world.dir('barrier-'), 'fifo'));
  const shims = Array.from({ length: RUNS }, () => world.dir('shim-'));
  const finished: boolean[] = [];
  const runs = order(RUNS, seed).map((index, i) => {
    const { binDir } = createGitShim(shims[i], { barrier: barrier.file, record: false });
    return world.pin(ops.url, chain.commits[index + 1], {
      appDir: world.localClone(chain.bare, chain.url),
      env: { PATH: `${binDir}:${process.env.PATH}` },
      params: { 'backoff-seconds': backoffSeconds },
      timeoutMs: 50_000,
    }).then(run => {
      finished[i] = true;
      return { index, run };
    });
  });
  try {
    // Every run has cloned the same head and made its pin commit: all pushes start together.
    // (A run that ends before its push fails the checks below.)
    await until(() => shims.every((dir, i) => finished[i] || fs.existsSync(path.join(dir, 'at-barrier'))), 40_000);
    barrier.release();
    const results = await Promise.all(runs);

    for (const { index, run } of results) {
      expect({ index, status: run.status, stderr: run.stderr }).toEqual({ index, status: 0, stderr: '' });
      expect(run.stdout).not.toMatch(/attempt \d+ of/);
      expect(run.stdout).toMatch(/Pinned go-sample-app to|already pinned for go-sample-app; leaving it/);
    }
    const newest = chain.commits[RUNS];
    expect(readBlob(ops.bare, PIN)).toBe(`${newest}\n`);
    expect(readBlob(ops.bare, IMAGE)).toBe(kpackImageYaml(APP, newest));
    // Oldest first: each pin commit moves the pin to a later commit of the chain.
    const history = commitLog(ops.bare).reverse().map(c => readBlob(ops.bare, PIN, c.sha).trim()).map(sha => chain.commits.indexOf(sha));
    expect(history[0]).toBe(0);
    expect(history.every((at, i) => i === 0 || at > history[i - 1])).toBe(true);
    expect(history[history.length - 1]).toBe(RUNS);
    const landed = results.filter(r => r.run.stdout.includes('pin-revision: Pinned ')).map(r => r.index + 1).sort((a, b) => a - b);
    expect(landed).toEqual(history.slice(1).sort((a, b) => a - b));
  } finally {
    barrier.release();
    await Promise.allSettled(runs);
    barrier.close();
  }
}

describe('pin-revision script: twenty runs released at once', () => {
  test.each([
    [1, '0'], [2, '0'], [3, '1'],
  ])('round %p (backoff-seconds %p): the newest commit ends pinned, the pin only moves forward, no run fails', async (seed, backoff) => {
    await round(seed, backoff);
  }, 90_000); // about 15 s on a busy 2-core machine; the runs themselves are killed after 50 s
});
