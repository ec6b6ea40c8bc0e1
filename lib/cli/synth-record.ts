// The record of a synthesis: what the app read while it was loaded and synthesized (its code, every file,
// folder and variable of the environment it looked at, each with what it saw: lib/cli/recorder.ts), and
// every file it wrote, by size and SHA-256. When everything it read is as it was, the same code reading the
// same inputs makes the same files (synthesis is deterministic, and a run that reads the clock, randomness
// or anything unrecorded is never recorded); when, besides, every file it wrote is in the output directory
// with the same content, a synthesis would write nothing: `synth` says so without building the app. Any
// difference, or anything it cannot tell, and the app is synthesized.
//
// The record is kept beside the bundles of run-ts (node_modules/.cache/cdk8s-push-delivery/), one per
// command line, working directory and entry. The writer drops it (under the lock) before it changes the
// output directory, and the new one is written once the switch is done, still under the lock: a record
// never describes an output directory that a killed synthesis left between two states, and the check reads
// every file anyway.
import * as fs from 'fs';
import * as path from 'path';
import { fault } from '../output/fault';
import { WriterLock } from '../output/lock';
import { checkOutputDirectory, FolderGuard } from '../output/safe-path';
import { stagingFolderOf } from '../output/staging-folder';
import { setSynthesisObserver, SynthesisResult } from '../output/synthesis-observer';
import { observationKey, observeNow, sha256 } from './observations';
import { Recorder } from './recorder';
import { bundlesRun, cacheDir } from './run-ts';

/** Changes whenever what a record holds, or what makes one hold, changes. */
const RECORD_FORMAT = 'cdk8s-push-delivery synth record 1';

/** A record as kept on disk. */
interface RecordFile {
  readonly format: string;
  /** The run it records: {@link SynthRecord.key}. */
  readonly run: string;
  /** What the run saw, by observation key (lib/cli/observations.ts). */
  readonly observations: { readonly [key: string]: string };
  /** The output directory, absolute, and as the app named it. */
  readonly outdir: string;
  readonly shown: string;
  /** Every file written, sorted: path relative to the output directory, size in bytes, SHA-256. */
  readonly files: ReadonlyArray<readonly [string, number, string]>;
  readonly warnings: string[];
}

/** What an unchanged synthesis reports instead of running. */
export interface UnchangedSynthesis {
  /** The output directory as the app names it. */
  readonly shown: string;
  /** How many files it holds, the list of generated files aside. */
  readonly files: number;
  /** The warnings of the run that wrote them. */
  readonly warnings: string[];
  /** What taking the lock cleaned up (a lock left by a killed process). */
  readonly recovered: string[];
}

/** The record of synthesizing one entry with one command line in one working directory. */
export class SynthRecord {
  /**
   * The record of synthesizing `entry` (absolute) in this process's working directory, with its command
   * line; undefined when there is no node_modules folder above the entry to keep it in.
   */
  public static of(entry: string): SynthRecord | undefined {
    const dir = cacheDir(entry);
    if (!dir) return undefined;
    const run = JSON.stringify({
      format: RECORD_FORMAT, entry, cwd: process.cwd(), argv: process.argv.slice(1), execArgv: process.execArgv,
      node: process.execPath, version: process.version, platform: process.platform, arch: process.arch,
    });
    return new SynthRecord(path.join(dir, `synth-${sha256(run).slice(0, 16)}.json`), run);
  }

  private commandCode?: Map<string, string>;

  private constructor(
    /** The record's file. */
    public readonly file: string,
    private readonly run: string,
  ) {}

  /**
   * When everything the recorded run read is unchanged (this command's code among it), no staging folder
   * is beside the output directory, and every file it wrote is there with the same content (checked under
   * the writer's lock): what to report. Otherwise undefined: the app must be synthesized.
   */
  public unchanged(): UnchangedSynthesis | undefined {
    const kept = this.read();
    if (!kept) return undefined;
    const code = this.code();
    for (const [key, value] of code) if (kept.observations[key] !== value) return undefined;
    for (const [key, value] of Object.entries(kept.observations)) if (!code.has(key) && observeNow(key) !== value) return undefined;
    const recovered: string[] = [];
    const lock = WriterLock.acquire(kept.outdir, `synth of ${kept.shown}`, recovered);
    try {
      if (!outputIntact(kept)) return undefined;
    } finally {
      lock.release();
    }
    return { shown: kept.shown, files: kept.files.length - 1, warnings: kept.warnings, recovered };
  }

  /**
   * Runs `synthesize` (which loads the app and synthesizes it) while recording what it reads; once the writer
   * has switched the output directory over, and under its lock still, writes the record, unless the run was
   * one that cannot be recorded. Returns what `synthesize` returns.
   */
  public recording<T>(synthesize: () => T): T {
    const code = this.code();
    const recorder = new Recorder();
    let synthesized = 0;
    setSynthesisObserver({
      untracked: f => recorder.untracked(f),
      switching: () => recorder.untracked(() => fs.rmSync(this.file, { force: true })),
      synthesized: result => recorder.untracked(() => {
        if (++synthesized > 1) recorder.doubt('the app was synthesized twice');
        this.write(recorder, code, result);
      }),
    });
    recorder.install();
    try {
      return synthesize();
    } finally {
      recorder.uninstall();
      setSynthesisObserver(undefined);
    }
  }

  private write(recorder: Recorder, code: Map<string, string>, result: SynthesisResult): void {
    const observations = new Map([...code, ...recorder.observed]);
    for (const bundle of bundlesRun()) {
      if (!bundle.exact) recorder.doubt(`what ${bundle.entry} was bundled from changed while esbuild read it`);
      observations.set(observationKey('bundle', bundle.entry, bundle.esbuild), bundle.sha256);
    }
    // What Node reads of the environment itself and a Date or Intl answer then depends on.
    for (const variable of ['TZ', 'LANG', 'LC_ALL']) observations.set(observationKey('env', variable), observeNow(observationKey('env', variable)));
    // Modules Node loaded without reading them through fs (native addons): their content now.
    for (const file of Object.keys(require.cache)) {
      const key = observationKey('read', file);
      if (!observations.has(key)) observations.set(key, observeNow(key));
    }
    if (recorder.doubts.length > 0) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    const files = [...result.files].map(([rel, content]) => [rel, Buffer.byteLength(content), sha256(content)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const record: RecordFile = {
      format: RECORD_FORMAT, run: this.run, observations: Object.fromEntries(observations),
      outdir: result.outdir, shown: result.shown, files, warnings: result.warnings,
    };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(record));
      fs.renameSync(tmp, this.file);
    } catch {
      fs.rmSync(tmp, { force: true }); // a record that cannot be written is no error: the next run synthesizes
    }
    fault('synth:recorded');
  }

  /** This command's own code, as loaded before the app: every module file, and every bundle run, with its hash. */
  private code(): Map<string, string> {
    if (!this.commandCode) {
      this.commandCode = new Map();
      for (const file of Object.keys(require.cache).sort()) this.commandCode.set(observationKey('read', file), observeNow(observationKey('read', file)));
      for (const bundle of bundlesRun()) this.commandCode.set(observationKey('bundle', bundle.entry, bundle.esbuild), bundle.sha256);
    }
    return this.commandCode;
  }

  private read(): RecordFile | undefined {
    try {
      const kept = JSON.parse(fs.readFileSync(this.file, 'utf8')) as RecordFile;
      return kept.format === RECORD_FORMAT && kept.run === this.run ? kept : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Whether the output directory holds every file of the record with its size and content, read without
 * following a link (a link where a folder or file was stops here; synthesis then says what is wrong), and
 * no staging folder is beside it (a synthesis was interrupted: synthesis cleans up after it).
 */
function outputIntact(kept: RecordFile): boolean {
  try {
    if (checkOutputDirectory(kept.shown) !== kept.outdir) return false;
  } catch {
    return false;
  }
  if (fs.lstatSync(stagingFolderOf(kept.outdir), { throwIfNoEntry: false })) return false;
  const folders = new FolderGuard(kept.outdir, 'generated file', '');
  for (const [rel, size, hash] of kept.files) {
    let fd: number;
    try {
      folders.parentsOf(rel);
      fd = fs.openSync(path.join(kept.outdir, rel), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    } catch {
      return false;
    }
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile() || stat.size !== size || sha256(fs.readFileSync(fd)) !== hash) return false;
    } finally {
      fs.closeSync(fd);
    }
  }
  return true;
}
