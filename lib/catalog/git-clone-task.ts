import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { Param } from '../tekton/params';
import { TaskResult } from '../tekton/results';
import { Task } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { CatalogTaskProps, scriptTaskProps } from './catalog-task';
import { gitCloneScript } from './scripts/git-clone';

/** Props for {@link GitCloneTask}. */
export interface GitCloneTaskProps extends CatalogTaskProps {
  /**
   * The default of the param `depth`: how many commits of history to fetch, 0 for all of it. The pin step
   * fetches the history it needs itself, so the clone may stay shallow.
   * @default 1
   */
  readonly depth?: number;
}

/**
 * The Task `git-clone`: clones one revision of a git repository into the workspace `output` and gives the
 * commit it checked out as the result `commit` (script: `lib/catalog/scripts/git-clone.ts`).
 *
 * The image is `buildpack-deps:bookworm-scm` (Debian 12 with bash and git 2.39), the
 * git release the script is tested against. Params reach the script through the step's environment only, so
 * a revision or URL from a webhook is never read as shell code.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const clone = new GitCloneTask(chart, 'git-clone');
 * const fetch = pipeline.addTask('fetch', clone, {
 *   params: { url: repoUrl, revision },
 *   workspaces: { 'output': source, 'git-credentials': credentials },
 * });
 * fetch.result('commit'); // $(tasks.fetch.results.commit)
 */
export class GitCloneTask extends Task {
  /** The clone URL, without credentials. Required. */
  public readonly url: Param;
  /** The branch, tag or full commit SHA; empty (the default) for the remote's default branch. */
  public readonly revision: Param;
  /** How many commits of history to fetch; 0 for all. */
  public readonly depth: Param;
  /** Where inside `output` to clone; empty (the default) for the workspace itself. */
  public readonly subdirectory: Param;
  /** Receives the checkout. */
  public readonly output: TaskWorkspace;
  /** Optional: a `kubernetes.io/basic-auth` Secret for repositories that need authentication. */
  public readonly gitCredentials: TaskWorkspace;
  /** The SHA of the commit that was checked out. */
  public readonly commit: TaskResult;

  constructor(scope: Construct, id: string, props: GitCloneTaskProps = {}) {
    const depth = props.depth;
    super(scope, id, scriptTaskProps({ scope, id }, gitCloneScript(), props, {
      name: 'git-clone',
      description: 'Clones one revision of a git repository into the output workspace and gives the commit it checked out as the result commit.',
      step: 'clone',
      defaults: depth !== undefined ? { depth: String(depth) } : {},
    }));
    if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0)) {
      fail(this, 'depth', depth, 'is not a whole number from 0', 'Use 1 to fetch the commit alone, 0 for the full history');
    }
    this.url = this.param('url');
    this.revision = this.param('revision');
    this.depth = this.param('depth');
    this.subdirectory = this.param('subdirectory');
    this.output = this.workspace('output');
    this.gitCredentials = this.workspace('git-credentials');
    this.commit = this.result('commit');
  }
}
