import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { requireArray, requireKind, requireObject, requireString } from '../core/guards';
import { NameFormat, validateName } from '../core/names';
import { ITask, PipelineParamValue } from '../tekton';

/**
 * One check of a delivery Pipeline: a Task that runs on its own copy of the pushed commit's checkout. Every
 * check runs after the clone, all of them in parallel, and the pin waits for all of them.
 *
 * @example
 * const checks: DeliveryCheck[] = [
 *   { name: 'lint', task: new NodeCheckTask(ciShared, 'shop-lint', { scripts: 'lint' }) },
 *   { name: 'test', task: new NodeCheckTask(ciShared, 'shop-test', { scripts: 'test' }) },
 * ];
 */
export interface DeliveryCheck {
  /** The check's name in the Pipeline and the directory of its copy of the checkout: a DNS label, not `fetch-source`, `copy-checkout` or `pin-revision`. */
  readonly name: string;
  /** The Task, from the catalog, the app's CI folder or a shared folder. */
  readonly task: ITask;
  /** The Task's workspace that receives the copy of the checkout. @default 'source' */
  readonly workspace?: string;
  /** Values of the Task's params. @default - none: the Task's defaults */
  readonly params?: { [name: string]: PipelineParamValue };
  /** How long the check may run. @default - Tekton's default (1h) */
  readonly timeout?: Duration;
  /** How often a failed run of the check is retried (each retry starts from the same copy). @default 0 */
  readonly retries?: number;
}

/** The names of the Pipeline's own tasks, which no check may take. */
export const RESERVED_TASK_NAMES: readonly string[] = ['fetch-source', 'copy-checkout', 'pin-revision'];

/** Throws for anything wrong with one check alone, also what only a JavaScript caller can get wrong. */
export function checkDeliveryCheck(scope: IConstruct, field: string, check: DeliveryCheck): void {
  requireObject(scope, field, check, 'Give { name: \'test\', task }');
  requireString(scope, `${field}.name`, check.name, 'Name the check, e.g. \'test\'');
  validateName(scope, `${field}.name`, check.name, { format: NameFormat.LABEL, maxLength: 63 });
  if (RESERVED_TASK_NAMES.includes(check.name)) {
    fail(scope, `${field}.name`, check.name, 'is the name of one of the delivery Pipeline\'s own tasks', 'Give the check another name, e.g. \'test\'');
  }
  requireKind(scope, `${field}.task`, check.task, (t: any) => t !== null && typeof t === 'object' && typeof t.renderReference === 'function',
    'a Task', 'Pass a Task object (a catalog Task, your own Task or InlineTask)');
  if (check.workspace !== undefined) requireString(scope, `${field}.workspace`, check.workspace, 'Name the Task\'s workspace that takes the checkout, e.g. \'source\'');
}

/** Throws for a list that is not one, is empty, or names a check twice. */
export function checkDeliveryChecks(scope: IConstruct, field: string, checks: DeliveryCheck[]): void {
  requireArray(scope, field, checks, 'Give a list of checks: [{ name: \'test\', task }]');
  if (checks.length === 0) {
    fail(scope, field, [], 'is empty, so every pushed commit would be pinned untested', 'Give at least one check, or leave checks out for the Go lint and test');
  }
  const seen = new Set<string>();
  checks.forEach((c, i) => {
    checkDeliveryCheck(scope, `${field}[${i}]`, c);
    if (seen.has(c.name)) fail(scope, `${field}[${i}].name`, c.name, 'is given twice', 'Give each check its own name');
    seen.add(c.name);
  });
}
