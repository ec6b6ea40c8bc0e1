// `plan [--entry <file>] [--ref <git ref>] [--markdown]`: what the working tree's synthesis changes, per
// Argo CD Application, against the committed manifests (or a git ref). Exit 0: no change; 2: changes.
import { formatPlanMarkdown, formatPlanText, PLAN_CHANGES, PLAN_NO_CHANGES, planHasChanges } from '../plan/format';
import { plan } from '../plan/plan';
import { Command } from './command';
import { entryOrDefault } from './entry';
import { loadOpsRepo } from './ops-repo-entry';

/** `plan`, in the ops repository at the working directory. */
export const PLAN = new Command('Usage: cdk8s-push-delivery plan [--entry <file>] [--ref <git ref>] [--markdown]', args => {
  const entry = args.option('--entry', 'a file');
  const ref = args.option('--ref', 'a git ref');
  const markdown = args.flag('--markdown');
  args.positional(0, 0);
  const root = process.cwd();
  const file = entryOrDefault(entry, root);
  const p = plan({ root, load: r => loadOpsRepo(file, r), ...(ref !== undefined ? { ref } : {}) });
  process.stdout.write(markdown ? formatPlanMarkdown(p) : formatPlanText(p));
  return planHasChanges(p) ? PLAN_CHANGES : PLAN_NO_CHANGES;
}, { prefix: 'plan: ' });
