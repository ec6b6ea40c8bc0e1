#!/usr/bin/env node
// `npm run synth`, `node scripts/synth.js [entry] [--cdk8s-cli]` (cdk8s.yaml, the examples): the package
// CLI's `synth` (lib/cli/synth.ts), run from source through scripts/run-ts.js, without type-checking (npm
// test type-checks) or a build. Only the command itself is bundled, not the whole CLI: synthesis stays fast.
const path = require('path');
const { runTs } = require('./run-ts');

process.exitCode = runTs(path.join(__dirname, '..', 'lib', 'cli', 'synth.ts')).SYNTH.main(process.argv.slice(2));
