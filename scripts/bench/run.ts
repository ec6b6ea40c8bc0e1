// `npm run bench`: synthesis of an ops repository of N apps, ours against stock cdk8s, in one run.
//
// For each N, a fresh process builds the fleet (scripts/bench/fleet.ts) through the public API and
// synthesizes it (OpsApp.synthesize: validate, render, write), reporting each phase; then another fresh
// process builds the very same objects as plain ApiObjects, one Chart per folder, in a stock cdk8s App and
// runs App.synth(). Both are timed inside the process from the first construct to the last file written,
// and peak RSS is the process's own (getrusage). Then a re-synthesis of the largest N below 2,000 into the
// same folder in the process; the command's synthesis with nothing changed against its cold one
// (scripts/bench/noop.ts); and `npm run synth` of main.ts against stock cdk8s for the same objects, as
// whole processes. Ours runs BENCH_RUNS times (default 3) for each N, each time into a folder of its own,
// and the run with the median total is reported (this VM's speed varies by a fifth from run to run); stock, which
// takes minutes, runs once. BENCH_APPS (e.g. `100,1000`) picks the sizes, BENCH_DIR the folder the output
// goes to (default: the system's temporary folder).
//
// First it times how long creating a file takes in that folder's file system right now: the floor under
// every write figure. On ext4 without a journal (this project's CI machines), creating a file right after
// many were deleted is slow: the kernel skips every inode freed in the last one to six minutes, looking
// each one up (`recently_deleted` and `find_inode_bit` in the Linux source, fs/ext4/ialloc.c), so a
// benchmark run just after a large delete (a test run, a previous benchmark's cleanup) measures that.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { buildFleet } from './fleet';
import { describeCliNoop, measureCliNoop } from './noop';

const RUN_TS = path.resolve(__dirname, '..', 'run-ts.js');
const SELF = path.resolve(__dirname, 'run.ts');
const ROOT = path.resolve(__dirname, '..', '..');
const CDK8S_CLI = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

interface Figures {
  readonly constructMs: number;
  readonly validateMs?: number;
  readonly renderMs?: number;
  readonly writeMs?: number;
  readonly totalMs: number;
  readonly files: number;
  readonly written: number;
  readonly rssBytes: number;
  readonly objects: number;
}

/** In a child process: build the fleet of `n` apps in `root` and synthesize it into `outdir`. */
function ours(n: number, root: string, outdir: string): Figures {
  const t0 = performance.now();
  const ops = buildFleet({ apps: n, root, outdir });
  const t1 = performance.now();
  const report = ops.synthesize();
  const t2 = performance.now();
  const written = report.plan.added.length + report.plan.changed.length + report.plan.removed.length;
  return {
    constructMs: t1 - t0, validateMs: report.validateMs, renderMs: report.renderMs, writeMs: report.writeMs, totalMs: t2 - t0,
    files: report.files.size - 1, written: written === 1 ? 0 : written, // the generated-files list is rewritten only with others
    rssBytes: process.resourceUsage().maxRSS * 1024, objects: report.files.size - 1,
  };
}

/** In a child process: the objects of `objectsFile` (JSON, by folder) as plain ApiObjects in a stock App. */
function stock(objectsFile: string, outdir: string): Figures {
  const folders: { [folder: string]: any[] } = JSON.parse(fs.readFileSync(objectsFile, 'utf8'));
  const t0 = performance.now();
  const app = new App({ outdir });
  let objects = 0;
  for (const [folder, list] of Object.entries(folders)) {
    const chart = new Chart(app, folder.replace(/\//g, '-'), { disableResourceNameHashes: true });
    list.forEach((o, i) => { new ApiObject(chart, `o${i}`, o); objects++; });
  }
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  return {
    constructMs: t1 - t0, totalMs: t2 - t0, files: fs.readdirSync(outdir).length, written: fs.readdirSync(outdir).length,
    rssBytes: process.resourceUsage().maxRSS * 1024, objects,
  };
}

/** Reads a synthesized output folder back as objects by folder: the stock baseline's input. */
function objectsOf(outdir: string): { [folder: string]: any[] } {
  const out: { [folder: string]: any[] } = {};
  const list = fs.readFileSync(path.join(outdir, '.generated-files'), 'utf8').split('\n').filter(Boolean);
  // Objects only: the generated files that are not (the front page, kustomization.yaml) have no ApiObject.
  for (const file of list.filter(f => f.endsWith('.yaml') && path.basename(f) !== 'kustomization.yaml')) {
    const folder = path.dirname(file);
    (out[folder] ??= []).push(YAML.parse(fs.readFileSync(path.join(outdir, file), 'utf8')));
  }
  return out;
}

function child(args: string[]): Figures {
  const run = spawnSync(process.execPath, ['--max-old-space-size=4096', RUN_TS, SELF, 'child', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
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

function main(): void {
  const sizes = (process.env.BENCH_APPS ?? '100,1000,2000').split(',').map(Number);
  const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-'));
  const lines: string[] = [];
  const say = (line: string) => { lines.push(line); process.stdout.write(`${line}\n`); };
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const create = fileCreationMicros(work);
  say(`machine: ${os.cpus().length} × ${cpu}, ${mib(os.totalmem())} RAM, Node ${process.version}; output in ${path.dirname(work)}, `
    + `where creating a file takes ${create.toFixed(0)} µs now (${(create * 28000 / 1e6).toFixed(2)} s for the 28,000 files of 1,000 apps)`);
  say('');
  say('| apps | objects | ours: construct / render / validate / write = total of the median run (every run) | peak RSS (largest run) | files written | stock cdk8s App.synth() | peak RSS | ours / stock |');
  say('|---:|---:|---|---:|---:|---:|---:|---:|');
  const results = new Map<number, { ours: Figures; stock: Figures }>();
  try {
    const runs = Number(process.env.BENCH_RUNS ?? 3);
    for (const n of sizes) {
      const root = path.join(work, `ops-${n}`);
      const outdir = path.join(root, 'dist');
      // cold runs, each into a folder of its own (the first into the one the no-op run below uses again)
      const cold = Array.from({ length: runs }, (_, i) => i === 0 ? child(['ours', String(n), root, outdir])
        : child(['ours', String(n), `${root}-${i}`, path.join(`${root}-${i}`, 'dist')]));
      const median = [...cold].sort((a, b) => a.totalMs - b.totalMs)[Math.floor((runs - 1) / 2)]!;
      const o: Figures = { ...median, rssBytes: Math.max(...cold.map(c => c.rssBytes)) };
      const objectsFile = path.join(work, `objects-${n}.json`);
      fs.writeFileSync(objectsFile, JSON.stringify(objectsOf(outdir)));
      const s = child(['stock', objectsFile, path.join(work, `stock-${n}`)]);
      results.set(n, { ours: o, stock: s });
      say(`| ${n} | ${o.objects} | ${sec(o.constructMs)} / ${sec(o.renderMs!)} / ${sec(o.validateMs!)} / ${sec(o.writeMs!)} = **${sec(o.totalMs)} s** `
        + `(${cold.map(c => sec(c.totalMs)).join(', ')}) | ${mib(o.rssBytes)} | ${o.written} | ${sec(s.totalMs)} s | ${mib(s.rssBytes)} | ${(o.totalMs / s.totalMs).toFixed(2)} |`);
    }
    const noopN = sizes.includes(1000) ? 1000 : sizes[0];
    const noop = child(['ours', String(noopN), path.join(work, `ops-${noopN}`), path.join(work, `ops-${noopN}`, 'dist')]);
    const noopStock = results.get(noopN)!.stock;
    say('');
    say(`re-synthesis of ${noopN} apps into the same folder, in the process (the app built and synthesized again, as \`synth --full\`): `
      + `${sec(noop.totalMs)} s, ${noop.written} files written (${(noop.totalMs / noopStock.totalMs).toFixed(2)} × the cold stock baseline)`);
    const cliNoop = measureCliNoop(noopN, work, runs);
    for (const line of describeCliNoop(cliNoop)) say(line);

    // main.ts: `npm run synth`'s command against stock `cdk8s synth` (the cdk8s CLI running a stock App of
    // the same objects), whole processes.
    const mainOut = path.join(work, 'main-dist');
    const ourMain = wall([process.execPath, path.join(ROOT, 'scripts', 'synth.js')], 5, ROOT, { CDK8S_OUTDIR: mainOut });
    const mainObjects = path.join(work, 'objects-main.json');
    fs.writeFileSync(mainObjects, JSON.stringify(objectsOf(mainOut)));
    const stockOut = path.join(work, 'stock-main');
    const stockApp = [process.execPath, RUN_TS, SELF, 'child', 'stock', mainObjects, stockOut].join(' ');
    // The CLI asks the npm registry for a newer version of itself unless its cache (~/.cdk8s-cli.version,
    // 30 minutes) answers: give it a home whose cache says it is current, as an online user's would.
    const home = path.join(work, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, '.cdk8s-cli.version'), require(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'package.json')).version);
    const stockMain = wall([CDK8S_CLI, 'synth', '--app', stockApp, '--output', stockOut], 5, work, { HOME: home });
    say(`npm run synth of main.ts: ${sec(ourMain)} s against ${sec(stockMain)} s for stock \`cdk8s synth\` of the same objects `
      + `(whole processes, median of 5): ${(ourMain / stockMain).toFixed(2)} ×`);

    say('');
    const at = (n: number) => results.get(n);
    const check = (ok: boolean, text: string) => say(`${ok ? 'PASS' : 'MISS'} ${text}`);
    if (at(1000)) {
      check(at(1000)!.ours.totalMs <= 5000, `1,000 apps cold ≤ 5 s (${sec(at(1000)!.ours.totalMs)} s)`);
      check(at(1000)!.ours.totalMs <= 0.5 * at(1000)!.stock.totalMs, `1,000 apps ≤ 0.5 × stock (${(at(1000)!.ours.totalMs / at(1000)!.stock.totalMs).toFixed(2)})`);
      check(noop.written === 0 && noop.totalMs <= 0.6 * noopStock.totalMs, `no-op re-synth writes 0 files and ≤ 0.6 × cold stock (${noop.written}, ${(noop.totalMs / noopStock.totalMs).toFixed(2)})`);
      const cliRatio = median(cliNoop.noopMs) / median(cliNoop.coldMs);
      check(cliNoop.touched === 0 && cliRatio <= 0.5, `synth with nothing changed writes 0 files and ≤ 0.5 × cold, by the command (${cliNoop.touched}, ${cliRatio.toFixed(2)})`);
    }
    if (at(1000) && at(2000)) {
      check(at(2000)!.ours.totalMs <= 2.2 * at(1000)!.ours.totalMs, `2,000 apps ≤ 2.2 × 1,000 (${(at(2000)!.ours.totalMs / at(1000)!.ours.totalMs).toFixed(2)})`);
      check(at(2000)!.ours.rssBytes <= 1.5 * 1024 ** 3, `peak RSS at 2,000 ≤ 1.5 GiB (${mib(at(2000)!.ours.rssBytes)})`);
    }
    check(ourMain <= 0.5 * stockMain, `npm run synth ≤ 0.5 × stock (${(ourMain / stockMain).toFixed(2)})`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [mode, kind, ...rest] = process.argv.slice(2);
  if (mode === 'child') {
    const figures = kind === 'ours' ? ours(Number(rest[0]), rest[1], rest[2]) : stock(rest[0], rest[1]);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else {
    main();
  }
}
