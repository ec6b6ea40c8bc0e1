import { IConstruct } from 'constructs';
import { Warnings } from '../../lib/core/warnings';
import { validateTree } from '../../lib/output/render';

/** The problems synthesis reports for the tree under `root` (empty when it validates), one per line. */
export function synthProblems(root: IConstruct): string[] {
  try {
    validateTree(root);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n  ').slice(1);
  }
}

/** The warnings recorded under `root`, after validation ran once (some checks record warnings while validating). */
export function synthWarnings(root: IConstruct): string[] {
  synthProblems(root);
  return Warnings.collect(root);
}

/** The message `fn` throws, or '' when it does not throw. */
export function thrown(fn: () => unknown): string {
  try {
    fn();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
