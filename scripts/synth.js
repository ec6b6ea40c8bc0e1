#!/usr/bin/env node
// `npm run synth`: synthesizes main.ts into dist/ without type-checking (npm test type-checks), through
// scripts/run-ts.js.
const path = require('path');
const { runTs } = require('./run-ts');

try {
  runTs(path.resolve(__dirname, '..', 'main.ts')).app.synth();
} catch (e) {
  // Our errors name the construct path, the field and the fix: the message is what helps, not the bundle's
  // stack. SYNTH_STACK=1 shows the stack too.
  process.stderr.write(`${process.env.SYNTH_STACK ? e.stack : e.message}\n`);
  process.exitCode = 1;
}
