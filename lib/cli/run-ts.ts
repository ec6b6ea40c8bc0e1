// Runs a TypeScript file without type-checking (`tsc` type-checks): esbuild bundles the file's own
// TypeScript in memory (packages stay external) and the bundle runs as if it were that file, so __dirname
// and module resolution are the file's. Faster than compiling each file on load.
//
// Node's built-in modules only, and esbuild found at run time: the CLI runs a `.ts` entry with it when the
// project has esbuild, and scripts/run-ts.js compiles this one file to run the repository's own TypeScript.
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(esbuild) as typeof import('esbuild');
  const { outputFiles } = build.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'warning',
  });
  build.stop(); // end esbuild's service process now rather than leaving it to exit with us
  const main = new NodeModule(entry, module);
  main.filename = entry;
  main.paths = NodeModule._nodeModulePaths(path.dirname(entry));
  if (asMain) process.mainModule = main; // what `require.main` is in the modules it compiles
  main._compile(outputFiles[0]!.text, entry);
  return main.exports;
}
