// Runs a TypeScript file without type-checking (`tsc` type-checks): esbuild bundles the file's own
// TypeScript in memory (packages stay external) and the bundle runs as if it were that file, so __dirname
// and module resolution are the file's. Faster than compiling each file on load. The bundle is kept in
// node_modules/.cache/ and used again while every file in it is unchanged (by content) and no file has
// appeared where one of its imports would now resolve: bundling was half of what `npm run synth` of a
// small ops repository takes. Each bundle run is noted for the record of a synthesis (lib/cli/synth-record.ts).
//
// Node's built-in modules only, and esbuild found at run time: the CLI runs a `.ts` entry with it when the
// project has esbuild, and scripts/run-ts.js compiles this one file to run the repository's own TypeScript.
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';

/** What runTs uses of Node's module system beyond its typings (lib/internal/modules/cjs/loader.js). */
interface CompilableModule extends Module {
  filename: string;
  paths: string[];
  _compile(code: string, filename: string): void;
}
const NodeModule = Module as unknown as {
  new (id: string, parent?: Module): CompilableModule;
  _nodeModulePaths(dir: string): string[];
};

/** The esbuild that `file` would load (its project's), else this package's; undefined when there is none. */
export function findEsbuild(file: string): string | undefined {
  try {
    return require.resolve('esbuild', { paths: [path.dirname(path.resolve(file)), __dirname] });
  } catch {
    return undefined;
  }
}

/**
 * Bundles `file` with the esbuild module at `esbuild` and runs it; returns its module exports. With
 * `asMain`, the file runs as the main module (`require.main === module` holds in it, as under ts-node).
 */
export function runTs(file: string, esbuild: string, asMain = false): unknown {
  const entry = path.resolve(file);
  const main = new NodeModule(entry, module);
  main.filename = entry;
  main.paths = NodeModule._nodeModulePaths(path.dirname(entry));
  if (asMain) process.mainModule = main; // what `require.main` is in the modules it compiles
  main._compile(untracked(() => bundle(entry, esbuild)), entry);
  return main.exports;
}

/**
 * Runs `f` outside what a recorded synthesis counts as the app's reads (lib/output/synthesis-observer.ts,
 * met through its global: this file loads only Node's modules): the record notes a bundle as one input,
 * which is unchanged while every file and shadow it was made of is ({@link currentBundleHash}).
 */
function untracked<T>(f: () => T): T {
  const observer = (globalThis as { [k: symbol]: { untracked<U>(g: () => U): U } | undefined })[Symbol.for('cdk8s-push-delivery.synthesis-observer.v1')];
  return observer ? observer.untracked(f) : f();
}

/** Changes whenever what {@link bundle} asks esbuild for, or how it keeps the result, changes. */
const CACHE_FORMAT = 'run-ts 3';

/** A bundle kept between runs, and what it was made of. */
interface CachedBundle {
  /** {@link CACHE_FORMAT}, esbuild's version and the entry. */
  readonly key: string;
  /**
   * Every file it was bundled from, and every tsconfig.json, jsconfig.json and package.json esbuild may have
   * read, by path: content hash ('' when absent).
   */
  readonly inputs: { readonly [file: string]: string };
  /**
   * Every other path an import of it could have resolved to (`./x` is `x.ts`, `x.js`, ..., `x/index.ts`, ...,
   * in an order of esbuild's), by path: what was there ({@link Listings.kind}). A file that appears at one of
   * them could take the place of the file the import found.
   */
  readonly shadows: { readonly [file: string]: string };
  readonly code: string;
}

/** A bundle this process ran, as a record of the run keeps it (lib/cli/synth-record.ts). */
export interface BundleRun {
  /** The entry, absolute. */
  readonly entry: string;
  /** The esbuild module that made it (or would make it again). */
  readonly esbuild: string;
  /** SHA-256 of the code that ran. */
  readonly sha256: string;
  /**
   * Whether what it was made of is known exactly: it came from the cache, or none of its files changed
   * while esbuild read them, and every import was a path (a tsconfig `paths` alias has shadows not listed).
   */
  readonly exact: boolean;
}

/** The bundles run in this process, by entry: shared by every copy of this file (the CLI runs its own, then the app's). */
const runs = ((globalThis as { [k: symbol]: unknown })[Symbol.for('cdk8s-push-delivery.bundles')] ??= new Map()) as Map<string, BundleRun>;

/** The bundles this process has run. */
export function bundlesRun(): BundleRun[] {
  return [...runs.values()];
}

/**
 * The SHA-256 of the bundle of `entry` that a run would use now without esbuild: the one in the cache,
 * when every file and shadow it was made of is unchanged; undefined when esbuild would have to bundle again.
 */
export function currentBundleHash(entry: string, esbuild: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cached = cachedBundle(entry, (require(esbuild) as typeof import('esbuild')).version);
  return cached && sha256(cached.code);
}

function cacheFileOf(entry: string): string | undefined {
  const dir = cacheDir(entry);
  return dir && path.join(dir, `${sha256(entry).slice(0, 16)}.json`);
}

function cachedBundle(entry: string, esbuildVersion: string): CachedBundle | undefined {
  const file = cacheFileOf(entry);
  const cached = file ? readCache(file) : undefined;
  if (cached?.key !== `${CACHE_FORMAT} esbuild ${esbuildVersion} ${entry}` || typeof cached.shadows !== 'object') return undefined;
  const listings = new Listings();
  const same = Object.entries(cached.inputs).every(([f, hash]) => contentHash(f) === hash)
    && Object.entries(cached.shadows).every(([f, kind]) => listings.kind(f) === kind);
  return same ? cached : undefined;
}

/**
 * The bundle of `entry`: the one kept in the cache when every file it was made of has the same content and
 * no file has appeared where one of its imports would now resolve to it, else esbuild's, which is then kept
 * unless a file it read changed while it ran (its contents then are not known: the next run bundles again).
 */
function bundle(entry: string, esbuild: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(esbuild) as typeof import('esbuild');
  const cached = cachedBundle(entry, build.version);
  if (cached) {
    runs.set(entry, { entry, esbuild, sha256: sha256(cached.code), exact: true });
    return cached.code;
  }
  const workingDir = path.dirname(entry);
  const started = Date.now();
  const { outputFiles, metafile } = build.buildSync({
    entryPoints: [entry],
    absWorkingDir: workingDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  build.stop(); // end esbuild's service process now rather than leaving it to exit with us
  const code = outputFiles[0]!.text;
  const made = madeOf(metafile, workingDir);
  const exact = made.exact && settledBefore(started, made.settled);
  const cacheFile = cacheFileOf(entry);
  if (cacheFile && exact) writeCache(cacheFile, { key: `${CACHE_FORMAT} esbuild ${build.version} ${entry}`, inputs: made.inputs, shadows: made.shadows, code });
  runs.set(entry, { entry, esbuild, sha256: sha256(code), exact });
  return code;
}

/** What esbuild's metafile says a bundle was made of: its inputs with their hashes, and the shadows of its imports. */
function madeOf(metafile: import('esbuild').Metafile, workingDir: string) {
  const files = Object.keys(metafile.inputs).map(f => path.resolve(workingDir, f));
  const inputs: { [file: string]: string } = {};
  for (const f of [...files, ...configCandidates(files)]) inputs[f] = contentHash(f);
  const listings = new Listings();
  const shadows: { [file: string]: string } = {};
  const ancestors = new Set<string>();
  let exact = true;
  for (const [f, input] of Object.entries(metafile.inputs)) {
    for (const i of input.imports) {
      if (i.external) continue;
      const spec = i.original;
      if (spec === undefined || !(spec === '.' || spec === '..' || /^\.{0,2}\//.test(spec))) {
        exact = false; // resolved through something other than a path (a tsconfig alias): where else it could go is not known
        continue;
      }
      const base = path.resolve(workingDir, path.dirname(f), spec);
      for (const c of shadowsOf(base)) shadows[c] = listings.kind(c);
      // Every folder on the way, by kind: a folder that is a link (or becomes one) and then points elsewhere
      // makes the import find another file, though every input is as it was.
      for (let dir = path.dirname(base); path.dirname(dir) !== dir && !ancestors.has(dir); dir = path.dirname(dir)) {
        ancestors.add(dir);
        shadows[dir] = listings.kind(dir);
      }
    }
  }
  // What was there before esbuild started, as it is now: the inputs, the shadows, and the links on the way
  // (a folder above, whose listing changes whenever anything is added beside, is not looked at by time).
  const settled = [...Object.keys(inputs), ...Object.keys(shadows).filter(p => !ancestors.has(p) || shadows[p]!.startsWith('l:'))];
  return { inputs, shadows, settled, exact };
}

/** esbuild's resolve extensions and more, so every path esbuild could try for an import of `base` is among these. */
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.css', '.json', '.mts', '.cts', '.mjs', '.cjs'];

/** Every path an import of `base` (the import's path, resolved against the importer's folder) may resolve to. */
function shadowsOf(base: string): string[] {
  const out = [base, path.join(base, 'package.json')];
  for (const e of EXTENSIONS) out.push(`${base}${e}`, path.join(base, `index${e}`));
  const js = /\.[mc]?jsx?$/.exec(base); // TypeScript's `./x.js` for x.ts
  if (js) for (const e of ['.ts', '.tsx', '.mts', '.cts']) out.push(`${base.slice(0, -js[0].length)}${e}`);
  return out;
}

/** Folder listings, read once each: what is at a path, as a shadow records it. */
class Listings {
  private readonly read = new Map<string, Map<string, string>>();

  /** What is at `file`: '' nothing, 'f' a file, 'd' a folder, 'l:<target>' a link, 'o' anything else. */
  public kind(file: string): string {
    const dir = path.dirname(file);
    let listing = this.read.get(dir);
    if (!listing) {
      listing = new Map();
      try {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          listing.set(e.name, e.isFile() ? 'f' : e.isDirectory() ? 'd' : e.isSymbolicLink() ? `l:${fs.readlinkSync(path.join(dir, e.name))}` : 'o');
        }
      } catch {
        // no such folder: nothing is there
      }
      this.read.set(dir, listing);
    }
    return listing.get(path.basename(file)) ?? '';
  }
}

/**
 * Whether every file or folder of `paths` that is there now was there, as it is, before `started` (less the
 * time stamps' resolution: a tick of the kernel's clock; whole seconds on some file systems): then esbuild,
 * which started then, read what is there now. A path that is not there now needs nothing: if esbuild found
 * something there after all, that was an input or a shadow the cache compares as absent, and it bundles again.
 */
function settledBefore(started: number, paths: string[]): boolean {
  return paths.every(p => {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!stat) return true;
    const resolution = stat.ctimeMs % 1000 !== 0 || stat.mtimeMs % 1000 !== 0 ? 100 : 2100;
    return Math.max(stat.ctimeMs, stat.mtimeMs) < started - resolution;
  });
}

/** `node_modules/.cache/cdk8s-push-delivery` of the nearest node_modules above `file`, as other tools keep theirs. */
export function cacheDir(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'cdk8s-push-delivery');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Every tsconfig.json, jsconfig.json and package.json esbuild may read for `files`: in their folders and every folder above. */
function configCandidates(files: string[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    for (let dir = path.dirname(f); !dirs.has(dir); dir = path.dirname(dir)) {
      dirs.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...dirs].flatMap(d => ['tsconfig.json', 'jsconfig.json', 'package.json'].map(n => path.join(d, n)));
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function contentHash(file: string): string {
  try {
    return sha256(fs.readFileSync(file));
  } catch {
    return '';
  }
}

function readCache(file: string): CachedBundle | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CachedBundle;
  } catch {
    return undefined;
  }
}

/** Writes the cache file whole (a temporary file renamed into place); a cache that cannot be written is no error. */
function writeCache(file: string, value: CachedBundle): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
