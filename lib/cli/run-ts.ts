// Runs a TypeScript file without type-checking (`tsc` type-checks): esbuild bundles the file's own
// TypeScript in memory (packages stay external) and the bundle runs as if it were that file, so __dirname
// and module resolution are the file's. Faster than compiling each file on load. The bundle is kept in
// node_modules/.cache/ and used again while every file in it is unchanged (by content): bundling was half
// of what `npm run synth` of a small ops repository takes.
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
  main._compile(bundle(entry, esbuild), entry);
  return main.exports;
}

/** Changes whenever what {@link bundle} asks esbuild for, or how it keeps the result, changes. */
const CACHE_FORMAT = 'run-ts 1';

/** A bundle kept between runs, and what it was made of. */
interface CachedBundle {
  /** {@link CACHE_FORMAT}, esbuild's version and the entry. */
  readonly key: string;
  /** Every file it was bundled from, and every tsconfig.json esbuild may have read, by path: content hash ('' when absent). */
  readonly inputs: { readonly [file: string]: string };
  readonly code: string;
}

/**
 * The bundle of `entry`: the one kept in the cache when every file it was made of has the same content
 * (a file added where an import would now resolve to it instead is not noticed: delete the cache folder),
 * else esbuild's, which is then kept.
 */
function bundle(entry: string, esbuild: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(esbuild) as typeof import('esbuild');
  const dir = cacheDir(entry);
  const cacheFile = dir && path.join(dir, `${sha256(entry).slice(0, 16)}.json`);
  const key = `${CACHE_FORMAT} esbuild ${build.version} ${entry}`;
  const cached = cacheFile ? readCache(cacheFile) : undefined;
  if (cached?.key === key && Object.entries(cached.inputs).every(([f, hash]) => contentHash(f) === hash)) return cached.code;

  const workingDir = path.dirname(entry);
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
  if (cacheFile) {
    const files = Object.keys(metafile.inputs).map(f => path.resolve(workingDir, f));
    const inputs: { [file: string]: string } = {};
    for (const f of [...files, ...tsconfigCandidates(files)]) inputs[f] = contentHash(f);
    writeCache(cacheFile, { key, inputs, code });
  }
  return code;
}

/** `node_modules/.cache/cdk8s-push-delivery` of the nearest node_modules above `file`, as other tools keep theirs. */
function cacheDir(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'cdk8s-push-delivery');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Every tsconfig.json esbuild may read for `files`: in their folders and every folder above. */
function tsconfigCandidates(files: string[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    for (let dir = path.dirname(f); !out.has(path.join(dir, 'tsconfig.json')); dir = path.dirname(dir)) {
      out.add(path.join(dir, 'tsconfig.json'));
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...out];
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
