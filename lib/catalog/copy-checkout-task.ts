import { Construct } from 'constructs';
import { Param } from '../tekton/params';
import { Task } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { CatalogTaskProps, scriptTaskProps } from './catalog-task';
import { copyCheckoutScript } from './scripts/copy-checkout';

/** Props for {@link CopyCheckoutTask}. */
export interface CopyCheckoutTaskProps extends CatalogTaskProps {}

/**
 * The Task `copy-checkout`: copies the checkout in the workspace `checkout` to `<copies>/<name>` for each name
 * in the param `names` (script: `lib/catalog/scripts/copy-checkout.ts`), so checks that run in parallel never write to one tree.
 * The delivery Pipeline runs it between the clone and the checks.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const copy = new CopyCheckoutTask(chart, 'copy-checkout');
 * pipeline.addTask('copy-checkout', copy, {
 *   params: { names: 'lint test' },
 *   workspaces: { checkout: source.subPath('checkout'), copies: source.subPath('checks') },
 *   runAfter: [fetch],
 * });
 */
export class CopyCheckoutTask extends Task {
  /** The names of the copies, separated by spaces. */
  public readonly names: Param;
  /** The checkout to copy. */
  public readonly checkout: TaskWorkspace;
  /** Receives one directory per name. */
  public readonly copies: TaskWorkspace;

  constructor(scope: Construct, id: string, props: CopyCheckoutTaskProps = {}) {
    super(scope, id, scriptTaskProps({ scope, id }, copyCheckoutScript(), props, {
      name: 'copy-checkout',
      description: 'Copies the checkout once per check, so no two checks write to one tree.',
      step: 'copy',
    }));
    this.names = this.param('names');
    this.checkout = this.workspace('checkout');
    this.copies = this.workspace('copies');
  }
}
