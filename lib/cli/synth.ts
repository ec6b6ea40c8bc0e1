// `synth [entry] [--cdk8s-cli]`: validates the app the entry builds and writes its output.
//
// `cdk8s synth` runs this with `--cdk8s-cli` (the `app` of cdk8s.yaml). The cdk8s CLI deletes its output
// folder before it runs the app and expects the app to fill it; pointed at the manifests, that would
// delete hand-written files and leave them empty whenever synthesis fails. So its output folder is a
// scratch folder, and the app writes its own output folder (`dist/` by default) with the same writer as a
// plain `synth`: only its own files, all or nothing.
import * as fs from 'fs';
import * as path from 'path';
import { Command } from './command';
import { entryOrDefault, loadApp } from './entry';

/** `synth`. Its errors name the construct path themselves. */
export const SYNTH = new Command('Usage: cdk8s-push-delivery synth [entry] [--cdk8s-cli]', args => {
  const fromCli = args.flag('--cdk8s-cli');
  const [entry] = args.positional(0, 1);
  const scratch = fromCli ? process.env.CDK8S_OUTDIR : undefined;
  if (fromCli) delete process.env.CDK8S_OUTDIR;
  loadApp(entryOrDefault(entry, process.cwd())).synth();
  if (scratch) {
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'README.md'),
      '`cdk8s synth` output folder. The app writes its manifests to its own output folder (dist/ by default); nothing here is used.\n');
  }
  return 0;
});
