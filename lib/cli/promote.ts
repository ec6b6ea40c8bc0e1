// `promote <app> <from> <to>` or `promote <app> <to> --image <ref>` [--no-commit] [--from-cluster]
// [--allow-other-repository] [--entry <file>]: pins an image into a promoted environment, re-synthesizes the
// manifests and commits both on a new branch.
import { kubectlLatestBuild, promote } from '../promotion/promote';
import { Command } from './command';
import { entryOrDefault } from './entry';
import { loadOpsRepo } from './ops-repo-entry';

/** `promote`, in the ops repository at the working directory. On an error, promote has undone everything. */
export const PROMOTE = new Command(
  'Usage: cdk8s-push-delivery promote <app> <from> <to> [--no-commit] [--from-cluster] [--allow-other-repository] [--entry <file>]\n'
  + '       cdk8s-push-delivery promote <app> <to> --image <registry/repository@sha256:...> [--no-commit] [--allow-other-repository] [--entry <file>]',
  args => {
    const entry = args.option('--entry', 'a file');
    const image = args.option('--image', 'a reference');
    const commit = !args.flag('--no-commit');
    const fromCluster = args.flag('--from-cluster');
    const allowOtherRepository = args.flag('--allow-other-repository');
    const [app, ...envs] = image === undefined ? args.positional(3, 3) : args.positional(2, 2);
    const root = process.cwd();
    const file = entryOrDefault(entry, root);
    const result = promote({
      root,
      // The entry runs in the folder promote gives (its worktree of the committed state): an OpsRepo that
      // takes its root from the working directory reads the pins there.
      load: r => inDirectory(r, () => loadOpsRepo(file, r)),
      app: app!,
      ...(image === undefined ? { from: envs[0], to: envs[1]! } : { to: envs[0]!, image }),
      commit,
      allowOtherRepository,
      // Reading what a kpush environment runs asks the cluster (kubectl, current context): only when asked.
      ...(fromCluster ? { readLatestBuild: kubectlLatestBuild } : {}),
    });
    for (const line of result.recovered) process.stderr.write(`${line}\n`);
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${result.message}\n`);
    process.stdout.write(result.branch
      ? `Committed ${result.commit!.slice(0, 12)} on branch ${result.branch}. Push it and open a pull request: git push -u origin ${result.branch}\n`
      : 'Written to the working tree (--no-commit); nothing was committed.\n');
    return 0;
  },
  { prefix: 'promote: ', after: 'Nothing was written.\n' },
);

/** Runs `f` with `dir` as the working directory. */
function inDirectory<T>(dir: string, f: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return f();
  } finally {
    process.chdir(before);
  }
}
