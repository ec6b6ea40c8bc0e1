import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { COMMIT_SHA_PATTERN } from '../core/git';
import { Staging } from './journal';
import { toYaml, YAML_WRITER } from './yaml';

/**
 * What staging found and wrote into the staging folder's tree (at the same paths as in the output
 * directory): files new or changed, and, when a file's folder does not exist yet, the whole highest such
 * folder.
 */
export interface StagedFiles {
  /** Files that do not exist yet. */
  readonly added: string[];
  /** Files that exist with other content. */
  readonly changed: string[];
  /**
   * What to move into place, by path relative to the output directory, sorted: a file in a folder that
   * exists (`false`), or a folder that does not (`true`: one rename moves all its files).
   */
  readonly moves: Map<string, boolean>;
  /** The YAML written for each object given to {@link Stager.stageObject}, by file. */
  readonly rendered: Map<string, string>;
}

/**
 * Compares rendered files with the output directory and writes each new or changed one into the staging
 * folder beside it, invisible to readers of the output until it is moved into place. Nothing is moved
 * here: the caller decides, once everything is known, whether to move all or delete all.
 */
export interface Stager {
  /** Compares and, when new or changed, stages one file (relative to the output directory). */
  stage(rel: string, content: string): void;
  /** Writes a rendered object (plain JSON) as YAML, then stages that as {@link stage} does. */
  stageObject(rel: string, json: unknown): void;
  /**
   * Waits until everything given is staged; throws (after deleting what it staged) if any of it failed.
   * Called again, returns the same result.
   */
  finish(): StagedFiles;
  /** Deletes everything staged so far (after the worker, if any, has stopped writing). */
  abort(): void;
}

/** Outputs of at least this many files are staged on a worker thread, in parallel with rendering and validation. */
export const WORKER_THRESHOLD = 500;

/**
 * A stager into `staging` (whose folder exists): on the calling thread for small outputs; for
 * `expectedFiles` of {@link WORKER_THRESHOLD} or more on a worker thread, so that writing the YAML and the
 * disk work of a large ops repository (one file per object: tens of thousands of files) overlap with the
 * rest of synthesis on the other core.
 */
export function createStager(staging: Staging, expectedFiles: number): Stager {
  return expectedFiles >= WORKER_THRESHOLD ? new WorkerStager(staging) : new LocalStager(staging);
}

/** Stages on the calling thread. */
export class LocalStager implements Stager {
  private readonly result = { added: [] as string[], changed: [] as string[], moves: new Map<string, boolean>(), rendered: new Map<string, string>() };
  private readonly folders = new Map<string, true | string>();

  constructor(private readonly staging: Staging) {}

  public stage(rel: string, content: string): void {
    try {
      stageOne(this.staging.outdir, this.staging.tree, rel, content, this.folders, this.result);
    } catch (e) {
      this.abort();
      throw new Error(`Synthesis stopped, nothing was written: ${rel}: ${(e as Error).message}`);
    }
  }

  public stageObject(rel: string, json: unknown): void {
    let yaml: string;
    try {
      yaml = toYaml(json);
    } catch (e) {
      this.abort();
      throw new Error(`Synthesis stopped, nothing was written: ${rel}: ${(e as Error).message}`);
    }
    this.result.rendered.set(rel, yaml);
    this.stage(rel, yaml);
  }

  public finish(): StagedFiles {
    return { ...this.result, moves: sortedMoves(this.result.moves) };
  }

  public abort(): void {
    clearTree(this.staging.tree);
    this.result.moves.clear();
  }
}

function sortedMoves(moves: Map<string, boolean> | Array<[string, boolean]>): Map<string, boolean> {
  return new Map([...moves].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Empties the staging tree. */
function clearTree(tree: string): void {
  fs.rmSync(tree, { recursive: true, force: true });
  fs.mkdirSync(tree, { recursive: true });
}

/**
 * Compares `content` with `<outdir>/<rel>` and, when it differs, writes it at `<stage>/<rel>`, the staging
 * tree. A file whose folder does not exist yet (a new app's, or every folder of a first synthesis) is written
 * into the staged copy of the highest folder below `outdir` that does not exist, which is then moved into
 * place whole: one rename for all its files, and the folder appears complete. Plain JavaScript source, run
 * as it is by the worker and, through `new Function`, on the calling thread: one implementation for both.
 * `folders` remembers, by folder relative to `outdir`, whether it exists, or the staged folder it is in.
 *
 * Nothing in the output directory is followed: its folders are checked with lstat, files read with
 * O_NOFOLLOW, so a link (to a file outside the repository, or another app's) stops synthesis instead.
 * `SYNTH_FAULT=staging@<n>` kills the process after the n-th file staged (lib/output/fault.ts).
 */
const STAGE_ONE = `const stagingFault = Number((/^staging@(\\d+)$/.exec(process.env.SYNTH_FAULT || '') || [])[1] || 0);
let stagedFiles = 0;
function stageOne(outdir, stage, rel, content, folders, result) {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    let state = folders.get(folder);
    if (state === undefined) {
      const stat = fs.lstatSync(path.join(outdir, folder), { throwIfNoEntry: false });
      if (stat && !stat.isDirectory()) {
        throw new Error("folder '" + folder + "' of the output directory is " + (stat.isSymbolicLink() ? 'a symbolic link' : 'not a folder')
          + ': synthesis writes only into real folders, and never follows a link, which could lead out of the repository. '
          + 'Replace it with a folder, or delete it: synthesis makes it');
      }
      state = stat ? true : path.join(stage, folder);
      folders.set(folder, state);
      if (state !== true) result.moves.set(folder, true);
    }
    if (state === true) continue;
    writeStaged(path.join(state, parts.slice(i).join('/')), content, folders);
    result.added.push(rel);
    return;
  }
  const existing = readExisting(path.join(outdir, rel));
  if (existing === content) return;
  (existing === undefined ? result.added : result.changed).push(rel);
  result.moves.set(rel, false);
  writeStaged(path.join(stage, rel), content, folders);
}

// The content of an existing file of the output directory, or undefined; a link or a folder is refused.
function readExisting(target) {
  let fd;
  try {
    fd = fs.openSync(target, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    return fs.readFileSync(fd, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return undefined;
    if (e.code === 'ELOOP') throw new Error('is a symbolic link: synthesis never reads or writes through a link. Delete the link; synthesis writes the file');
    if (e.code === 'EISDIR') throw new Error('is a folder where synthesis writes a file. Move the folder out of the output directory');
    throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeStaged(file, content, folders) {
  makeFolder(path.dirname(file), folders);
  fs.writeFileSync(file, content);
  if (++stagedFiles === stagingFault) {
    process.kill(process.pid, 'SIGKILL');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
}

// Makes a folder of the staging tree once; remembered by absolute path, which no folder relative to outdir can be.
function makeFolder(folder, folders) {
  const key = path.resolve(folder);
  if (folders.has(key)) return;
  fs.mkdirSync(folder, { recursive: true });
  folders.set(key, true);
}`;

type StageOne = (outdir: string, stage: string, rel: string, content: string, folders: Map<string, true | string>,
  result: { added: string[]; changed: string[]; moves: Map<string, boolean> }) => void;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const stageOne = new Function('fs', 'path', 'process', `${STAGE_ONE}\nreturn stageOne;`)(fs, path, process) as StageOne;

/**
 * The worker's program: receives batches `{ texts: [rel, content, ...], objects: [rel, json, ...] }`, writes
 * each object as YAML with the writer of `yaml-writer.js`, rebuilt from its source (the very writer `yaml.ts`
 * gives the calling thread),
 * stages every file with `stageOne` and sends the YAML of each batch back on the result port
 * (`{ rendered }`, so that no thread holds two copies of it for long); on `{ done: true }` it reports what
 * it did there (`{ report }`) and wakes the waiting thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const fs = require('fs');
const path = require('path');
${STAGE_ONE}
const { outdir, stage, signal, port, writer, commitSha } = workerData;
const sha = new RegExp(commitSha);
const { toYaml } = new Function('return (' + writer.source + ')')()(require(writer.yamlModule), s => sha.test(s));
const flag = new Int32Array(signal);
const folders = new Map();
const result = { added: [], changed: [], moves: new Map() };
let error;
const attempt = (rel, f) => {
  try { f(); } catch (e) { error = rel + ': ' + String((e && e.message) || e); }
};
parentPort.on('message', m => {
  if (!m.done) {
    const { texts, objects } = m;
    for (let i = 0; i < texts.length && error === undefined; i += 2) {
      attempt(texts[i], () => stageOne(outdir, stage, texts[i], texts[i + 1], folders, result));
    }
    const rendered = [];
    for (let i = 0; i < objects.length && error === undefined; i += 2) {
      attempt(objects[i], () => {
        const yaml = toYaml(objects[i + 1]);
        rendered.push(objects[i], yaml);
        stageOne(outdir, stage, objects[i], yaml, folders, result);
      });
    }
    if (rendered.length > 0) port.postMessage({ rendered });
    return;
  }
  port.postMessage({ report: { added: result.added, changed: result.changed, moves: [...result.moves], error } });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/** How long {@link WorkerStager.finish} waits for the worker before it gives up. */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

/** How many files {@link WorkerStager} hands to its worker in one message. */
const BATCH_FILES = 256;

/**
 * Stages on a worker thread, which also writes the objects' YAML; {@link finish} blocks until the worker has
 * staged everything. Objects cross as JSON: structured cloning copies them for less than writing their YAML
 * costs, so the calling thread hands on that work, and copies no YAML (a CPU profile of 1,000 apps put
 * 0.55 s in the writer and 0.25 s in posting its output).
 */
export class WorkerStager implements Stager {
  private readonly worker: Worker;
  private readonly results: MessagePort;
  private readonly signal = new SharedArrayBuffer(4);
  private readonly outdir: string;
  private texts: unknown[] = [];
  private objects: unknown[] = [];
  /** A problem found on this thread: a file that could not be handed to the worker. */
  private failure?: string;
  /** What the worker reported, once it has and nothing failed. */
  private result?: StagedFiles;
  /** The YAML the worker wrote for the objects, as it arrives. */
  private readonly rendered = new Map<string, string>();
  private finished = false;

  constructor(private readonly staging: Staging) {
    this.outdir = staging.outdir;
    const { port1, port2 } = new MessageChannel();
    this.results = port2;
    const workerData = { outdir: staging.outdir, stage: staging.tree, signal: this.signal, port: port1, writer: YAML_WRITER, commitSha: COMMIT_SHA_PATTERN };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [port1] });
  }

  public stage(rel: string, content: string): void {
    this.texts.push(rel, content);
    if (this.texts.length + this.objects.length >= 2 * BATCH_FILES) this.flush();
  }

  public stageObject(rel: string, json: unknown): void {
    this.objects.push(rel, json);
    if (this.texts.length + this.objects.length >= 2 * BATCH_FILES) this.flush();
  }

  public finish(): StagedFiles {
    if (this.result) return this.result;
    if (this.finished) throw new Error(`Staging files in ${this.outdir} has failed`);
    this.finished = true;
    this.flush();
    this.worker.postMessage({ done: true });
    if (Atomics.wait(new Int32Array(this.signal), 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') {
      void this.worker.terminate();
      throw new Error(`Synthesis stopped: staging files in ${this.outdir} took longer than ${WORKER_TIMEOUT_MS / 60000} minutes`);
    }
    const report = this.receive();
    void this.worker.terminate();
    this.results.close();
    if (!report) throw new Error(`Staging files in ${this.outdir} ended without a report`);
    const error = this.failure ?? report.error;
    if (error !== undefined) {
      this.abort();
      throw new Error(`Synthesis stopped, nothing was written: ${error}`);
    }
    this.result = { added: report.added, changed: report.changed, moves: sortedMoves(report.moves), rendered: this.rendered };
    return this.result;
  }

  /** Takes in what the worker has sent back so far: the YAML of its batches, then its report, once done. */
  private receive(): WorkerReport | undefined {
    for (let m = receiveMessageOnPort(this.results); m; m = receiveMessageOnPort(this.results)) {
      const message = m.message as { rendered?: string[]; report?: WorkerReport };
      if (message.report) return message.report;
      const rendered = message.rendered!;
      for (let i = 0; i < rendered.length; i += 2) this.rendered.set(rendered[i]!, rendered[i + 1]!);
    }
    return undefined;
  }

  /**
   * Hands the files gathered so far to the worker: one message per batch costs less than one per file.
   * After a failure nothing more is handed on; {@link finish} reports it.
   */
  private flush(): void {
    if (this.failure === undefined && this.texts.length + this.objects.length > 0) {
      try {
        this.worker.postMessage({ texts: this.texts, objects: this.objects });
      } catch (e) {
        this.failure = cloneFailure(this.objects, e);
      }
      if (!this.finished) this.receive();
    }
    this.texts = [];
    this.objects = [];
  }

  public abort(): void {
    if (!this.finished) {
      // Not finished yet: wait for the worker, so that nothing is written after the cleanup.
      try {
        this.finish();
      } catch {
        // finish() has already cleaned up after a failed write
      }
    }
    clearTree(this.staging.tree);
  }
}

/** What the worker reports once it has staged everything. */
interface WorkerReport {
  readonly added: string[];
  readonly changed: string[];
  readonly moves: Array<[string, boolean]>;
  readonly error?: string;
}

/**
 * Why a batch of objects could not be copied to the worker (a value structured cloning refuses, such as a
 * function left in an object's props): the YAML writer's own complaint about the first object it cannot
 * write either, named by its file, as the worker would have reported it.
 */
function cloneFailure(objects: unknown[], error: unknown): string {
  for (let i = 0; i < objects.length; i += 2) {
    try {
      toYaml(objects[i + 1]);
    } catch (e) {
      return `${objects[i]}: ${(e as Error).message}`;
    }
  }
  return String((error as Error)?.message ?? error);
}
