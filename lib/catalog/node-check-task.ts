import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { Param } from '../tekton/params';
import { TaskResult } from '../tekton/results';
import { Task } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { BUILD_STEP_RESOURCES, CatalogTaskProps, scriptTaskProps } from './catalog-task';
import { nodeCheckScript } from './scripts/node-check';

/** The package managers {@link NodeCheckTask} runs. */
export enum NodePackageManager {
  /** The one whose lock file is in the project. */
  AUTO = 'auto',
  /** npm (`package-lock.json`). */
  NPM = 'npm',
  /** pnpm (`pnpm-lock.yaml`), through corepack. */
  PNPM = 'pnpm',
  /** Yarn (`yarn.lock`), through corepack. */
  YARN = 'yarn',
}

/** Props for {@link NodeCheckTask}. */
export interface NodeCheckTaskProps extends CatalogTaskProps {
  /** The default of the param `package-manager`. @default NodePackageManager.AUTO */
  readonly packageManager?: NodePackageManager;
  /** The default of the param `scripts`: package.json scripts run after the install, separated by spaces. @default 'lint test' */
  readonly scripts?: string;
}

/**
 * The Task `node-check`: installs a Node.js project's packages exactly as its lock file pins them (`npm ci`,
 * `pnpm install --frozen-lockfile`, `yarn install --immutable`), then runs its `package.json` scripts
 * (script: `lib/catalog/scripts/node-check.ts`), in the workspace `source`.
 *
 * The image is `node:22.21.1-bookworm-slim`; the step runs as 65532, like every
 * catalog step, under the "restricted" Pod Security profile, with `HOME` in `/tmp`.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const lint = new NodeCheckTask(chart, 'shop-lint', { scripts: 'lint' });
 * new AppDelivery(team, 'shop', { ..., ci: { gitCredentialsSecret: 'git', checks: [{ name: 'lint', task: lint }] } });
 */
export class NodeCheckTask extends Task {
  /** npm, pnpm, yarn or auto. */
  public readonly packageManager: Param;
  /** The scripts to run, separated by spaces. */
  public readonly scripts: Param;
  /** The project. */
  public readonly source: TaskWorkspace;
  /** The package manager that ran. */
  public readonly usedPackageManager: TaskResult;

  constructor(scope: Construct, id: string, props: NodeCheckTaskProps = {}) {
    super(scope, id, scriptTaskProps({ scope, id }, nodeCheckScript(), props, {
      name: 'node-check',
      description: 'Installs the Node.js project in the source workspace as its lock file pins it, then runs its package.json scripts.',
      step: 'check',
      computeResources: BUILD_STEP_RESOURCES,
      defaults: {
        ...(props.packageManager !== undefined ? { 'package-manager': props.packageManager } : {}),
        ...(props.scripts !== undefined ? { scripts: props.scripts } : {}),
      },
    }));
    if (props.packageManager !== undefined && !Object.values(NodePackageManager).includes(props.packageManager)) {
      fail(this, 'packageManager', props.packageManager, 'is not a package manager this Task runs', 'Use NodePackageManager.AUTO, NPM, PNPM or YARN');
    }
    if (props.scripts !== undefined && !/^\s*[A-Za-z0-9_.:][-A-Za-z0-9_.:]*(\s+[A-Za-z0-9_.:][-A-Za-z0-9_.:]*)*\s*$/.test(props.scripts)) {
      fail(this, 'scripts', props.scripts, 'is not a list of package.json script names', 'Pass names separated by spaces, e.g. \'lint test\'');
    }
    this.packageManager = this.param('package-manager');
    this.scripts = this.param('scripts');
    this.source = this.workspace('source');
    this.usedPackageManager = this.result('package-manager');
  }
}
