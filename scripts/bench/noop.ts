// Re-synthesis as users run it: the command (`node scripts/synth.js main.ts`, whole processes) on
// an ops repository whose main.ts builds the benchmark's fleet (scripts/bench/fleet.ts), cold (`--full`,
// into an empty folder each time) against a synthesis with nothing changed since the one before, which the
// record of that synthesis answers (lib/cli/synth-record.ts) after comparing every file of the output by
// size and SHA-256; then one app's pin changed (a new commit, as the pin step writes it): `plan` of that
// change against the output on disk, and the synthesis of it, with the files it wrote. Run by `npm run
// bench`, or alone:
// `node --max-old-space-size=4096 scripts/run-ts.js scripts/bench/noop.ts [apps] [runs]`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fleetAppName } from './fleet';

const ROOT = path.resolve(__dirname, '..', '..');
const SYNTH = path.join(ROOT, 'scripts', 'synth.js');
const RUN_TS = path.join(ROOT, 'scripts', 'run-ts.js');
const BIN = path.join(ROOT, 'lib', 'cli', 'bin.ts');

/** Wall milliseconds of each run, and what the no-op runs wrote. */
export interface NoopFigures {
  readonly apps: number;
  readonly files: number;
  readonly coldMs: number[];
  readonly noopMs: number[];
  /** Files and folders of the output whose inode, modification or change time a no-op run changed. */
  readonly touched: number;
  /** `plan` with one app's pin changed, each run. */
  readonly planMs: number[];
  /** The synthesis of that change. */
  readonly changeMs: number;
  /** The app whose pin changed. */
  readonly changedApp: string;
  /** The files (not folders) of the output that synthesis wrote, relative to it. */
  readonly changeWrote: string[];
}

/** `runs` cold and `runs` no-op syntheses of `apps` apps by the command, in a folder of its own below `work`. */
export function measureCliNoop(apps: number, work: string, runs: number): NoopFigures {
  const root = path.join(work, `cli-${apps}`);
  // node_modules of its own, where the command keeps its records (node_modules/.cache), with this project's packages
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name !== '.cache') fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(root, 'node_modules', name));
  }
  fs.writeFileSync(path.join(root, 'main.ts'), [
    "import * as path from 'path';",
    `import { buildFleet } from ${JSON.stringify(path.join(__dirname, 'fleet'))};`,
    `export const app = buildFleet({ apps: ${apps}, root: __dirname, outdir: path.join(__dirname, process.env.BENCH_OUTDIR ?? 'dist') });`,
    '',
  ].join('\n'));
  const command = (script: string[], args: string[], env: NodeJS.ProcessEnv = {}, ok = [0]) => {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, ['--max-old-space-size=4096', ...script, ...args],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, BENCH_OUTDIR: undefined, ...env } });
    const ms = performance.now() - t0;
    if (!ok.includes(run.status ?? -1)) throw new Error(`${path.basename(script[script.length - 1])} ${args.join(' ')} of ${apps} apps failed (${run.status}):\n${run.stderr}`);
    return { ms, stdout: run.stdout, stderr: run.stderr };
  };
  const synth = (args: string[], env: NodeJS.ProcessEnv = {}) => command([SYNTH, 'main.ts'], args, env);
  // Files just written make a bundle that is not kept (lib/cli/run-ts.ts): let them settle, then bundle once.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  synth(['--full'], { BENCH_OUTDIR: 'warm-up' });
  const coldMs = Array.from({ length: runs }, (_, i) => synth(['--full'], { BENCH_OUTDIR: `cold-${i}` }).ms);
  const first = synth([]);
  if (/was not run again/.test(first.stderr)) throw new Error(`the first synthesis into dist/ was answered by a record:\n${first.stderr}`);
  const before = disk(path.join(root, 'dist'));
  const noopMs = Array.from({ length: runs }, () => {
    const run = synth([]);
    if (!/was not run again/.test(run.stderr)) throw new Error(`a synthesis with nothing changed ran the app:\n${run.stderr}`);
    return run.ms;
  });
  const after = disk(path.join(root, 'dist'));
  const touched = changedSince(before, after).length;

  // One app's pin moves to another commit: plan (exit 2: changes), then synth.
  const changedApp = fleetAppName(Math.floor(apps / 2));
  const newPin = 'c0ffee'.repeat(7).slice(0, 40);
  fs.writeFileSync(path.join(root, 'pins', `${changedApp}.sha`), `${newPin}\n`);
  const planMs = Array.from({ length: runs }, () => {
    const run = command([RUN_TS, BIN, 'plan'], ['--entry', 'main.ts'], {}, [2]);
    if (!run.stdout.includes(`→ ${newPin}`) || !/^1 Application changes/m.test(run.stdout)) {
      throw new Error(`plan of a changed pin of ${changedApp} does not show that change alone:\n${run.stdout}`);
    }
    return run.ms;
  });
  const change = synth([]);
  const changed = disk(path.join(root, 'dist'));
  const changeWrote = changedSince(after, changed).filter(rel => !fs.lstatSync(path.join(root, 'dist', rel), { throwIfNoEntry: false })?.isDirectory());
  return { apps, files: [...after.keys()].length, coldMs, noopMs, touched, planMs, changeMs: change.ms, changedApp, changeWrote };
}

/** What differs between two {@link disk} listings: paths changed, added or gone. */
function changedSince(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...[...after].filter(([rel, stamp]) => before.get(rel) !== stamp).map(([rel]) => rel), ...[...before.keys()].filter(rel => !after.has(rel))];
}

/** Every file and folder below `dir`: inode, modification and change times. */
function disk(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const stat = fs.lstatSync(path.join(dir, rel), { bigint: true });
    out.set(rel, `${stat.ino} ${stat.mtimeNs} ${stat.ctimeNs}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(path.join(dir, rel))) walk(path.join(rel, name));
  };
  walk('.');
  return out;
}

/** The lines that report `figures`. */
export function describeCliNoop(figures: NoopFigures): string[] {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const cold = median(figures.coldMs);
  const noop = median(figures.noopMs);
  return [
    `synth of ${figures.apps} apps by the command (whole processes, median of ${figures.coldMs.length}): cold (--full, into an empty folder) `
      + `${s(cold)} s (${figures.coldMs.map(s).join(', ')}); with nothing changed ${s(noop)} s (${figures.noopMs.map(s).join(', ')}), `
      + `${figures.touched} of ${figures.files} files and folders written: ${(noop / cold).toFixed(2)} × cold`,
    `one app's pin changed (${figures.changedApp}): plan ${s(median(figures.planMs))} s (${figures.planMs.map(s).join(', ')}), `
      + `${(median(figures.planMs) / cold).toFixed(2)} × cold synth; synth ${s(figures.changeMs)} s, ${(figures.changeMs / cold).toFixed(2)} × cold, `
      + `wrote ${figures.changeWrote.length} file(s): ${figures.changeWrote.join(', ')}`,
  ];
}

// Run alone only: bundled into run.ts, this file is part of the main module too.
if (require.main === module && path.basename(__filename) === 'noop.ts') {
  const [apps = '1000', runs = '3'] = process.argv.slice(2);
  const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-noop-'));
  try {
    process.stdout.write(`load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}\n`);
    for (const line of describeCliNoop(measureCliNoop(Number(apps), work, Number(runs)))) process.stdout.write(`${line}\n`);
    process.stdout.write(`load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
