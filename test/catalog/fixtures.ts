import { App, Testing } from 'cdk8s';
import { FolderChart } from '../../lib/output/folder-chart';
export { synthProblems, synthWarnings } from '../support/synth';

/** A fresh app with one FolderChart `ci` in namespace `ci`: constructs in it have paths `ci/<id>`. */
export function newChart(): { app: App; chart: FolderChart } {
  const app = Testing.app();
  return { app, chart: new FolderChart(app, 'ci', { folder: 'ci', namespace: 'ci' }) };
}

/** The one object of `kind` named `name` among synthesized objects. */
export function objectOf(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}
