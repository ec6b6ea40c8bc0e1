// Runs a TypeScript file of this repository without a build: `node scripts/run-ts.js <file.ts> [args]`, or
// `require('./run-ts').runTs(file)`. The runner is the package CLI's own (lib/cli/run-ts.ts), which uses
// only Node's built-in modules; this file compiles that one file with esbuild and loads it.
const esbuild = require('esbuild');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const source = path.join(__dirname, '..', 'lib', 'cli', 'run-ts.ts');
const runner = new Module(source, module);
runner.filename = source;
runner.paths = module.paths;
runner._compile(esbuild.transformSync(fs.readFileSync(source, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20' }).code, source);
const esbuildPath = require.resolve('esbuild');

/** Bundles and runs `file`; returns its module exports. With `asMain`, the file runs as the main module. */
const runTs = (file, asMain = false) => runner.exports.runTs(file, esbuildPath, asMain);

module.exports = { runTs };

if (require.main === module) {
  const [file, ...args] = process.argv.slice(2);
  process.argv = [process.argv[0], path.resolve(file), ...args];
  runTs(file, true);
}
