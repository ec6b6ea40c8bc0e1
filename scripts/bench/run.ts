// `npm run bench`: synthesis of an ops repository of N apps, ours against stock cdk8s, in one run.
//
// For each N, fresh processes (scripts/bench/child.ts) build the fleet (scripts/bench/fleet.ts: every trigger
// kind, teams of 50, three clusters) through the public API and synthesize it (OpsApp.synthesize: validate,
// render, write), reporting each phase; then other fresh processes build the very same objects as plain
// ApiObjects in a stock cdk8s App, in its two arrangements, and run App.synth(): one Chart per folder (as
// ours is laid out; stock `Chart.toJson` resolves the whole app once per chart, so this grows with charts ×
// objects) and one Chart for everything (stock's fastest). All are timed inside the process from the first
// construct to the last file written, with the process's CPU time and peak RSS (getrusage). Then a no-op
// re-synthesis in the process, the command's synthesis with nothing changed against its cold one
// (scripts/bench/noop.ts, whole processes), and `npm run synth` of main.ts against stock `cdk8s synth` of the same objects, as whole
// processes. Ours runs BENCH_RUNS times (default 3) for each N, each time into a folder of its own, and the
// run with the median total is reported (this VM's speed varies by a fifth from run to run); stock runs
// once. Stock with a Chart per folder runs up to BENCH_STOCK_PER_FOLDER_MAX apps (default 2,000: at
// 10,000 it would take hours), and the output says so. BENCH_APPS (e.g. `100,1000`) picks the sizes,
// BENCH_DIR the folder the output goes to (default: the system's temporary folder; `/dev/shm` keeps the
// disk out of it), BENCH_PROFILE=1 adds a CPU profile of ours for each size (an extra run, not timed).
//
// First it times how long creating a file takes in that folder's file system right now: the floor under
// every write figure, printed for each size. On ext4 without a journal (this project's CI machines),
// creating a file right after many were deleted is slow: the kernel skips every inode freed in the last one
// to six minutes, looking each one up (`recently_deleted` and `find_inode_bit` in the Linux source,
// fs/ext4/ialloc.c), so a benchmark run just after a large delete (a test run, a previous benchmark's
// cleanup) measures that.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { Arrangement, Figures } from './child';
import { describeCliNoop, measureCliNoop, NoopFigures } from './noop';
import { describeProfile, readProfiles } from './profile';

const RUN_TS = path.resolve(__dirname, '..', 'run-ts.js');
const CHILD = path.resolve(__dirname, 'child.ts');
const ROOT = path.resolve(__dirname, '..', '..');
const CDK8S_CLI = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const NODE_FLAGS = ['--max-old-space-size=4096'];

/** What one size measured. */
interface SizeResult {
  /** Ours: the median run, with the largest peak RSS of all runs. */
  readonly ours: Figures;
  readonly runs: readonly Figures[];
  readonly stock: { readonly [a in Arrangement]?: Figures };
  /** Why stock has no figure in an arrangement it ran in. */
  readonly stockFailed: { readonly [a in Arrangement]?: string };
  /** Seconds the disk takes to create this many files, at the rate measured first. */
  readonly floorSec: number;
  /** The 1-minute load average before the size's first run. */
  readonly load: number;
}

function child(args: string[], nodeFlags: string[] = []): Figures {
  const run = spawnSync(process.execPath, [...NODE_FLAGS, ...nodeFlags, RUN_TS, CHILD, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

/**
 * Microseconds to create one small file in `dir` now, from `fs.writeFileSync` of 2,000 files (left in place
 * until the benchmark's folder is deleted, so that the probe frees no inodes itself).
 */
function fileCreationMicros(dir: string, files = 2000): number {
  const probe = path.join(dir, 'probe');
  fs.mkdirSync(probe);
  const t0 = performance.now();
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(probe, `f${i}.yaml`), 'x\n');
  return ((performance.now() - t0) * 1000) / files;
}

/** Wall milliseconds of a whole command run in `cwd`, median of `runs` after one warm-up. */
function wall(command: string[], runs: number, cwd: string, env: NodeJS.ProcessEnv = {}): number {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const run = spawnSync(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${command.join(' ')} failed:\n${run.stderr}`);
    if (i > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const sec = (ms: number) => (ms / 1000).toFixed(2);
const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;
const load = () => os.loadavg()[0];
const opsRoot = (work: string, n: number, run: number) => path.join(work, run === 0 ? `ops-${n}` : `ops-${n}-${run}`);

/**
 * Ours, cold, `runs` times into folders of their own (the first into the one {@link measureNoop} uses again,
 * which also writes the objects for stock): the median run, and every run.
 */
function measureOurs(n: number, work: string, runs: number, objectsFile: string): { median: Figures; runs: Figures[] } {
  const cold = Array.from({ length: runs }, (_, i) => {
    const root = opsRoot(work, n, i);
    return child(['ours', String(n), root, path.join(root, 'dist'), ...i === 0 ? [objectsFile] : []]);
  });
  const middle = [...cold].sort((a, b) => a.totalMs - b.totalMs)[Math.floor((runs - 1) / 2)]!;
  return { median: { ...middle, rssBytes: Math.max(...cold.map(c => c.rssBytes)) }, runs: cold };
}

/** Stock cdk8s, once, in one arrangement. */
function measureStock(n: number, work: string, objectsFile: string, arrangement: Arrangement): Figures {
  return child(['stock', objectsFile, path.join(work, `stock-${arrangement}-${n}`), arrangement]);
}

/** A no-op re-synthesis of `n` apps into the folder of the first cold run. */
function measureNoop(n: number, work: string): Figures {
  const root = opsRoot(work, n, 0);
  return child(['ours', String(n), root, path.join(root, 'dist')]);
}

/** `npm run synth` of main.ts against stock `cdk8s synth` of the same objects (one Chart per folder), whole processes. */
function measureMainSynth(work: string): { ours: number; stock: number } {
  const mainRoot = path.join(work, 'main');
  const mainOut = path.join(mainRoot, 'dist');
  const ours = wall([process.execPath, path.join(ROOT, 'scripts', 'synth.js')], 5, ROOT, { CDK8S_OUTDIR: mainOut });
  const mainObjects = path.join(work, 'objects-main.txt');
  fs.writeFileSync(mainObjects, objectLines(mainOut));
  const stockOut = path.join(work, 'stock-main');
  const stockApp = [process.execPath, RUN_TS, CHILD, 'stock', mainObjects, stockOut, 'per-folder'].join(' ');
  // The CLI asks the npm registry for a newer version of itself unless its cache (~/.cdk8s-cli.version,
  // 30 minutes) answers: give it a home whose cache says it is current, as an online user's would.
  const home = path.join(work, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.cdk8s-cli.version'), require(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'package.json')).version);
  const stock = wall([CDK8S_CLI, 'synth', '--app', stockApp, '--output', stockOut], 5, work, { HOME: home });
  return { ours, stock };
}

/** The objects of a synthesized output folder, read back, as the stock child reads them: `<folder>\t<JSON>` lines. */
function objectLines(outdir: string): string {
  const list = fs.readFileSync(path.join(outdir, '.generated-files'), 'utf8').split('\n').filter(Boolean);
  // Objects only: the generated files that are not (the front page, kustomization.yaml) have no ApiObject.
  return list.filter(f => f.endsWith('.yaml') && path.basename(f) !== 'kustomization.yaml')
    .map(f => `${path.dirname(f)}\t${JSON.stringify(YAML.parse(fs.readFileSync(path.join(outdir, f), 'utf8')))}\n`).join('');
}

/** A CPU profile of one more cold run of ours, one line per thread. */
function measureProfile(n: number, work: string): string[] {
  const dir = path.join(work, `profile-${n}`);
  const root = path.join(work, `ops-${n}-profile`);
  child(['ours', String(n), root, path.join(root, 'dist')], ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  // Our code is bundled into one script named after the entry (scripts/run-ts.js); packages stay external.
  return describeProfile(readProfiles(dir, url => url.endsWith('/scripts/bench/child.ts')));
}

/** One size: ours (every run), stock in both arrangements (per folder only up to `perFolderMax` apps). */
function measureSize(n: number, work: string, runs: number, createMicros: number, perFolderMax: number): SizeResult {
  const before = load();
  const objectsFile = path.join(work, `objects-${n}.txt`);
  const ours = measureOurs(n, work, runs, objectsFile);
  const stock: { [a in Arrangement]?: Figures } = {};
  const stockFailed: { [a in Arrangement]?: string } = {};
  // Stock failing (out of memory at 10,000 apps, say) leaves ours measured: the row says why stock has no figure.
  for (const a of ['one-chart', 'per-folder'] as const) {
    if (a === 'per-folder' && n > perFolderMax) continue;
    try {
      stock[a] = measureStock(n, work, objectsFile, a);
    } catch (e) {
      stockFailed[a] = (e as Error).message.split('\n').find(l => /heap|memory/i.test(l))?.trim() ?? 'failed';
    }
  }
  fs.rmSync(objectsFile);
  return { ours: ours.median, runs: ours.runs, stock, stockFailed, floorSec: (createMicros * ours.median.files) / 1e6, load: before };
}

/** The table's row of one size. */
function row(n: number, r: SizeResult, perFolderMax: number): string {
  const o = r.ours;
  const stock = (a: Arrangement) => {
    const s = r.stock[a];
    return s ? `${sec(s.totalMs)} s, ${mib(s.rssBytes)}` : r.stockFailed[a] ? `failed: ${r.stockFailed[a]}` : `not run (> ${perFolderMax} apps)`;
  };
  const ratio = (a: Arrangement) => r.stock[a] ? (o.totalMs / r.stock[a]!.totalMs).toFixed(2) : '–';
  return `| ${n} | ${o.files} | ${sec(o.constructMs)} / ${sec(o.renderMs!)} / ${sec(o.validateMs!)} / ${sec(o.writeMs!)} = **${sec(o.totalMs)} s** `
    + `(${r.runs.map(c => sec(c.totalMs)).join(', ')}) | ${sec(o.cpuMs)} s | ${mib(o.rssBytes)} | ${r.floorSec.toFixed(2)} s (${(o.totalMs / 1000 / r.floorSec).toFixed(1)} ×) `
    + `| ${stock('one-chart')} | ${stock('per-folder')} | ${ratio('one-chart')} | ${ratio('per-folder')} | ${r.load.toFixed(2)} |`;
}

/** What stock with a Chart per folder would take at `n` apps, from the growth between the two largest sizes it ran. */
function perFolderEstimate(n: number, results: Map<number, SizeResult>): string {
  const ran = [...results].filter(([, r]) => r.stock['per-folder']).map(([m, r]) => [m, r.stock['per-folder']!.totalMs] as const);
  if (ran.length < 2) return '';
  const [[n1, t1], [n2, t2]] = ran.slice(-2);
  const exponent = Math.log(t2 / t1) / Math.log(n2 / n1);
  return `; it grew as apps^${exponent.toFixed(2)} from ${n1} to ${n2} apps, which puts ${n} apps at about ${Math.round((t2 * (n / n2) ** exponent) / 60000)} minutes`;
}

function main(): void {
  const sizes = (process.env.BENCH_APPS ?? '500,1000,2000,10000').split(',').map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const perFolderMax = Number(process.env.BENCH_STOCK_PER_FOLDER_MAX ?? 2000);
  const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-'));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const check = (ok: boolean, text: string) => say(`${ok ? 'PASS' : 'MISS'} ${text}`);
  try {
    const create = fileCreationMicros(work);
    say(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${mib(os.totalmem())} RAM, Node ${process.version}; load average ${os.loadavg().map(l => l.toFixed(2)).join(', ')}`);
    say(`disk: output in ${path.dirname(work)}, where creating a file takes ${create.toFixed(0)} µs now (${(create * 29000 / 1e6).toFixed(2)} s for the 29,000 files of 1,000 apps): the floor below`);
    say('');
    say('| apps | files | ours: construct / render / validate / write = total of the median run (every run) | CPU | peak RSS | disk floor (ours ×) '
      + '| stock, one Chart | stock, a Chart per folder | ours / stock one Chart | ours / stock per folder | load |');
    say('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const results = new Map<number, SizeResult>();
    // A size that fails (a process out of memory, say) is reported as such, and the others still run.
    const failed = new Map<number, string>();
    for (const n of sizes) {
      try {
        const r = measureSize(n, work, runs, create, perFolderMax);
        results.set(n, r);
        say(row(n, r, perFolderMax));
      } catch (e) {
        const reason = (e as Error).message.split('\n').filter(l => /Error|heap|memory|failed/i.test(l)).slice(0, 2).join(' / ') || (e as Error).message.split('\n')[0]!;
        failed.set(n, reason);
        say(`| ${n} | failed: ${reason} |`);
      }
    }
    for (const n of sizes.filter(m => m > perFolderMax)) {
      say(`stock with a Chart per folder not run at ${n} apps (BENCH_STOCK_PER_FOLDER_MAX=${perFolderMax}): it resolves the whole app once per chart${perFolderEstimate(n, results)}`);
    }
    const noopN = sizes.includes(1000) ? 1000 : sizes[0];
    const noop = measureNoop(noopN, work);
    const noopStock = results.get(noopN)!.stock['per-folder'] ?? results.get(noopN)!.stock['one-chart']!;
    say('');
    say(`no-op re-synthesis of ${noopN} apps into the same folder: ${sec(noop.totalMs)} s, ${noop.written} files written `
      + `(${(noop.totalMs / noopStock.totalMs).toFixed(2)} × the cold stock baseline)`);
    const cliNoop = measureCliNoop(noopN, work, runs);
    for (const line of describeCliNoop(cliNoop)) say(line);
    const synth = measureMainSynth(work);
    say(`npm run synth of main.ts: ${sec(synth.ours)} s against ${sec(synth.stock)} s for stock \`cdk8s synth\` of the same objects `
      + `(whole processes, median of 5): ${(synth.ours / synth.stock).toFixed(2)} ×`);
    if (process.env.BENCH_PROFILE === '1') {
      say('');
      for (const n of sizes) for (const line of measureProfile(n, work)) say(`profile of ${n} apps, ${line}`);
    }

    say('');
    const at = (n: number) => results.get(n)?.ours;
    const stockOf = (n: number, a: Arrangement) => results.get(n)?.stock[a];
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    if (at(1000)) {
      check(at(1000)!.totalMs <= 2500, `1,000 apps cold ≤ 2.5 s (${sec(at(1000)!.totalMs)} s)`);
      check(at(1000)!.totalMs <= 5000, `1,000 apps cold ≤ 5 s (${sec(at(1000)!.totalMs)} s)`);
      check(at(1000)!.totalMs <= 0.3 * stockOf(1000, 'one-chart')!.totalMs, `1,000 apps ≤ 0.3 × stock with one Chart (${ratio(at(1000)!.totalMs, stockOf(1000, 'one-chart')!.totalMs)})`);
      if (stockOf(1000, 'per-folder')) {
        check(at(1000)!.totalMs <= 0.5 * stockOf(1000, 'per-folder')!.totalMs, `1,000 apps ≤ 0.5 × stock with a Chart per folder (${ratio(at(1000)!.totalMs, stockOf(1000, 'per-folder')!.totalMs)})`);
      }
      const cli = (f: NoopFigures) => median(f.noopMs) / median(f.coldMs);
      check(cliNoop.touched === 0 && cli(cliNoop) <= 0.5, `synth with nothing changed writes 0 files and ≤ 0.5 × its cold synth (${cliNoop.touched}, ${cli(cliNoop).toFixed(2)})`);
      const cold = median(cliNoop.coldMs);
      const ownFiles = cliNoop.changeWrote.every(rel => rel.split('/').includes(cliNoop.changedApp));
      check(ownFiles && cliNoop.changeMs <= 0.5 * cold, `one app's pin changed: synth ≤ 0.5 × its cold synth, writing only that app's files (${ratio(cliNoop.changeMs, cold)}, ${cliNoop.changeWrote.length} file(s), ${ownFiles ? 'all' : 'not all'} of ${cliNoop.changedApp})`);
      check(median(cliNoop.planMs) <= 1.2 * cold, `plan of one changed app ≤ 1.2 × cold synth (${ratio(median(cliNoop.planMs), cold)})`);
      check(noop.written === 0 && noop.totalMs <= 0.6 * noopStock.totalMs, `no-op re-synth writes 0 files and ≤ 0.6 × cold stock (${noop.written}, ${ratio(noop.totalMs, noopStock.totalMs)})`);
    }
    if (at(1000) && at(2000)) {
      check(at(2000)!.totalMs <= 2.1 * at(1000)!.totalMs, `2,000 apps ≤ 2.1 × 1,000 (${ratio(at(2000)!.totalMs, at(1000)!.totalMs)})`);
      check(at(2000)!.rssBytes <= 1.5 * 1024 ** 3, `peak RSS at 2,000 ≤ 1.5 GiB (${mib(at(2000)!.rssBytes)})`);
    }
    for (const [n, reason] of failed) check(false, `${n} apps completes (${reason})`);
    if (at(10000)) {
      check(at(10000)!.totalMs <= 40000, `10,000 apps ≤ 40 s (${sec(at(10000)!.totalMs)} s)`);
      check(at(10000)!.rssBytes <= 3 * 1024 ** 3, `peak RSS at 10,000 ≤ 3 GiB (${mib(at(10000)!.rssBytes)})`);
    }
    check(synth.ours <= 0.5 * synth.stock, `npm run synth ≤ 0.5 × stock (${ratio(synth.ours, synth.stock)})`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
