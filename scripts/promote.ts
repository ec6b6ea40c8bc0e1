// `npm run promote -- <app> <from> <to>` or `npm run promote -- <app> <to> --image <ref>` [--no-commit]
// [--from-cluster]: pins an image into a promoted environment, re-synthesizes dist/ and commits both on a new branch.
import * as path from 'path';
import { kubectlLatestBuild, OpsRepo, promote } from '../lib';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runTs } = require('./run-ts');

const USAGE = 'Usage: npm run promote -- <app> <from> <to> [--no-commit] [--from-cluster]\n'
  + '       npm run promote -- <app> <to> --image <registry/repository@sha256:...> [--no-commit]';

function main(argv: string[]): number {
  const flags = new Set(argv.filter(a => a === '--no-commit' || a === '--from-cluster'));
  const at = argv.indexOf('--image');
  const image = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && (image === undefined || image.startsWith('--'))) throw new Error(`--image needs a reference.\n${USAGE}`);
  const positional = argv.filter((a, i) => !a.startsWith('--') && !(at >= 0 && i === at + 1));
  const unknown = argv.filter(a => a.startsWith('--') && !['--no-commit', '--from-cluster', '--image'].includes(a));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(', ')}.\n${USAGE}`);
  if (positional.length !== (image === undefined ? 3 : 2)) throw new Error(USAGE);
  const root = path.resolve(__dirname, '..');
  const result = promote({
    root,
    load: r => runTs(path.join(r, 'main.ts')).app as OpsRepo,
    app: positional[0],
    ...(image === undefined ? { from: positional[1], to: positional[2] } : { to: positional[1], image }),
    commit: !flags.has('--no-commit'),
    // Reading what a kpush environment runs asks the cluster (kubectl, current context): only when asked.
    ...(flags.has('--from-cluster') ? { readLatestBuild: kubectlLatestBuild } : {}),
  });
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(`${result.message}\n`);
  process.stdout.write(result.branch
    ? `Committed ${result.commit!.slice(0, 12)} on branch ${result.branch}. Push it and open a pull request: git push -u origin ${result.branch}\n`
    : 'Written to the working tree (--no-commit); nothing was committed.\n');
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`promote: ${(e as Error).message}\nNothing was written.\n`);
  process.exitCode = 1;
}
