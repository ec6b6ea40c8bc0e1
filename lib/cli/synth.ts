// `synth [entry] [--full] [--cdk8s-cli]`: validates the app the entry builds and writes its output.
//
// A synthesis is recorded (lib/cli/synth-record.ts): when nothing the app read has changed since and its
// output is as it wrote it, the next `synth` says so without building the app; `--full` synthesizes anyway
// (and neither looks at a record nor writes one).
//
// `cdk8s synth` runs this with `--cdk8s-cli` (the `app` of cdk8s.yaml). The cdk8s CLI deletes its output
// folder before it runs the app and expects the app to fill it; pointed at the manifests, that would
// delete hand-written files and leave them empty whenever synthesis fails. So its output folder is a
// scratch folder, and the app writes its own output folder (`dist/` by default) with the same writer as a
// plain `synth`: only its own files, all or nothing.
import * as fs from 'fs';
import * as path from 'path';
import { Command } from './command';
import { checkEntry, entryOrDefault, loadApp } from './entry';
import { SynthRecord } from './synth-record';

/** `synth`. Its errors name the construct path themselves. */
export const SYNTH = new Command('Usage: cdk8s-push-delivery synth [entry] [--full] [--cdk8s-cli]', args => {
  const fromCli = args.flag('--cdk8s-cli');
  const full = args.flag('--full');
  const [given] = args.positional(0, 1);
  const scratch = fromCli ? process.env.CDK8S_OUTDIR : undefined;
  if (fromCli) delete process.env.CDK8S_OUTDIR;
  const entry = entryOrDefault(given, process.cwd());
  const record = full ? undefined : SynthRecord.of(checkEntry(entry, process.cwd()));
  const unchanged = record?.unchanged();
  if (unchanged) {
    for (const line of unchanged.recovered) process.stderr.write(`${line}\n`);
    for (const warning of unchanged.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stderr.write(`${unchanged.shown}: ${unchanged.files} files; 0 added, 0 changed, 0 removed `
      + '(nothing the app read has changed since the synthesis that wrote them, so it was not run again; --full runs it)\n');
  } else if (record) {
    record.recording(() => loadApp(entry).synth());
  } else {
    loadApp(entry).synth();
  }
  if (scratch) {
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'README.md'),
      '`cdk8s synth` output folder. The app writes its manifests to its own output folder (dist/ by default); nothing here is used.\n');
  }
  return 0;
});
