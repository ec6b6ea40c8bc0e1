// What the command that runs a synthesis (the CLI's `synth`, lib/cli/synth.ts) learns from the writer, for
// its record of the run (lib/cli/synth-record.ts): which of the process's reads and writes are the writer's
// own (not inputs of the app), when the output directory is about to change, and what was written. The CLI
// and the app's library are often two copies of this library in one process (the CLI bundles its own, the
// app bundles or requires another), so they meet through a global, not a module.
import { OutputFiles } from './render';

/** One synthesis, written: what the writer reports to the observer. */
export interface SynthesisResult {
  /** The output directory, absolute. */
  readonly outdir: string;
  /** The output directory as the app names it (what the summary line shows). */
  readonly shown: string;
  /** Every file written there, the list of generated files included, with its exact content. */
  readonly files: OutputFiles;
  /** The warnings, as `<construct path>: <message>`. */
  readonly warnings: string[];
}

/** What a command that runs the app asks of the writer. */
export interface SynthesisObserver {
  /** Runs `f`, the writer's own reading and writing, as none of the app's inputs. */
  untracked<T>(f: () => T): T;
  /**
   * The writer, holding the lock, is about to change `outdir` (absolute): the observer drops its record of
   * that directory first, so that no record ever describes a directory in the middle of a switch.
   */
  switching(outdir: string): void;
  /** A synthesis has written its output and still holds the lock: the observer may record it now. */
  synthesized(result: SynthesisResult): void;
}

const KEY = Symbol.for('cdk8s-push-delivery.synthesis-observer.v1');
const slot = globalThis as { [KEY]?: SynthesisObserver };

/** The observer of this process's synthesis, when a command set one. */
export function synthesisObserver(): SynthesisObserver | undefined {
  return slot[KEY];
}

/** Sets (or, with undefined, removes) the observer of this process's synthesis. */
export function setSynthesisObserver(observer: SynthesisObserver | undefined): void {
  if (observer) slot[KEY] = observer;
  else delete slot[KEY];
}

/** Runs `f` as the writer's own work: outside what the observer records as the app's inputs. */
export function untracked<T>(f: () => T): T {
  const observer = slot[KEY];
  return observer ? observer.untracked(f) : f();
}

/** `performance.now()`, for the report's timings: the writer's own reading of the clock, not the app's. */
export function timing(): number {
  return untracked(() => performance.now());
}
