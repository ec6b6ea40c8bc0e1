import { App, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Warnings } from '../../lib/core/warnings';
import { FolderChart } from '../../lib/output/folder-chart';
import { validateTree } from '../../lib/output/render';

/** A fresh app with one FolderChart `ci` in namespace `ci`: constructs in it have paths `ci/<id>`. */
export function newChart(): { app: App; chart: FolderChart } {
  const app = Testing.app();
  return { app, chart: new FolderChart(app, 'ci', { folder: 'ci', namespace: 'ci' }) };
}

/** The problems synthesis reports for the tree under `root`, one per entry (empty when it validates). */
export function synthProblems(root: IConstruct): string[] {
  try {
    validateTree(root);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n  ').slice(1);
  }
}

/** The warnings recorded under `root`, after validation ran once. */
export function synthWarnings(root: IConstruct): string[] {
  synthProblems(root);
  return Warnings.collect(root);
}

/** The one object of `kind` named `name` among synthesized objects. */
export function objectOf(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}
