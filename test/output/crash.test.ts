// Synthesis killed for real (SIGKILL, in a process of its own) at every step of a write and at random times,
// on a small ops repository and on one of 1,000 apps: after the kill, dist/ is the old state, or a switch is
// pending that every reader refuses to read; the next synthesis cleans up (saying what it did), leaves no
// staging folder, lock or temporary file, and loses nothing (a hand-written file survives, every generated
// file is there).
import * as fs from 'fs';
import * as path from 'path';
import { Staging } from '../../lib/output/journal';
import { readGeneratedList } from '../../lib/output/writer';
import { OutputPlan } from '../../lib/output/writer';
import { buildFleet, fleetAppName } from '../../scripts/bench/fleet';
import { digest, shop, writePins } from '../promotion/shop';
import { CRASH_CHILD, picture, random, run, RUN_TS, runKilledAfter, writerLeftovers } from '../support/crash';
import { tempDir } from '../support/git-fixtures';

const OLD_APPS = ['go-sample-app', 'storefront'];
const NEW_APPS = ['billing', 'go-sample-app'];
const HAND_WRITTEN = 'shop/NOTES.md';

/** The small repository in state A (apps go-sample-app and storefront), with a hand-written file in dist/. */
let template: string;
let pictureA: string[];
let filesA: Map<string, string>;
let filesB: Map<string, string>;
let pictureB: string[];
beforeAll(() => {
  template = tempDir('crash-template-');
  writePins(template, [...OLD_APPS, 'billing']);
  filesA = shop(template, { apps: OLD_APPS }).synthesize().files;
  fs.writeFileSync(path.join(template, 'dist', HAND_WRITTEN), 'hand-written\n');
  pictureA = picture(path.join(template, 'dist'));
  const b = scenario();
  filesB = shop(b, { apps: NEW_APPS }).synthesize().files;
  pictureB = picture(path.join(b, 'dist'));
  fs.rmSync(b, { recursive: true, force: true });
});
afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

/** A copy of the template, with the pin of state B (go-sample-app's prod image changed). */
function scenario(): string {
  const root = tempDir('crash-');
  fs.cpSync(template, root, { recursive: true });
  fs.writeFileSync(path.join(root, 'pins', 'go-sample-app.prod.image'), `${digest('go-sample-app', 5)}\n`);
  return root;
}

/** What a synthesis changes, file by file, from one set of files to another (the generated-files list aside). */
function changes(from: Map<string, string>, to: Map<string, string>): Omit<OutputPlan, 'foreign'> {
  const keys = (m: Map<string, string>) => [...m.keys()].filter(k => k !== '.generated-files');
  return {
    added: keys(to).filter(k => !from.has(k)).sort(),
    changed: keys(to).filter(k => from.has(k) && from.get(k) !== to.get(k)).sort(),
    removed: keys(from).filter(k => !to.has(k)).sort(),
  };
}
const withoutList = (plan: OutputPlan) => ({
  added: plan.added.filter(f => f !== '.generated-files'), changed: plan.changed.filter(f => f !== '.generated-files'), removed: plan.removed,
});

/**
 * After a kill of the synthesis of B over A: dist/ is A or B exactly, or a switch is pending, which a reader
 * refuses. The next synthesis (of C: the old apps with B's pin) first finishes or rolls back what the killed
 * one left, saying so: what it then changes is exactly C against A (rolled back) or against B (finished),
 * and nothing is left behind.
 */
function checkAfterKill(root: string, expectedNote: RegExp | undefined, expectNew = false): void {
  const dist = path.join(root, 'dist');
  const pending = new Staging(dist).pending();
  let finished = false;
  if (pending) {
    expect(() => readGeneratedList(dist)).toThrow(/is between two syntheses: .* Run `npm run synth`/);
  } else {
    // Killed before its switch (A), or after it (B: killed while it cleaned up, or it had ended).
    const now = picture(dist);
    finished = expectNew || (now.join('\n') === pictureB.join('\n'));
    expect(now).toEqual(finished ? pictureB : pictureA);
  }
  const report = shop(root, { apps: OLD_APPS }).synthesize();
  if (expectedNote) {
    // A process killed holds the lock still: it is taken over first, then its staging is cleaned up.
    const lock = expect.stringMatching(STALE_LOCK);
    expect(report.recovered).toEqual(expectedNote === STALE_LOCK ? [lock] : [lock, expect.stringMatching(expectedNote)]);
  }
  expect(withoutList(report.plan)).toEqual(changes(pending || finished ? filesB : filesA, report.files));
  expect(fs.readFileSync(path.join(dist, HAND_WRITTEN), 'utf8')).toBe('hand-written\n');
  for (const [rel, content] of report.files) expect(fs.readFileSync(path.join(dist, rel), 'utf8')).toBe(content);
  expect(writerLeftovers(dist)).toEqual([]);
}

const ROLLED_BACK = /^\/.*\/dist: removed \/.*\/\.dist\.cdk8s-staging, the staging folder of an interrupted synth of \/.*\/dist \(pid \d+, since .*\); \/.*\/dist had not been touched$/;
const FINISHED = /^\/.*\/dist: finished the switch of an interrupted synth of \/.*\/dist \(pid \d+, since .*\): \d+ moved into place, \d+ deleted, \.generated-files written last$/;
const DONE = /^\/.*\/dist: removed \/.*\/\.dist\.cdk8s-staging, the staging folder of synth of \/.*\/dist \(pid \d+, since .*\), which had finished its switch$/;
const STALE_LOCK = /^took over the lock of synth of \/.*\/dist \(pid \d+, since .*\), which no longer runs$/;

describe('a small ops repository: synthesis killed at each step of the write', () => {
  const points: Array<[string, RegExp]> = [
    ['synth:locked', STALE_LOCK],
    ['staging@7', ROLLED_BACK],
    ['synth:staged', ROLLED_BACK],
    ['synth:journal', FINISHED],
    ['synth:move@4', FINISHED],
    ['synth:delete@2', FINISHED],
    ['synth:list', FINISHED],
    ['synth:listed', FINISHED],
    ['synth:done', DONE],
  ];
  test.each(points)('at %s: the old state or a pending switch; the next synthesis cleans up', (point, note) => {
    const root = scenario();
    try {
      const killed = run([RUN_TS, CRASH_CHILD, 'shop', root, NEW_APPS.join(',')], root, { SYNTH_FAULT: point });
      expect(killed.signal).toBe('SIGKILL');
      checkAfterKill(root, note, point === 'synth:done');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);

  test('killed at random times (seed 22), between its start and its end as timed on this machine', async () => {
    const timed = scenario();
    const t0 = Date.now();
    expect(run([RUN_TS, CRASH_CHILD, 'shop', timed, NEW_APPS.join(',')], timed).status).toBe(0);
    const lifetime = Date.now() - t0;
    fs.rmSync(timed, { recursive: true, force: true });
    const next = random(22);
    const ends: string[] = [];
    for (let trial = 0; trial < 5; trial++) {
      const root = scenario();
      try {
        const ms = Math.round(lifetime * (0.3 + 0.7 * next()));
        const killed = await runKilledAfter([RUN_TS, CRASH_CHILD, 'shop', root, NEW_APPS.join(',')], root, ms);
        if (killed.signal === null) expect(killed.status).toBe(0); // it finished first: then dist/ is B
        ends.push(killed.signal === null ? 'finished' : new Staging(path.join(root, 'dist')).pending() ? 'pending' : 'killed');
        checkAfterKill(root, undefined, killed.signal === null);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
    expect(ends.filter(e => e !== 'finished').length).toBeGreaterThan(0);
  }, 60_000);
});

describe('1,000 apps: killed on the worker thread while staging, then in the middle of the switch', () => {
  let root: string;
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('each time the old state or a pending switch; the next synthesis finishes it and finds nothing to change', () => {
    root = tempDir('crash-fleet-');
    buildFleet({ apps: 1000, root }).synthesize();
    const dist = path.join(root, 'dist');
    fs.writeFileSync(path.join(dist, 'NOTES.md'), 'hand-written\n');
    const before = picture(dist);
    // B: 999 apps (the last one's files are deleted), 100 of them with a new pin (their Image files change).
    for (let i = 0; i < 100; i++) fs.writeFileSync(path.join(root, 'pins', `${fleetAppName(i)}.sha`), `${'f'.repeat(32)}${i.toString(16).padStart(8, '0')}\n`);
    const synthB = [RUN_TS, CRASH_CHILD, 'fleet', root, '999'];

    const inWorker = run(synthB, root, { SYNTH_FAULT: 'staging@50' });
    expect(inWorker.signal).toBe('SIGKILL');
    expect(new Staging(dist).pending()).toBe(false);
    expect(picture(dist)).toEqual(before);

    const inSwitch = run(synthB, root, { SYNTH_FAULT: 'synth:move@40' });
    expect(inSwitch.signal).toBe('SIGKILL');
    expect(new Staging(dist).pending()).toBe(true);
    expect(() => readGeneratedList(dist)).toThrow(/is between two syntheses/);

    const report = buildFleet({ apps: 999, root }).synthesize();
    expect(report.recovered).toEqual([expect.stringMatching(STALE_LOCK), expect.stringMatching(FINISHED)]);
    expect(report.plan).toEqual({ added: [], changed: [], removed: [], foreign: [] });
    expect(fs.existsSync(path.join(dist, 'team-019', fleetAppName(999)))).toBe(false);
    expect(fs.readFileSync(path.join(dist, 'NOTES.md'), 'utf8')).toBe('hand-written\n');
    expect(writerLeftovers(dist)).toEqual([]);
  }, 120_000);
});
