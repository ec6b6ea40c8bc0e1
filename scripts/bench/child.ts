// The benchmark's measured processes (`node scripts/run-ts.js scripts/bench/child.ts <mode> ...`), each run
// fresh by scripts/bench/run.ts, which reads the last line of its output: the figures, as JSON.
//
//   ours <apps> <root> <outdir> [<objects file>]   builds the fleet and synthesizes it; then, untimed, writes
//                                                   every object's JSON by folder to the objects file
//   stock <objects file> <outdir> <arrangement>     the same objects as plain ApiObjects in a stock cdk8s App,
//                                                   a Chart per folder (`per-folder`) or one (`one-chart`)
import * as fs from 'fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { renderJson } from '../../lib/core/render-json';
import { FolderChart } from '../../lib/output/folder-chart';
import { buildFleet, writeFleetPins } from './fleet';

/** What one measured process reports. */
export interface Figures {
  readonly constructMs: number;
  readonly validateMs?: number;
  readonly renderMs?: number;
  readonly writeMs?: number;
  /** From the first construct to the last file written (in place, for ours). */
  readonly totalMs: number;
  /** CPU time of the process over the same span, every thread. */
  readonly cpuMs: number;
  readonly files: number;
  readonly written: number;
  /** Peak resident set size of the process (getrusage). */
  readonly rssBytes: number;
  readonly objects: number;
}

/** Stock cdk8s's arrangements of the same objects. */
export type Arrangement = 'per-folder' | 'one-chart';

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** Builds the fleet of `n` apps in `root` and synthesizes it into `outdir`. */
function ours(n: number, root: string, outdir: string, objectsFile?: string): Figures {
  writeFleetPins({ apps: n, root }); // the repository's files exist before a synthesis: not timed
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const ops = buildFleet({ apps: n, root, outdir });
  const t1 = performance.now();
  const report = ops.synthesize();
  const t2 = performance.now();
  const used = cpuMs(cpu);
  const written = report.plan.added.length + report.plan.changed.length + report.plan.removed.length;
  const rssBytes = process.resourceUsage().maxRSS * 1024;
  if (objectsFile) writeObjects(ops, objectsFile);
  return {
    constructMs: t1 - t0, validateMs: report.validateMs, renderMs: report.renderMs, writeMs: report.writeMs, totalMs: t2 - t0, cpuMs: used,
    files: report.files.size - 1, written: written === 1 ? 0 : written, // the generated-files list is rewritten only with others
    rssBytes, objects: report.files.size - 1,
  };
}

/**
 * Every object of the tree as `<folder>\t<JSON>`, a line each: stock cdk8s's input. Lines, not one JSON
 * document: 10,000 apps make more JSON than one JavaScript string can hold.
 */
function writeObjects(root: App, file: string): void {
  const fd = fs.openSync(file, 'w');
  let batch: string[] = [];
  const flush = () => { fs.writeSync(fd, batch.join('')); batch = []; };
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    batch.push(`${(Chart.of(c) as FolderChart).folder}\t${JSON.stringify(renderJson(c))}\n`);
    if (batch.length >= 1000) flush();
  }
  flush();
  fs.closeSync(fd);
}

/** Calls `line` on each line of `file`, read in chunks. */
function eachLine(file: string, line: (text: string) => void): void {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 24);
  let rest = '';
  for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) {
    const lines = (rest + chunk.toString('utf8', 0, n)).split('\n');
    rest = lines.pop()!;
    lines.forEach(line);
  }
  fs.closeSync(fd);
  if (rest) line(rest);
}

/** The objects of `objectsFile` as plain ApiObjects in a stock App, arranged as said; then `App.synth()`. */
function stock(objectsFile: string, outdir: string, arrangement: Arrangement): Figures {
  const folders = new Map<string, unknown[]>();
  eachLine(objectsFile, text => {
    const tab = text.indexOf('\t');
    const folder = text.slice(0, tab);
    const list = folders.get(folder);
    const object = JSON.parse(text.slice(tab + 1));
    if (list) list.push(object); else folders.set(folder, [object]);
  });
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const app = new App({ outdir });
  let objects = 0;
  let chart: Chart | undefined;
  for (const [folder, list] of folders) {
    if (arrangement === 'per-folder' || !chart) chart = new Chart(app, arrangement === 'per-folder' ? folder.replace(/\//g, '-') : 'all', { disableResourceNameHashes: true });
    // ids unique in the app: one chart holds every folder's objects in the one-chart arrangement
    for (const o of list) new ApiObject(chart, `o${objects++}`, o as any);
  }
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  const files = fs.readdirSync(outdir).length;
  return { constructMs: t1 - t0, totalMs: t2 - t0, cpuMs: cpuMs(cpu), files, written: files, rssBytes: process.resourceUsage().maxRSS * 1024, objects };
}

if (require.main === module) {
  const [mode, ...args] = process.argv.slice(2);
  const figures = mode === 'ours' ? ours(Number(args[0]), args[1], args[2], args[3])
    : mode === 'stock' ? stock(args[0], args[1], args[2] as Arrangement)
      : undefined;
  if (!figures) throw new Error(`usage: child.ts ours <apps> <root> <outdir> [<objects file>] | stock <objects file> <outdir> per-folder|one-chart (not '${mode}')`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
