import { App } from 'cdk8s';
import { Warnings } from '../core/warnings';
import { GENERATED_LIST, renderApp } from './render';
import { writeOutput } from './writer';

/** Props for {@link OpsApp}. */
export interface OpsAppProps {
  /**
   * The output directory. `cdk8s synth` passes its `--output` (from `cdk8s.yaml`) as `CDK8S_OUTDIR`.
   * @default - `$CDK8S_OUTDIR`, else `dist`
   */
  readonly outdir?: string;
}

/**
 * The cdk8s App of an ops repo: every chart is a {@link FolderChart}, written to its own folder of the
 * output directory, one file per object, deterministically.
 *
 * Unlike `App.synth()`, {@link OpsApp.synth} validates the whole tree and renders everything in memory
 * before it touches the disk, writes only what changed, deletes only files an earlier synthesis generated
 * (listed in `dist/.generated-files`) and never overwrites a file it did not generate.
 *
 * @example
 * const app = new OpsApp();
 * new FolderChart(app, 'tekton', { folder: 'tekton', namespace: 'ci' });
 * app.synth();
 */
export class OpsApp extends App {
  constructor(props: OpsAppProps = {}) {
    super({ outdir: props.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist' });
  }

  /** Validates, renders and writes the output directory; prints warnings and a one-line summary to stderr. */
  public synth(): void {
    const files = renderApp(this);
    for (const warning of Warnings.collect(this)) process.stderr.write(`warning: ${warning}\n`);
    const plan = writeOutput(this.outdir, files);
    const count = (list: string[]) => list.filter(f => f !== GENERATED_LIST).length;
    process.stderr.write(`${this.outdir}: ${files.size - 1} files; ${count(plan.added)} added, `
      + `${count(plan.changed)} changed, ${count(plan.removed)} removed\n`);
  }
}
