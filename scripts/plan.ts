// `npm run plan -- [--ref <git ref>] [--markdown]`: what the working tree's synthesis changes, per Argo CD
// Application, against the committed dist/ (or a git ref). Exit 0: no change; 2: changes; 1: error.
import * as path from 'path';
import { formatPlanMarkdown, formatPlanText, OpsRepo, plan, PLAN_CHANGES, PLAN_NO_CHANGES, planHasChanges } from '../lib';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runTs } = require('./run-ts');

const USAGE = 'Usage: npm run plan -- [--ref <git ref>] [--markdown]';

function main(argv: string[]): number {
  const at = argv.indexOf('--ref');
  const ref = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && (ref === undefined || ref.startsWith('--'))) throw new Error(`--ref needs a git ref.\n${USAGE}`);
  const rest = argv.filter((a, i) => i !== at && i !== at + 1 && a !== '--markdown');
  if (rest.length) throw new Error(`unexpected ${rest.join(' ')}.\n${USAGE}`);
  const root = path.resolve(__dirname, '..');
  const p = plan({ root, load: r => runTs(path.join(r, 'main.ts')).app as OpsRepo, ...(ref ? { ref } : {}) });
  process.stdout.write(argv.includes('--markdown') ? formatPlanMarkdown(p) : formatPlanText(p));
  return planHasChanges(p) ? PLAN_CHANGES : PLAN_NO_CHANGES;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`plan: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
