// One lock per working tree of an ops repository, taken by every command that writes it (synth, promote),
// so that two writers never interleave their files: the lock file names its holder (command, pid, host,
// boot, since), and a waiting writer says whom it waits for. A lock whose process is gone (killed, or the
// machine rebooted) is detected by pid, the process's start time and the boot id, and taken over.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Who holds a lock, as written in its file. */
export interface LockHolder {
  /** What runs, e.g. `synth of dist` or `promote go-sample-app to prod`. */
  readonly command: string;
  readonly pid: number;
  readonly host: string;
  /** The kernel's boot id (Linux), when known: a pid of another boot is no process now. */
  readonly boot?: string;
  /** The process's start time in clock ticks since boot (Linux), when known: tells a reused pid apart. */
  readonly start?: string;
  /** When it took the lock (ISO 8601). */
  readonly since: string;
}

/** How long a writer waits for another by default, in seconds (`SYNTH_LOCK_WAIT` overrides). */
export const DEFAULT_LOCK_WAIT_SECONDS = 60;

/** Locks this process holds, by file, with how often each was taken: shared by every copy of this library in the process. */
const held: Map<string, number> = ((globalThis as { [k: symbol]: unknown })[Symbol.for('cdk8s-push-delivery.locks')] ??= new Map()) as Map<string, number>;

/**
 * The lock file of the working tree that holds `dir` (an output directory, or a repository's root): in the
 * git directory of that working tree (`.git/cdk8s-push-delivery/lock`, or the linked worktree's own git
 * directory), else, outside git, beside the output directory (`.<name>.cdk8s-lock`).
 */
export function lockFileFor(dir: string): string {
  const gitDir = gitDirOf(dir);
  if (gitDir) return path.join(gitDir, 'cdk8s-push-delivery', 'lock');
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.cdk8s-lock`);
}

/**
 * The git directory of the working tree `dir` is in, found without running git: the nearest `.git` above
 * it, a folder (a main working tree) or a file naming it (`gitdir: ...`, a linked worktree or a submodule).
 */
export function gitDirOf(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const dotGit = path.join(current, '.git');
    const stat = fs.lstatSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return dotGit;
    if (stat?.isFile()) {
      const line = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
      if (line) return path.resolve(current, line[1]!.trim());
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** A lock this process holds; {@link release} gives it up. */
export class WriterLock {
  /**
   * Takes the lock of the working tree of `dir` for `command`. Another live holder is waited for, up to
   * `SYNTH_LOCK_WAIT` seconds (default {@link DEFAULT_LOCK_WAIT_SECONDS}; 0: not at all), saying once on
   * stderr whom it waits for; then it throws a message naming the holder. A holder that no longer runs is
   * replaced, and `notes` gets a line that says so. Taken again by the same process, it is shared.
   */
  public static acquire(dir: string, command: string, notes: string[] = []): WriterLock {
    const file = lockFileFor(dir);
    const count = held.get(file);
    if (count !== undefined) {
      held.set(file, count + 1);
      return new WriterLock(file);
    }
    const waitMs = lockWaitSeconds() * 1000;
    const startedWaiting = Date.now();
    let announced = false;
    const me = self(command);
    for (;;) {
      if (tryCreate(file, me)) {
        held.set(file, 1);
        return new WriterLock(file);
      }
      const holder = readHolder(file);
      if (holder === 'gone') continue;
      if (holder === 'unreadable') {
        // Being written this instant, or left empty by a process killed between creating and writing it.
        if (ageMs(file) > 2000) breakLock(file, undefined, notes, `an empty lock file ${file}`);
        else sleep(20);
        continue;
      }
      if (stale(holder)) {
        breakLock(file, holder, notes, `the lock of ${holder.command} (pid ${holder.pid}, since ${holder.since}), which no longer runs`);
        continue;
      }
      if (Date.now() - startedWaiting >= waitMs) throw new Error(busyMessage(file, holder, waitMs));
      if (!announced) {
        process.stderr.write(`waiting for ${describe(holder)} to finish: it holds the lock of this repository (${file})\n`);
        announced = true;
      }
      sleep(100);
    }
  }

  private released = false;

  private constructor(
    /** The lock file. */
    public readonly file: string,
  ) {}

  /** Gives the lock up (once; the file is removed when its last taker in this process releases it). */
  public release(): void {
    if (this.released) return;
    this.released = true;
    const count = held.get(this.file) ?? 0;
    if (count > 1) {
      held.set(this.file, count - 1);
      return;
    }
    held.delete(this.file);
    const holder = readHolder(this.file);
    if (typeof holder === 'object' && holder.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}

function lockWaitSeconds(): number {
  const given = process.env.SYNTH_LOCK_WAIT;
  if (given === undefined || given === '') return DEFAULT_LOCK_WAIT_SECONDS;
  const seconds = Number(given);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`SYNTH_LOCK_WAIT '${given}' is not a number of seconds. Set it to how long a writer waits for another, e.g. 60, or 0 not to wait`);
  }
  return seconds;
}

/** Creates the lock file with `me` in it, unless it exists. */
function tryCreate(file: string, me: LockHolder): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function readHolder(file: string): LockHolder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.command === 'string' ? holder : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Removes a lock judged stale, unless someone else did first or took the lock meanwhile: a second file,
 * created exclusively, makes the check-and-remove one step among those who break it.
 */
function breakLock(file: string, holder: LockHolder | undefined, notes: string[], what: string): void {
  const breaker = `${file}.break`;
  try {
    fs.closeSync(fs.openSync(breaker, 'wx'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Someone breaks it now, or died doing so (it takes microseconds): a breaker older than 10 s is left over.
    if (ageMs(breaker) > 10_000) fs.rmSync(breaker, { force: true });
    else sleep(20);
    return;
  }
  try {
    const now = readHolder(file);
    const same = holder === undefined ? now === 'unreadable' : typeof now === 'object' && now.pid === holder.pid && now.since === holder.since;
    if (same) {
      fs.rmSync(file, { force: true });
      notes.push(`took over ${what}`);
    }
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

/** Whether the holder's process is gone: same host, and another boot, or no such pid, or a pid reused by another process. */
function stale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const start = startTime(holder.pid);
  return holder.start !== undefined && start !== undefined && holder.start !== start;
}

function busyMessage(file: string, holder: LockHolder, waitMs: number): string {
  const here = holder.host === os.hostname();
  return `${describe(holder)} holds the lock of this repository (${file})${waitMs > 0 ? `, and still did after ${Math.round(waitMs / 1000)} s` : ''}. `
    + `Wait until it has finished and run again${waitMs === 0 ? '' : ' (SYNTH_LOCK_WAIT=<seconds> waits longer)'}`
    + (here ? '' : `; if no such process runs on ${holder.host} any more, delete ${file}`);
}

function describe(holder: LockHolder): string {
  const ago = Math.max(0, Math.round((Date.now() - Date.parse(holder.since)) / 1000));
  return `${holder.command} (pid ${holder.pid}${holder.host === os.hostname() ? '' : ` on ${holder.host}`}, since ${holder.since}, ${ago} s ago)`;
}

function self(command: string): LockHolder {
  const boot = bootId();
  const start = startTime(process.pid);
  return {
    command, pid: process.pid, host: os.hostname(), ...(boot ? { boot } : {}), ...(start ? { start } : {}), since: new Date().toISOString(),
  };
}

function bootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, the start time (after the command name, which may hold spaces and ')'). */
function startTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? Date.now() - stat.mtimeMs : 0;
}

/** Blocks this thread for `ms` (the writers are synchronous). */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
