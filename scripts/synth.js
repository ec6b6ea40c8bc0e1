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
try {
  main._compile(outputFiles[0].text, entry);
  main.exports.app.synth();
} catch (e) {
  // Our errors name the construct path, the field and the fix: the message is what helps, not the bundle's
  // stack. SYNTH_STACK=1 shows the stack too.
  process.stderr.write(`${process.env.SYNTH_STACK ? e.stack : e.message}\n`);
  process.exitCode = 1;
}
