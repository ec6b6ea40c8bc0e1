import * as path from 'path';
import { App } from 'cdk8s';
import { TreeIndex } from '../core/tree-index';
import { Warnings } from '../core/warnings';
import { GENERATED_LIST, OutputFiles, renderApp, renderFilesAndObjects, renderInto, validateTree } from './render';
import { synthesisObserver, timing } from './synthesis-observer';
import { OutputPlan, OutputWriter } from './writer';

/** Props for {@link OpsApp}. */
export interface OpsAppProps {
  /**
   * The output directory. `cdk8s synth` passes its `--output` (from `cdk8s.yaml`) as `CDK8S_OUTDIR`.
   * @default - `$CDK8S_OUTDIR`, else `dist`
   */
  readonly outdir?: string;
}

/** What one {@link OpsApp.synthesize} did, and how long each phase took. */
export interface SynthReport {
  /** The files rendered, by path relative to the output directory. */
  readonly files: OutputFiles;
  /** What changed in the output directory. */
  readonly plan: OutputPlan;
  /** Warnings, as `<construct path>: <message>`. */
  readonly warnings: string[];
  /**
   * What was cleaned up first after a synthesis (or promote) that was killed: a switch finished, a staging
   * folder deleted, a stale lock taken over; one line each, empty when there was nothing.
   */
  readonly recovered: string[];
  /**
   * Milliseconds spent rendering every object to JSON and handing it to staging, which writes its YAML (for
   * a large output on a worker thread, in parallel with this and validation).
   */
  readonly renderMs: number;
  /** Milliseconds spent running every validation of the tree (the objects' JSON is rendered by then). */
  readonly validateMs: number;
  /** Milliseconds spent waiting for staging (YAML and files) to finish and moving the files into place. */
  readonly writeMs: number;
}

/**
 * The cdk8s App of an ops repo: every chart is a {@link FolderChart}, written to its own folder of the
 * output directory, one file per object, deterministically.
 *
 * Unlike `App.synth()`, {@link OpsApp.synth} validates the whole tree and renders everything in memory
 * before it touches the disk, writes only what changed, deletes only files an earlier synthesis generated
 * (listed in `dist/.generated-files`) and never overwrites a file it did not generate. Validation and
 * rendering share one index of the tree: cross-object checks look objects up instead of scanning the tree,
 * and each object is rendered once.
 *
 * @see https://cdk8s.io/docs/latest/basics/app/
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
    const { files, plan, warnings, recovered } = this.synthesize();
    for (const line of recovered) process.stderr.write(`${line}\n`);
    for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
    const count = (list: string[]) => list.filter(f => f !== GENERATED_LIST).length;
    process.stderr.write(`${this.outdir}: ${files.size - 1} files; ${count(plan.added)} added, `
      + `${count(plan.changed)} changed, ${count(plan.removed)} removed\n`);
  }

  /**
   * Validates and renders the output in memory, without touching the output directory: the files exactly as
   * {@link OpsApp.synth} would write them (the list of generated files included), and the warnings. This is
   * the way to look at the output from a program or a test; `plan` and `promote` compare and write what it
   * returns. Throws every validation problem at once.
   *
   * @example
   * const { files, warnings } = ops.render();
   * const image = YAML.parse(files.get('go-sample-app/kpack/image-go-sample-app.yaml')!);
   */
  public render(): { readonly files: OutputFiles; readonly warnings: string[] } {
    const files = renderApp(this);
    return { files, warnings: Warnings.collect(this) };
  }

  /**
   * {@link render}, and each object's rendered JSON by the path of its file: what that file's YAML parses
   * to. `plan` reads objects from it instead of parsing the YAML it has just written. A method, not a
   * function of `plan`'s module: the command runs its own copy of the library and the app another, and only
   * the app's copy renders under the index its own constructs read.
   * @internal
   */
  public _renderWithObjects(): { readonly files: OutputFiles; readonly objects: ReadonlyMap<string, unknown>; readonly warnings: string[] } {
    const rendered = TreeIndex.during(this, () => {
      validateTree(this);
      return renderFilesAndObjects(this);
    });
    return { ...rendered, warnings: Warnings.collect(this) };
  }

  /**
   * Validates, renders and writes the output directory, printing nothing (but a line when it waits for
   * another writer); reports what it did.
   *
   * The output directory's working tree is locked first (another synthesis or promote is waited for), and
   * what a killed writer left is cleaned up. Files are rendered and staged in a folder beside the output
   * directory (a folder that does not exist yet as a whole copy of it) while the tree is validated (for a
   * large output on a worker thread, which also writes the objects' YAML, so that work and the disk's
   * overlap with validation); only when validation passes and no foreign file is in the way does the
   * directory switch over, through a journal that a killed run's successor finishes
   * (lib/output/journal.ts). On any problem the staged files are deleted and the output directory is as it
   * was.
   */
  public synthesize(): SynthReport {
    return TreeIndex.during(this, index => {
      const t0 = timing();
      // A list that names files not ours stops synthesis here, before any work.
      const output = OutputWriter.open(this.outdir, `synth of ${this.outdir}`);
      try {
        const report = this.synthesizeInto(output, index.apiObjects.length, t0);
        // Under the lock still: the command that runs the app records what was written (lib/cli/synth-record.ts).
        synthesisObserver()?.synthesized({ outdir: path.resolve(this.outdir), shown: this.outdir, files: report.files, warnings: report.warnings });
        return report;
      } finally {
        output.close();
      }
    });
  }

  private synthesizeInto(output: OutputWriter, objects: number, t0: number): SynthReport {
    const stager = output.stager(objects);
    const texts = new Map<string, string>();
    let rendered: { readonly paths: string[]; readonly list: string };
    let t1: number;
    try {
      try {
        rendered = renderInto(this, {
          object: (rel, json) => stager.stageObject(rel, json),
          text: (rel, content) => {
            texts.set(rel, content);
            stager.stage(rel, content);
          },
        });
      } catch (e) {
        validateTree(this); // a tree that cannot render is usually an invalid one: report its problems first
        throw e;
      }
      t1 = timing();
      validateTree(this);
    } catch (e) {
      stager.abort();
      throw e;
    }
    const warnings = Warnings.collect(this);
    const t2 = timing();
    texts.set(GENERATED_LIST, rendered.list);
    const yaml = output.finish(stager).rendered;
    const files: OutputFiles = new Map(rendered.paths.map(rel => [rel, texts.get(rel) ?? yaml.get(rel)!]));
    const plan = output.commit(files, stager);
    const t3 = timing();
    return { files, plan, warnings, recovered: output.recovered, renderMs: t1 - t0, validateMs: t2 - t1, writeMs: t3 - t2 };
  }
}
