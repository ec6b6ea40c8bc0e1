import { Construct } from 'constructs';
import { GitCloneTask, GoLintTask, GoTestTask, PinRevisionTask } from '../catalog';
import { ITaskReference, Pipeline, PipelineWorkspace } from '../tekton';
import { Param } from '../tekton/params';

/** Props for {@link DeliveryPipeline}. */
export interface DeliveryPipelineProps {
  /** The app's name: names the Pipeline (`<app>-delivery`) and is written into pin commits. */
  readonly appName: string;
  /** The ops repository's clone URL the pin step pushes to. */
  readonly opsUrl: string;
  /** The ops repository's branch. */
  readonly opsBranch: string;
  /** The pin file, relative to the ops repository root. */
  readonly pinFile: string;
  /** The synthesized kpack Image file whose revision the pin step moves with the pin file. */
  readonly imageFile: string;
  /**
   * The kpack Image as synthesis renders it at the null revision: the first pin writes it, as synthesis
   * renders no Image before it. @default - none: the Image file always exists
   */
  readonly imageTemplate?: string;
  /** The list of generated files, relative to the ops repository root (e.g. `dist/.generated-files`). @default - none */
  readonly generatedList?: string;
  /** Author of pin commits. */
  readonly author: { readonly name: string; readonly email: string };
  /** Task that lints the app, given workspace `source`. @default - golangci-lint over ./... */
  readonly lintTask?: ITaskReference;
  /** Task that tests the app, given workspace `source`. @default - go test -race -cover ./... */
  readonly testTask?: ITaskReference;
}

/**
 * The delivery Pipeline of one app: fetch the app repository at the pushed commit, lint and test it in
 * parallel, then pin the commit that was tested in the ops repository. The pin task clones the ops
 * repository itself: after a rejected push it must fetch again anyway, and one clone keeps the credentials
 * in one place.
 *
 * Params: `repo-url`, `revision`. Workspaces: `source` (the app clone, shared by the tasks: bind a
 * volumeClaimTemplate), `ops` (the pin task's scratch clone) and `git-credentials` (a `kubernetes.io/basic-auth`
 * Secret that may push to the ops repository).
 */
export class DeliveryPipeline extends Construct {
  /** The Pipeline. */
  public readonly pipeline: Pipeline;
  /** The `repo-url` param. */
  public readonly repoUrl: Param;
  /** The `revision` param: the commit to test and pin. */
  public readonly revision: Param;
  /** Workspace of the app clone. */
  public readonly source: PipelineWorkspace;
  /** Scratch workspace of the ops clone. */
  public readonly ops: PipelineWorkspace;
  /** Workspace of the git credentials. */
  public readonly gitCredentials: PipelineWorkspace;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    // Tasks are named after the app: tekton-lint reads the whole ops repository as one set of files and
    // keys Tasks by name alone, whatever their namespace (docs/tekton.md, "Many apps in one ops repo").
    const named = (task: string) => ({ name: `${props.appName}-${task}` });
    const clone = new GitCloneTask(this, 'git-clone', named('git-clone'));
    const lint = props.lintTask ?? new GoLintTask(this, 'golangci-lint', named('golangci-lint'));
    const test = props.testTask ?? new GoTestTask(this, 'golang-test', named('golang-test'));
    const pin = new PinRevisionTask(this, 'pin-revision', named('pin-revision'));

    const pipeline = new Pipeline(this, 'Resource', {
      name: `${props.appName}-delivery`,
      description: `Lints and tests each pushed commit of ${props.appName}; pins the tested commit in the ops repository.`,
    });
    this.pipeline = pipeline;
    this.repoUrl = pipeline.addParam('repo-url', { description: 'Clone URL of the app repository' });
    this.revision = pipeline.addParam('revision', { description: 'The commit (or branch) to test; the commit it resolves to is pinned' });
    this.source = pipeline.addWorkspace('source', { description: 'The app clone' });
    this.ops = pipeline.addWorkspace('ops', { description: 'Scratch space for the ops repository clone' });
    this.gitCredentials = pipeline.addWorkspace('git-credentials', { description: 'basic-auth Secret for the git repositories' });

    const fetch = pipeline.addTask('fetch-source', clone, {
      params: { url: this.repoUrl, revision: this.revision },
      workspaces: { 'output': this.source, 'git-credentials': this.gitCredentials },
    });
    const checks = [
      pipeline.addTask('lint', lint, { workspaces: { source: this.source }, runAfter: [fetch] }),
      pipeline.addTask('test', test, { workspaces: { source: this.source }, runAfter: [fetch] }),
    ];
    pipeline.addTask('pin-revision', pin, {
      params: {
        'app': props.appName,
        'revision': fetch.result('commit'),
        'ops-url': props.opsUrl,
        'ops-branch': props.opsBranch,
        'pin-file': props.pinFile,
        'image-file': props.imageFile,
        'author-name': props.author.name,
        'author-email': props.author.email,
        ...(props.imageTemplate !== undefined ? { 'image-template': props.imageTemplate } : {}),
        ...(props.generatedList !== undefined ? { 'generated-list': props.generatedList } : {}),
      },
      workspaces: { 'app-source': this.source, 'ops-checkout': this.ops, 'git-credentials': this.gitCredentials },
      runAfter: checks,
    });
    pipeline.addResult('pinned-revision', fetch.result('commit'), { description: 'The commit that was tested and pinned' });
  }
}
