// Runs a TypeScript entry file without type-checking (npm test type-checks): esbuild bundles the file's own
// TypeScript in memory (packages stay external) and the bundle runs as if it were that file, so __dirname
// and module resolution are the file's. Faster than compiling each file on load.
const esbuild = require('esbuild');
const Module = require('module');
const path = require('path');

/**
 * Bundles and runs `file`; returns its module exports. With `asMain`, the file runs as the main module
 * (`require.main === module` holds in it, as under ts-node).
 */
function runTs(file, asMain = false) {
  const entry = path.resolve(file);
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'warning',
  });
  esbuild.stop(); // end esbuild's service process now rather than leaving it to exit with us
  const main = new Module(entry, module);
  main.filename = entry;
  main.paths = Module._nodeModulePaths(path.dirname(entry));
  if (asMain) process.mainModule = main; // what `require.main` is in the modules it compiles
  main._compile(outputFiles[0].text, entry);
  return main.exports;
}

module.exports = { runTs };

if (require.main === module) {
  const [file, ...args] = process.argv.slice(2);
  process.argv = [process.argv[0], path.resolve(file), ...args];
  runTs(file, true);
}
