// Where a measured process's CPU time goes: a summary of the V8 CPU profiles (`node --cpu-prof`) of its
// threads, by who runs: our code, cdk8s, constructs, cdk8s-plus, other packages, garbage collection, the
// disk (file system calls), Node.js itself.
import * as fs from 'fs';
import * as path from 'path';

/** A V8 CPU profile (`.cpuprofile`), the fields read here. */
interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly scriptId: string | number };
    readonly children?: readonly number[];
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Who the time of a sample is spent by. */
export type Share = 'ours' | 'cdk8s' | 'constructs' | 'cdk8s-plus' | 'other packages' | 'GC' | 'disk' | 'Node.js';
export const SHARES: readonly Share[] = ['ours', 'cdk8s', 'constructs', 'cdk8s-plus', 'other packages', 'GC', 'disk', 'Node.js'];

/** One thread's CPU time, by share, in milliseconds. */
export interface ThreadProfile {
  /** CPU time of the measured work: neither idle nor loading modules. */
  readonly busyMs: number;
  /** Time spent loading modules (before the measured work), left out of {@link busyMs}. */
  readonly startupMs: number;
  readonly byShare: { readonly [s in Share]: number };
  /** Our functions that take most time themselves, as `name: ms`. */
  readonly topOurs: readonly string[];
}

/** Native functions of Node's file system binding, as profiles name them. */
const FILE_SYSTEM = new Set(['open', 'close', 'read', 'readFileUtf8', 'writeFileUtf8', 'writeString', 'writeBuffer', 'writeBuffers', 'lstat', 'stat',
  'fstat', 'mkdir', 'readdir', 'rename', 'link', 'unlink', 'rmdir', 'fsync', 'fdatasync', 'realpath', 'access', 'existsSync', 'copyFile', 'symlink', 'readlink']);

function shareOf(frame: CpuProfile['nodes'][number]['callFrame'], ownCode: (url: string) => boolean): Share | undefined {
  const { functionName, url } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return undefined;
  if (url.includes('/node_modules/')) {
    const pkg = url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/')[0];
    return pkg === 'cdk8s' || pkg === 'constructs' ? pkg : pkg.startsWith('cdk8s-plus') ? 'cdk8s-plus' : 'other packages';
  }
  const native = String(frame.scriptId) === '0';
  if (url === 'node:fs' || (native && FILE_SYSTEM.has(functionName))) return 'disk';
  // Scripts without a file are ours: the worker's source and the code staging compiles with `new Function`.
  if (ownCode(url) || (!native && (url === '' || url === '[worker eval]'))) return 'ours';
  return 'Node.js';
}

/** Sums one thread's profile by share; `ownCode` tells our code by its script URL. */
export function summarizeProfile(profile: CpuProfile, ownCode: (url: string) => boolean): ThreadProfile {
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  // Loading a module is a `require` (the entry script itself is loaded without one).
  const loading = new Map<number, boolean>();
  const isLoading = (id: number): boolean => {
    let known = loading.get(id);
    if (known === undefined) {
      const p = parent.get(id);
      known = nodes.get(id)!.callFrame.functionName === 'Module.require' || (p !== undefined && isLoading(p));
      loading.set(id, known);
    }
    return known;
  };
  const byShare = Object.fromEntries(SHARES.map(s => [s, 0])) as { [s in Share]: number };
  const ours = new Map<string, number>();
  let busy = 0;
  let startup = 0;
  for (const [id, micros] of self) {
    const frame = nodes.get(id)!.callFrame;
    const functionName = frame.functionName;
    const share = shareOf(frame, ownCode);
    if (!share) continue;
    if (isLoading(id)) {
      startup += micros / 1000;
      continue;
    }
    busy += micros / 1000;
    byShare[share] += micros / 1000;
    if (share === 'ours') ours.set(functionName || '(anonymous)', (ours.get(functionName || '(anonymous)') ?? 0) + micros / 1000);
  }
  const topOurs = [...ours].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, ms]) => `${name} ${Math.round(ms)}`);
  return { busyMs: busy, startupMs: startup, byShare, topOurs };
}

/**
 * The profiles `node --cpu-prof --cpu-prof-dir=<dir>` wrote for one process: the main thread's first, then
 * its workers' (file names end `.<pid>.<thread id>.<sequence>.cpuprofile`).
 */
export function readProfiles(dir: string, ownCode: (url: string) => boolean): ThreadProfile[] {
  const threadOf = (file: string) => Number(file.split('.').slice(-3)[0]);
  return fs.readdirSync(dir).filter(f => f.endsWith('.cpuprofile')).sort((a, b) => threadOf(a) - threadOf(b))
    .map(f => summarizeProfile(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), ownCode));
}

/** One line per thread: CPU seconds and each share's percentage. */
export function describeProfile(threads: readonly ThreadProfile[]): string[] {
  const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`;
  return threads.map((t, i) => `${i === 0 ? 'main thread' : `worker ${i}`}: ${(t.busyMs / 1000).toFixed(2)} s CPU (`
    + `${SHARES.filter(s => t.byShare[s] >= 0.005 * t.busyMs).map(s => `${s} ${pct(t.byShare[s], t.busyMs)}`).join(', ')})`
    + (i === 0 ? `; ours, most: ${t.topOurs.join(', ')} ms` : ''));
}
