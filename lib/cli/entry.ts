// The entry of a CLI command: a CommonJS module (JavaScript, or TypeScript when esbuild is at hand) that
// builds the app and exports it as `app`. Loading it runs it, so every load builds the app afresh (promote
// loads it again after writing the pin).
import * as fs from 'fs';
import * as path from 'path';
import { problem } from '../core/errors';
import { findEsbuild, runTs } from './run-ts';

/** The entries tried, in order, when none is given. */
export const DEFAULT_ENTRIES = ['main.ts', 'main.js'];

/** What a command runs of the app. */
export interface SynthesizableApp {
  synth(): void;
}

/** The entry given, or the first of {@link DEFAULT_ENTRIES} in `dir` that exists (the first when none does). */
export function entryOrDefault(entry: string | undefined, dir: string): string {
  return entry ?? DEFAULT_ENTRIES.find(e => fs.existsSync(path.join(dir, e))) ?? DEFAULT_ENTRIES[0]!;
}

/**
 * Runs `entry` (relative to `dir`) and returns the app it exports; throws when there is no cdk8s App to
 * synthesize.
 */
export function loadApp(entry: string, dir = process.cwd()): SynthesizableApp {
  const app = (loadModule(entry, dir) as { app?: unknown }).app;
  if (app === null || typeof app !== 'object' || typeof (app as SynthesizableApp).synth !== 'function') {
    throw new Error(`${entry}: ${problem('export', 'app', app === undefined ? 'is missing' : `is ${describeValue(app)}, not a cdk8s App`,
      'Export the app the file builds: export const app = new OpsRepo({ ... })')}`);
  }
  return app as SynthesizableApp;
}

function loadModule(entry: string, dir: string): unknown {
  const file = path.resolve(dir, entry);
  if (!fs.existsSync(file)) {
    throw new Error(problem('entry', entry, 'does not exist', `Give the file that builds the app (default: ${DEFAULT_ENTRIES.join(', or ')})`));
  }
  if (/\.[cm]?tsx?$/.test(file)) {
    const esbuild = findEsbuild(file);
    if (!esbuild) {
      throw new Error(problem('entry', entry, 'is TypeScript, and esbuild, which runs it without a compile step, is not installed',
        'Compile it first (npx tsc) and give the .js file, or install esbuild: npm install --save-dev esbuild'));
    }
    return runTs(file, esbuild);
  }
  return requireFresh(file);
}

/**
 * `require(file)`, then forgets the modules that loaded outside node_modules (the app's own files), so the
 * next load runs them again; packages, this library among them, stay loaded once.
 */
function requireFresh(file: string): unknown {
  const before = new Set(Object.keys(require.cache));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file);
  } finally {
    for (const loaded of Object.keys(require.cache)) {
      if (!before.has(loaded) && !loaded.split(path.sep).includes('node_modules')) delete require.cache[loaded];
    }
  }
}

/** `value` in a message: what it is. */
export function describeValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? 'a string' : String(value);
  return `an instance of ${value.constructor?.name ?? 'Object'}`;
}
