#!/usr/bin/env node
// Runs main.ts without type-checking (npm test type-checks): esbuild bundles the app's own TypeScript in
// memory (packages stay external) and the bundle runs as if it were main.ts, so __dirname and module
// resolution are the repository's. Faster than compiling each file on load.
const esbuild = require('esbuild');
const Module = require('module');
const path = require('path');

const entry = path.resolve(__dirname, '..', 'main.ts');
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
main._compile(outputFiles[0].text, entry);
main.exports.app.synth();
