// The package's command-line interface, `cdk8s-push-delivery <command>`: the commands of an ops repository.
// This repository's `npm run synth|plan|promote` run it from source (scripts/synth.js, scripts/run-ts.js).
import { PLAN } from './plan';
import { PROMOTE } from './promote';
import { SYNTH } from './synth';

const COMMANDS = { synth: SYNTH, plan: PLAN, promote: PROMOTE };

/** What `--help` prints. */
export const USAGE = `${SYNTH.usage}
  Validates the app and writes its manifests (each error names the construct path, the field and the fix).
  When nothing the app read has changed since the last synthesis and its manifests are as it wrote them, it
  says so without running the app (node_modules/.cache/cdk8s-push-delivery keeps the record); --full runs it.
${PLAN.usage}
  What the synthesis changes against the committed manifests (or a git ref), per Argo CD Application.
  Exit 0: no change; 2: changes.
${PROMOTE.usage}
  Pins an image into an environment, synthesizes again and commits both on a new branch.

The entry (default: main.ts, or main.js when there is no main.ts) is a CommonJS module that builds the app
and exports it as \`app\` (for plan and promote, an OpsRepo); the commands run in the ops repository's root.
A .ts entry runs with esbuild when the project has it; otherwise compile it and give the .js file.
Errors show no stack trace unless SYNTH_STACK=1.
`;

/** Runs the command `argv[0]` with the rest of `argv`; returns the exit code. */
export function runCli(argv: string[]): number {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = Object.entries(COMMANDS).find(([n]) => n === name)?.[1];
  if (!command) {
    process.stderr.write(`${name === undefined ? 'no command' : `unknown command '${name}'`}. Use one of: ${Object.keys(COMMANDS).join(', ')}.\n\n${USAGE}`);
    return 1;
  }
  return command.main(args);
}
