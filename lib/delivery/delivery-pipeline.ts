import { Construct } from 'constructs';
import { CopyCheckoutTask, GitCloneTask, GoLintTask, GoTestTask, PinRevisionTask } from '../catalog';
import { IExpressionValue, ITask, Pipeline, PipelineTask, PipelineTaskOptions, PipelineTaskResult, PipelineWorkspace, WorkspaceBinding } from '../tekton';
import { Param } from '../tekton/params';
import { checkDeliveryCheck, checkDeliveryChecks, DeliveryCheck } from './delivery-check';
import { freeId } from '../core/guards';

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
  /**
   * The checks each pushed commit must pass before it is pinned, each on its own copy of the checkout.
   * @default - `lint` (golangci-lint over ./...) and `test` (go test -race -cover ./...)
   */
  readonly checks?: DeliveryCheck[];
  /**
   * The base image whose tag a base-image run passes in the param `base-image-tag`: the pin records
   * `<image>:<tag>` in the Image's build variable `buildEnv` and in `file`. @default - none recorded
   */
  readonly baseImage?: { readonly image: string; readonly buildEnv: string; readonly file: string };
}

/** Where in the workspace `source` the clone goes, and under which directory each check's copy goes. */
const CHECKOUT_DIR = 'checkout';
const COPIES_DIR = 'checks';

/**
 * The delivery Pipeline of one app: fetch the app repository at the pushed commit, give every check a copy of
 * its own of the checkout, run the checks in parallel, then pin the commit that was tested in the ops
 * repository. The pin task clones the ops repository itself: after a rejected push it must fetch again anyway,
 * and one clone keeps the credentials in one place.
 *
 * No two tasks write to one tree at once: the clone is in `checkout/` of the workspace `source`, check `<name>`
 * works in `checks/<name>/` (copied by the task `copy-checkout`), and the pin reads `checkout/`, which no check
 * writes.
 *
 * Every part is a typed handle: {@link fetch}, {@link checks}, {@link pin}, the workspaces and {@link commit}.
 * Add a task between the checks and the pin with {@link addBeforePin}, another check with {@link addCheck}, or
 * a `finally` task with `pipeline.addFinally(...)`.
 *
 * Params: `repo-url`, `revision`. Workspaces: `source` (the app clone and the checks' copies: bind a
 * volumeClaimTemplate), `ops` (the pin task's scratch clone) and `git-credentials` (a `kubernetes.io/basic-auth`
 * Secret that may push to the ops repository).
 *
 * @see https://tekton.dev/docs/pipelines/pipelines/
 * @example
 * const scan = delivery.pipeline.addBeforePin('scan', trivy, { workspaces: { source: delivery.pipeline.checkout } });
 */
export class DeliveryPipeline extends Construct {
  /** The Pipeline. */
  public readonly pipeline: Pipeline;
  /** The `repo-url` param. */
  public readonly repoUrl: Param;
  /** The `revision` param: the commit to test and pin. */
  public readonly revision: Param;
  /** Workspace of the app clone and of the checks' copies of it. */
  public readonly source: PipelineWorkspace;
  /** The clone itself (`checkout/` of {@link source}): bind it to tasks that only read it. */
  public readonly checkout: WorkspaceBinding;
  /** Scratch workspace of the ops clone. */
  public readonly ops: PipelineWorkspace;
  /** Workspace of the git credentials. */
  public readonly gitCredentials: PipelineWorkspace;
  /** The task that clones the app repository at the pushed revision. */
  public readonly fetch: PipelineTask;
  /** The task that copies the checkout for each check. */
  public readonly copyCheckout: PipelineTask;
  /** The task that pins the tested commit in the ops repository; it runs after every check and {@link addBeforePin} task. */
  public readonly pin: PipelineTask;
  /** The commit the pushed revision resolved to, which is tested and pinned: the fetch task's result `commit`. */
  public readonly commit: PipelineTaskResult;
  private readonly _checks: PipelineTask[] = [];
  private readonly copyNames = new CopyNames();

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, freeId(scope, id));
    if (props.checks !== undefined) checkDeliveryChecks(this, 'checks', props.checks);
    // Tasks are named after the app: tekton-lint reads the whole ops repository as one set of files and
    // keys Tasks by name alone, whatever their namespace (docs/tekton.md, "Many apps in one ops repo").
    const named = (task: string) => ({ metadata: { name: `${props.appName}-${task}` } });
    const clone = new GitCloneTask(this, 'git-clone', named('git-clone'));
    const copy = new CopyCheckoutTask(this, 'copy-checkout', named('copy-checkout'));
    const pin = new PinRevisionTask(this, 'pin-revision', named('pin-revision'));

    const pipeline = new Pipeline(this, 'Resource', {
      metadata: { name: `${props.appName}-delivery` },
      description: `Checks each pushed commit of ${props.appName}; pins the tested commit in the ops repository.`,
    });
    this.pipeline = pipeline;
    this.repoUrl = pipeline.addParam('repo-url', { description: 'Clone URL of the app repository' });
    this.revision = pipeline.addParam('revision', { description: 'The commit (or branch) to test; the commit it resolves to is pinned' });
    const baseImageTag = props.baseImage ? pipeline.addParam('base-image-tag', {
      description: `The tag of ${props.baseImage.image} a base-image run checks, recorded with the pin; empty for a commit run`, default: '',
    }) : undefined;
    this.source = pipeline.addWorkspace('source', { description: 'The app clone and each check\'s copy of it' });
    this.ops = pipeline.addWorkspace('ops', { description: 'Scratch space for the ops repository clone' });
    this.gitCredentials = pipeline.addWorkspace('git-credentials', { description: 'basic-auth Secret for the git repositories' });
    this.checkout = this.source.subPath(CHECKOUT_DIR);

    this.fetch = pipeline.addTask('fetch-source', clone, {
      params: { url: this.repoUrl, revision: this.revision },
      workspaces: { 'output': this.checkout, 'git-credentials': this.gitCredentials },
    });
    this.commit = this.fetch.result('commit');
    this.copyCheckout = pipeline.addTask('copy-checkout', copy, {
      params: { names: this.copyNames },
      workspaces: { checkout: this.checkout, copies: this.source.subPath(COPIES_DIR) },
    });
    this.copyCheckout.addRunAfter(this.fetch);
    const checks = props.checks ?? [
      { name: 'lint', task: new GoLintTask(this, 'golangci-lint', named('golangci-lint')) },
      { name: 'test', task: new GoTestTask(this, 'golang-test', named('golang-test')) },
    ];
    for (const check of checks) this.addCheck(check);
    // Made after the checks so the Pipeline reads in the order it runs; checks added later are ordered by addCheck.
    this.pin = pipeline.addTask('pin-revision', pin, {
      params: {
        'app': props.appName,
        'revision': this.commit,
        'ops-url': props.opsUrl,
        'ops-branch': props.opsBranch,
        'pin-file': props.pinFile,
        'image-file': props.imageFile,
        'author-name': props.author.name,
        'author-email': props.author.email,
        ...(props.imageTemplate !== undefined ? { 'image-template': props.imageTemplate } : {}),
        ...(props.generatedList !== undefined ? { 'generated-list': props.generatedList } : {}),
        ...(props.baseImage && baseImageTag ? {
          'base-image-env': props.baseImage.buildEnv, 'base-image': props.baseImage.image, 'base-image-tag': baseImageTag, 'base-image-file': props.baseImage.file,
        } : {}),
      },
      workspaces: { 'app-source': this.checkout, 'ops-checkout': this.ops, 'git-credentials': this.gitCredentials },
      runAfter: this._checks,
    });
    pipeline.addResult('pinned-revision', this.commit, { description: 'The commit that was tested and pinned' });
  }

  /** The checks, in the order added. */
  public get checks(): readonly PipelineTask[] {
    return [...this._checks];
  }

  /**
   * Adds a check: it runs after the copy of the checkout, on a copy of its own at `checks/<name>/` of the
   * workspace `source`, and the pin waits for it.
   */
  public addCheck(check: DeliveryCheck): PipelineTask {
    checkDeliveryCheck(this, `checks[${check?.name}]`, check);
    const task = this.pipeline.addTask(check.name, check.task, {
      params: check.params,
      workspaces: { [check.workspace ?? 'source']: this.source.subPath(`${COPIES_DIR}/${check.name}`) },
      runAfter: [this.copyCheckout],
      timeout: check.timeout,
      retries: check.retries,
    });
    this.copyNames.add(check.name);
    this._checks.push(task);
    // Undefined only while the constructor adds the first checks; the pin then runs after all of them.
    if (this.pin) this.pin.addRunAfter(task);
    return task;
  }

  /**
   * Adds a task that runs after every check added so far and before the pin, e.g. a container scan or a
   * licence check. Bind {@link checkout} to let it read the clone (it must not write to it: the pin reads it),
   * or make it a check with {@link addCheck} to give it a copy of its own.
   */
  public addBeforePin(name: string, task: ITask, options: PipelineTaskOptions = {}): PipelineTask {
    const added = this.pipeline.addTask(name, task, { ...options, runAfter: [...this._checks, ...(options.runAfter ?? [])] });
    this.pin.addRunAfter(added);
    return added;
  }
}

/**
 * The names of the checks' copies as the value of the copy task's param `names`, read at synth, so checks
 * added after the Pipeline was made get their copy too.
 */
class CopyNames implements IExpressionValue {
  private readonly names: string[] = [];

  /** Adds a copy. */
  public add(name: string): void {
    this.names.push(name);
  }

  /** The names, separated by spaces. */
  public get ref(): string {
    return this.names.join(' ');
  }
}
