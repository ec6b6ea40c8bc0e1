// The entry of a CLI command: a CommonJS module (JavaScript, or TypeScript when esbuild is at hand) that
// builds the app and exports it as `app`. Loading it runs it, so every load builds the app afresh (promote
// loads it again after writing the pin).
import * as fs from 'fs';
import * as path from 'path';
import { problem } from '../core/errors';
import { describeNode, lstatBelow, relativePathProblem } from '../output/safe-path';
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

/** The entry's extensions: CommonJS JavaScript, or TypeScript compiled to it. */
const ENTRY_EXTENSIONS = ['.js', '.cjs', '.ts', '.cts'];
const ENTRY_FIX = `Give the file that builds the app, relative to the ops repository's root (default: ${DEFAULT_ENTRIES.join(', or ')})`;

/**
 * Checks the entry's path: relative to `dir` and inside it (no `..`, not absolute), no link on the way or at
 * the end, a regular file with a JavaScript or TypeScript extension. Returns its absolute path.
 */
export function checkEntry(entry: string, dir: string): string {
  const rel = path.posix.normalize(entry.split(path.sep).join('/'));
  const wrong = path.isAbsolute(entry) ? 'is an absolute path' : rel === '..' || rel.startsWith('../') ? 'leads out of the ops repository (\'..\')' : relativePathProblem(rel);
  if (wrong) throw new Error(problem('entry', entry, wrong, ENTRY_FIX));
  const stat = lstatBelow(dir, rel, 'entry', ENTRY_FIX);
  const file = path.join(dir, rel);
  if (!stat) throw new Error(problem('entry', entry, 'does not exist', ENTRY_FIX));
  if (!stat.isFile()) throw new Error(problem('entry', entry, `is ${describeNode(file, stat)}, not a file`, ENTRY_FIX));
  const ext = path.extname(rel);
  if (ext === '.mjs' || ext === '.mts') {
    throw new Error(problem('entry', entry, 'is an ES module, and the entry is loaded as CommonJS', 'Give a .js or .ts file that exports the app (export const app = ...), compiled to CommonJS'));
  }
  if (!ENTRY_EXTENSIONS.includes(ext)) {
    throw new Error(problem('entry', entry, `is not a JavaScript or TypeScript file (${ENTRY_EXTENSIONS.join(', ')})`, ENTRY_FIX));
  }
  return file;
}

function loadModule(entry: string, dir: string): unknown {
  const file = checkEntry(entry, dir);
  if (/\.c?ts$/.test(file)) {
    const esbuild = findEsbuild(file);
    if (!esbuild) {
      throw new Error(problem('entry', entry, 'is TypeScript, and esbuild, which runs it without a compile step, is not installed',
        'Compile it first (npx tsc) and give the .js file, or install esbuild: npm install --save-dev esbuild'));
    }
    return guarded(entry, file, () => runTs(file, esbuild));
  }
  return guarded(entry, file, () => requireFresh(file));
}

/**
 * Runs the entry, saying what went wrong in the library's words when it is not a module that runs: one
 * that does not compile or parse, requires a module that is missing, throws something that is not an
 * Error, or fails with a programming error (a TypeError, a Node system error) in its own code. Errors the
 * library or the entry throw on purpose (their message says what is wrong) pass through as they are.
 */
function guarded(entry: string, file: string, run: () => unknown): unknown {
  try {
    return run();
  } catch (e) {
    throw entryError(entry, file, e);
  }
}

function entryError(entry: string, file: string, thrown: unknown): unknown {
  const e = thrown as Error;
  const fix = 'Fix the entry (SYNTH_STACK=1 shows where)';
  // Not `instanceof Error`: errors of another realm (a module loaded in a vm context, a test runner) are errors too.
  if (e === null || typeof e !== 'object' || typeof e.message !== 'string' || typeof e.name !== 'string') {
    return new Error(problem('entry', entry, `threw ${describeValue(thrown)}, not an Error, while building the app`, fix));
  }
  const code = (e as NodeJS.ErrnoException).code;
  const esbuildErrors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } }> }).errors;
  const wrap = (what: string, howToFix: string) => Object.assign(new Error(problem('entry', entry, what, howToFix)), { stack: e.stack });
  if (Array.isArray(esbuildErrors) && esbuildErrors.length > 0) {
    const first = esbuildErrors[0]!;
    return wrap(`does not compile: ${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ''}`,
      'Fix the TypeScript (npx tsc --noEmit lists every error)');
  }
  if (e.name === 'SyntaxError') {
    const where = /^(\/[^\n]*:\d+)\n/.exec(e.stack ?? '')?.[1];
    return wrap(`is not valid JavaScript: ${e.message}${where ? ` (${where})` : ''}`, `Fix the file (node --check ${entry} shows where)`);
  }
  if (code === 'MODULE_NOT_FOUND') return wrap(`requires a module that cannot be found: ${e.message.split('\n')[0]}`, 'Install it (npm install), or fix the import');
  if (code === 'ERR_REQUIRE_ESM') return wrap('requires an ES module, which CommonJS cannot load', 'Compile the entry to CommonJS, or import a CommonJS build of that module');
  if (code !== undefined || ['TypeError', 'ReferenceError', 'RangeError'].includes(e.name)) {
    const own = (e.stack ?? '').split('\n').find(l => l.includes(file));
    const where = own && /\(?([^\s()]+:\d+:\d+)\)?$/.exec(own.trim())?.[1];
    return wrap(`failed while building the app: ${e.name}: ${e.message}${where ? ` (${where})` : ''}`, fix);
  }
  return e;
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
