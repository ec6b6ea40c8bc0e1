// The writers' lock, with real processes: a live holder is waited for and named (command, pid, since); a
// holder that is gone (no such pid, a pid reused by another process, another boot, a lock left empty) is
// taken over, saying so; a holder on another host is never judged, and the message says what to delete.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lockFileFor, WriterLock } from '../../lib/output/lock';
import { tempDir } from '../support/git-fixtures';
import { thrown } from '../support/synth';

let dir: string;
let outdir: string;
let lock: string;
beforeEach(() => {
  dir = tempDir('lock-');
  outdir = path.join(dir, 'dist');
  lock = lockFileFor(outdir);
});
afterEach(() => {
  delete process.env.SYNTH_LOCK_WAIT;
  fs.rmSync(dir, { recursive: true, force: true });
});

const holder = (fields: object) => fs.writeFileSync(lock, JSON.stringify({ command: 'synth of dist', host: os.hostname(), since: '2030-01-01T00:00:00.000Z', ...fields }));
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

test('outside git, the lock is beside the output directory; in a git working tree, in its git directory', () => {
  expect(lock).toBe(path.join(dir, '.dist.cdk8s-lock'));
  fs.mkdirSync(path.join(dir, '.git'));
  expect(lockFileFor(outdir)).toBe(path.join(dir, '.git', 'cdk8s-push-delivery', 'lock'));
  fs.rmSync(path.join(dir, '.git'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.git'), 'gitdir: ../main/.git/worktrees/wt\n');
  expect(lockFileFor(outdir)).toBe(path.join(path.dirname(dir), 'main', '.git', 'worktrees', 'wt', 'cdk8s-push-delivery', 'lock'));
});

test('taken and released; taken again in the same process, it is shared', () => {
  const first = WriterLock.acquire(outdir, 'synth of dist');
  expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toMatchObject({ command: 'synth of dist', pid: process.pid, host: os.hostname() });
  const again = WriterLock.acquire(outdir, 'promote app to prod');
  again.release();
  expect(fs.existsSync(lock)).toBe(true);
  first.release();
  expect(fs.existsSync(lock)).toBe(false);
});

describe('a holder that is gone is taken over, saying so', () => {
  const cases: Array<[string, () => void, string]> = [
    ['no such pid', () => holder({ pid: deadPid() }), 'took over the lock of synth of dist (pid <pid>, since 2030-01-01T00:00:00.000Z), which no longer runs'],
    ['its pid now another process (another start time)', () => holder({ pid: process.pid, start: '1' }),
      'took over the lock of synth of dist (pid <pid>, since 2030-01-01T00:00:00.000Z), which no longer runs'],
    ['another boot of this host', () => holder({ pid: process.pid, boot: 'another-boot' }),
      'took over the lock of synth of dist (pid <pid>, since 2030-01-01T00:00:00.000Z), which no longer runs'],
    ['a lock file left empty (killed between creating and writing it)', () => {
      fs.writeFileSync(lock, '');
      fs.utimesSync(lock, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
    }, 'took over an empty lock file <lock>'],
  ];
  test.each(cases)('%s', (_name, arrange, note) => {
    arrange();
    const before = fs.readFileSync(lock, 'utf8');
    const pid = before ? String(JSON.parse(before).pid) : '';
    const notes: string[] = [];
    WriterLock.acquire(outdir, 'synth of dist', notes).release();
    expect(notes).toEqual([note.replace('<pid>', pid).replace('<lock>', lock)]);
  });
});

describe('a live holder is named', () => {
  test('on this host: refused at once with SYNTH_LOCK_WAIT=0, naming the command, pid and since', () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      holder({ pid: child.pid, command: 'promote app to prod' });
      process.env.SYNTH_LOCK_WAIT = '0';
      expect(thrown(() => WriterLock.acquire(outdir, 'synth of dist'))).toMatch(new RegExp(
        `^promote app to prod \\(pid ${child.pid}, since 2030-01-01T00:00:00\\.000Z, 0 s ago\\) holds the lock of this repository \\(${lock}\\)\\. Wait until it has finished and run again$`));
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('on another host: never taken over; the message says what to delete if it no longer runs', () => {
    holder({ pid: 1, host: 'build-agent-7' });
    process.env.SYNTH_LOCK_WAIT = '0.2';
    expect(thrown(() => WriterLock.acquire(outdir, 'synth of dist'))).toBe(`synth of dist (pid 1 on build-agent-7, since 2030-01-01T00:00:00.000Z, 0 s ago) `
      + `holds the lock of this repository (${lock}), and still did after 0 s. Wait until it has finished and run again (SYNTH_LOCK_WAIT=<seconds> waits longer); `
      + `if no such process runs on build-agent-7 any more, delete ${lock}`);
  });

  test('waited for, saying so once, and taken when it is released', () => {
    const child = spawn(process.execPath, ['-e', `
      const fs = require('fs');
      fs.writeFileSync(${JSON.stringify(lock)}, JSON.stringify({ command: 'synth of dist', pid: process.pid, host: require('os').hostname(), since: new Date().toISOString() }));
      setTimeout(() => fs.rmSync(${JSON.stringify(lock)}), 600);`]);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const t0 = Date.now(); !fs.existsSync(lock) && Date.now() - t0 < 5000;) spawnSync('sleep', ['0.05']);
      WriterLock.acquire(outdir, 'promote app to prod').release();
      expect(stderr.mock.calls.map(c => String(c[0]))).toEqual([expect.stringMatching(new RegExp(
        `^waiting for synth of dist \\(pid ${child.pid}, since .*\\) to finish: it holds the lock of this repository \\(${lock}\\)\\n$`))]);
    } finally {
      stderr.mockRestore();
      child.kill('SIGKILL');
    }
  });

  test('SYNTH_LOCK_WAIT that is not a number of seconds', () => {
    holder({ pid: process.pid + 100000, host: 'elsewhere' });
    process.env.SYNTH_LOCK_WAIT = 'soon';
    expect(thrown(() => WriterLock.acquire(outdir, 'synth of dist')))
      .toBe("SYNTH_LOCK_WAIT 'soon' is not a number of seconds. Set it to how long a writer waits for another, e.g. 60, or 0 not to wait");
  });
});
