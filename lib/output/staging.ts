import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';

/**
 * What staging found and wrote: files new or changed, each written beside its target under a temporary
 * name, or, when its folder does not exist yet, into a temporary copy of the highest such folder.
 */
export interface StagedFiles {
  /** Files that do not exist yet. */
  readonly added: string[];
  /** Files that exist with other content. */
  readonly changed: string[];
  /**
   * What to rename into place, by target relative to the output directory: a temporary file for a file in a
   * folder that exists, a temporary folder for a folder that does not (one rename moves all its files).
   */
  readonly staged: Map<string, string>;
}

/**
 * Compares rendered files with the output directory and writes each new or changed one next to its target
 * under a temporary name, invisible to readers of the output until it is renamed into place. Nothing is
 * renamed here: the caller decides, once everything is known, whether to rename all or delete all.
 */
export interface Stager {
  /** Compares and, when new or changed, stages one file (relative to the output directory). */
  stage(rel: string, content: string): void;
  /** Waits until everything given is staged; throws (after deleting what it staged) if any of it failed. */
  finish(): StagedFiles;
  /** Deletes everything staged so far. */
  abort(): void;
}

/** Outputs of at least this many files are staged on a worker thread, in parallel with rendering and validation. */
export const WORKER_THRESHOLD = 500;

/**
 * A stager for `outdir`: on the calling thread for small outputs; for `expectedFiles` of
 * {@link WORKER_THRESHOLD} or more on a worker thread, so that the disk work of a large ops repository
 * (one file per object: tens of thousands of files) overlaps with the CPU work of synthesis.
 */
export function createStager(outdir: string, expectedFiles: number): Stager {
  return expectedFiles >= WORKER_THRESHOLD ? new WorkerStager(outdir) : new LocalStager(outdir);
}

/** The temporary name a file is staged under. */
export function stagedName(target: string): string {
  return `${target}.cdk8s-tmp-${process.pid}`;
}

/** Stages on the calling thread. */
export class LocalStager implements Stager {
  private readonly result: StagedFiles = { added: [], changed: [], staged: new Map() };
  private readonly folders = new Map<string, true | string>();

  constructor(private readonly outdir: string) {}

  public stage(rel: string, content: string): void {
    try {
      stageOne(this.outdir, rel, content, this.folders, this.result);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  public finish(): StagedFiles {
    return this.result;
  }

  public abort(): void {
    for (const tmp of this.result.staged.values()) fs.rmSync(tmp, { force: true, recursive: true });
    this.result.staged.clear();
  }
}

/**
 * Compares `content` with `<outdir>/<rel>` and, when it differs, writes it under the staged name. A file
 * whose folder does not exist yet (a new app's, or every folder of a first synthesis) is written into a
 * temporary copy of the highest folder below `outdir` that does not exist, which is then renamed into place
 * whole: one rename for all its files, and the folder appears complete. Plain JavaScript source, run as it
 * is by the worker and, through `new Function`, on the calling thread: one implementation for both.
 * `folders` remembers, by folder relative to `outdir`, whether it existed, or the temporary folder it is
 * staged in.
 */
const STAGE_ONE = `function stageOne(outdir, rel, content, folders, result) {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    let state = folders.get(folder);
    if (state === undefined) {
      state = fs.existsSync(path.join(outdir, folder)) ? true : path.join(outdir, folder) + '.cdk8s-tmp-' + process.pid;
      folders.set(folder, state);
      if (state !== true) {
        fs.rmSync(state, { recursive: true, force: true });
        result.staged.set(folder, state);
      }
    }
    if (state === true) continue;
    const file = path.join(state, parts.slice(i).join('/'));
    makeFolder(path.dirname(file), folders);
    fs.writeFileSync(file, content);
    result.added.push(rel);
    return;
  }
  const target = path.join(outdir, rel);
  makeFolder(path.dirname(target), folders);
  let existing;
  try {
    existing = fs.readFileSync(target, 'utf8');
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  if (existing === content) return;
  (existing === undefined ? result.added : result.changed).push(rel);
  const tmp = target + '.cdk8s-tmp-' + process.pid;
  result.staged.set(rel, tmp);
  fs.writeFileSync(tmp, content);
}

// Makes a folder once; remembered by absolute path, which no folder relative to outdir can be.
function makeFolder(folder, folders) {
  const key = path.resolve(folder);
  if (folders.has(key)) return;
  fs.mkdirSync(folder, { recursive: true });
  folders.set(key, true);
}`;

type StageOne = (outdir: string, rel: string, content: string, folders: Map<string, true | string>,
  result: { added: string[]; changed: string[]; staged: Map<string, string> }) => void;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const stageOne = new Function('fs', 'path', 'process', `${STAGE_ONE}\nreturn stageOne;`)(fs, path, process) as StageOne;

/**
 * The worker's program: receives batches `[rel, content, rel, content, ...]`, stages each file with
 * `stageOne`, and on
 * `{ done: true }` reports what it did on the result port and wakes the waiting thread. `process.pid` is
 * the same in a worker, so staged names are the same as on the calling thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const fs = require('fs');
const path = require('path');
${STAGE_ONE}
const { outdir, signal, port } = workerData;
const flag = new Int32Array(signal);
const folders = new Map();
const result = { added: [], changed: [], staged: new Map() };
let error;
parentPort.on('message', m => {
  if (Array.isArray(m)) {
    for (let i = 0; i < m.length && error === undefined; i += 2) {
      try { stageOne(outdir, m[i], m[i + 1], folders, result); } catch (e) { error = String((e && e.message) || e); }
    }
    return;
  }
  // { done: true }
  port.postMessage({ added: result.added, changed: result.changed, staged: [...result.staged], error });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/** How long {@link WorkerStager.finish} waits for the worker before it gives up. */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

/** How many files {@link WorkerStager} hands to its worker in one message. */
const BATCH_FILES = 256;

/** Stages on a worker thread; {@link finish} blocks until the worker has staged everything. */
export class WorkerStager implements Stager {
  private readonly worker: Worker;
  private readonly results: MessagePort;
  private readonly signal = new SharedArrayBuffer(4);
  private staged = new Map<string, string>();
  private batch: string[] = [];

  constructor(private readonly outdir: string) {
    const { port1, port2 } = new MessageChannel();
    this.results = port2;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { outdir, signal: this.signal, port: port1 }, transferList: [port1] });
  }

  public stage(rel: string, content: string): void {
    this.batch.push(rel, content);
    if (this.batch.length >= 2 * BATCH_FILES) this.flush();
  }

  public finish(): StagedFiles {
    this.flush();
    this.worker.postMessage({ done: true });
    if (Atomics.wait(new Int32Array(this.signal), 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') {
      void this.worker.terminate();
      throw new Error(`Synthesis stopped: staging files in ${this.outdir} took longer than ${WORKER_TIMEOUT_MS / 60000} minutes`);
    }
    const message = receiveMessageOnPort(this.results)?.message as
      { added: string[]; changed: string[]; staged: Array<[string, string]>; error?: string } | undefined;
    void this.worker.terminate();
    this.results.close();
    if (!message) throw new Error(`Staging files in ${this.outdir} ended without a report`);
    this.staged = new Map(message.staged);
    if (message.error !== undefined) {
      this.abort();
      throw new Error(`Synthesis stopped, nothing was written: ${message.error}`);
    }
    return { added: message.added, changed: message.changed, staged: this.staged };
  }

  /** Hands the files gathered so far to the worker: one message per batch costs less than one per file. */
  private flush(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.batch = [];
  }

  public abort(): void {
    if (this.staged.size === 0) {
      // Not finished yet: wait for the worker, so that nothing is written after the cleanup.
      try {
        this.finish();
      } catch {
        // finish() has already cleaned up after a failed write
      }
    }
    for (const tmp of this.staged.values()) fs.rmSync(tmp, { force: true, recursive: true });
    this.staged.clear();
  }
}
