#!/usr/bin/env node
// `npm run synth`: synthesizes main.ts into dist/ without type-checking (npm test type-checks), through
// scripts/run-ts.js.
//
// `cdk8s synth` runs this with `--cdk8s-cli` (cdk8s.yaml). The cdk8s CLI deletes its output folder before
// it runs the app and expects the app to fill it; pointed at dist/, that would delete hand-written files
// and leave dist/ empty whenever synthesis fails. So its output folder is a scratch folder, and dist/ is
// written here by the same writer as `npm run synth`: only our files, all or nothing.
const fs = require('fs');
const path = require('path');
const { runTs } = require('./run-ts');

const root = path.resolve(__dirname, '..');
const fromCli = process.argv.includes('--cdk8s-cli');
const scratch = fromCli ? process.env.CDK8S_OUTDIR : undefined;
if (fromCli) delete process.env.CDK8S_OUTDIR;

// `node scripts/synth.js examples/<name>/main.ts` synthesizes an example into its own dist/ instead.
const entry = process.argv.slice(2).find(a => !a.startsWith('--'));

try {
  runTs(entry ? path.resolve(entry) : path.join(root, 'main.ts')).app.synth();
  if (scratch) {
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'README.md'),
      '`cdk8s synth` output folder. The manifests are written to dist/ (see scripts/synth.js); nothing here is used.\n');
  }
} catch (e) {
  // Our errors name the construct path, the field and the fix: the message is what helps, not the bundle's
  // stack. SYNTH_STACK=1 shows the stack too.
  process.stderr.write(`${process.env.SYNTH_STACK ? e.stack : e.message}\n`);
  process.exitCode = 1;
}
