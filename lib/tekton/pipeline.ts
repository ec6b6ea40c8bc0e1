import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps } from '../core/resource';
import { Warnings } from '../core/warnings';
import { ParamType, PipelineResultSpec, PipelineSpec } from './api';
import { validateLabel, validateResourceName, validateResultName } from './names';
import { Param, ParamOptions } from './params';
import { checkPipeline, PipelineResultDeclaration } from './pipeline-checks';
import { substitutedType } from './pipeline-scope';
import { PipelineParamValue, PipelineTask, PipelineTaskOptions, PipelineTaskResult, renderValue } from './pipeline-task';
import { DeclaredParam, DeclaredWorkspace, IPipeline } from './run';
import { checkObjectMetadata } from './object-checks';
import { ITask } from './task-definition';
import { PipelineWorkspace, PipelineWorkspaceOptions } from './workspaces';
import { freeId, requireReadable } from '../core/guards';

/** Props for {@link Pipeline}. */
export interface PipelineProps extends ResourceProps {
  /**
   * The Pipeline object's metadata; its name is a DNS-1123 label starting with a letter.
   * @default - name: the construct id; namespace: the chart's
   */
  readonly metadata?: ApiObjectMetadata;
  /** What the Pipeline does. @default - none */
  readonly description?: string;
  /** A name for UIs. @default - none */
  readonly displayName?: string;
  /** Params by name; more with `addParam`. @default - none */
  readonly params?: { [name: string]: ParamOptions };
  /** Workspaces by name; more with `addWorkspace`. @default - none */
  readonly workspaces?: { [name: string]: PipelineWorkspaceOptions };
}

/** Options of {@link Pipeline.addResult}. */
export interface PipelineResultOptions {
  /** What the result holds. @default - none */
  readonly description?: string;
  /** The type. @default - the type of the task result it is made of, else `string` */
  readonly type?: ParamType;
}

/**
 * A Tekton `Pipeline` (`tekton.dev/v1`): tasks wired by params, workspaces and results into a graph, plus
 * `finally` tasks. Tasks are added with {@link Pipeline.addTask}, which returns a handle whose results other
 * tasks read; reading a result orders the reader after the producer. At synth, everything Tekton would only
 * find when a run starts is checked: params passed and required, their types, workspaces, results, cycles,
 * and every `$(...)`.
 *
 * The Pipeline is the reference a `PipelineRun`, a `TriggerTemplate` or a `PipelineTrigger` runs: its
 * declared params and workspaces are what those check their values against.
 *
 * @see https://tekton.dev/docs/pipelines/pipelines/
 * @example
 * const pipeline = new Pipeline(chart, 'build-pipeline');
 * const repoUrl = pipeline.addParam('repo-url');
 * const source = pipeline.addWorkspace('source');
 * const fetch = pipeline.addTask('fetch', gitClone, { params: { url: repoUrl }, workspaces: { output: source } });
 * pipeline.addTask('test', goTest, { params: { revision: fetch.result('commit') }, workspaces: { source } });
 */
export class Pipeline extends Construct implements IPipeline, IResource {
  /**
   * A Pipeline that is not part of this app, e.g. installed from the Tekton catalog, by name: runs of it are
   * not checked against its params and workspaces.
   */
  public static fromName(name: string): IPipeline {
    return { name };
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** Always `Pipeline`. */
  public readonly kind = 'Pipeline';
  /** `tekton.dev/v1`. */
  public readonly apiVersion = 'tekton.dev/v1';
  /** The Pipeline object. */
  public readonly resource: ApiObject;

  private readonly _params = new Map<string, Param>();
  private readonly _workspaces = new Map<string, PipelineWorkspace>();
  private readonly _tasks: PipelineTask[] = [];
  private readonly _finally: PipelineTask[] = [];
  private readonly _results: Array<PipelineResultDeclaration & PipelineResultOptions> = [];

  constructor(scope: Construct, id: string, private readonly props: PipelineProps = {}) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    this.name = validateResourceName(this, 'metadata.name', props.metadata?.name ?? id);
    for (const [name, o] of Object.entries(props.params ?? {})) this.addParam(name, o);
    for (const [name, o] of Object.entries(props.workspaces ?? {})) this.addWorkspace(name, o);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.node.addValidation({ validate: () => this.validatePipeline() });
  }

  /** The params, as runs see them (computed when asked, so later additions count). */
  public get declaredParams(): DeclaredParam[] {
    return this.params.map(p => ({ name: p.name, type: p.type, required: p.required, ...(p.enum ? { enum: [...p.enum] } : {}) }));
  }

  /** The workspaces, as runs see them. */
  public get declaredWorkspaces(): DeclaredWorkspace[] {
    return this.workspaces.map(w => ({ name: w.name, optional: w.optional }));
  }

  /** The Pipeline's namespace: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.resource.metadata.namespace;
  }

  /** Declares a param; pass the returned handle to tasks' params. */
  public addParam(name: string, options: ParamOptions = {}): Param {
    if (this._params.has(name)) fail(this, 'spec.params', name, 'is declared twice (tekton-lint\'s no-duplicate-param)', 'Give each param its own name');
    const p = Param.create(this, 'Pipeline', name, options);
    this._params.set(name, p);
    return p;
  }

  /** Declares a workspace; bind the returned handle to tasks' workspaces. */
  public addWorkspace(name: string, options: PipelineWorkspaceOptions = {}): PipelineWorkspace {
    if (this._workspaces.has(name)) fail(this, 'spec.workspaces', name, 'is declared twice', 'Give each workspace its own name');
    const w = PipelineWorkspace.create(this, name, options);
    this._workspaces.set(name, w);
    return w;
  }

  /** Adds a task to the graph. It runs as soon as the tasks it reads results from and its `runAfter` are done. */
  public addTask(name: string, task: ITask, options: PipelineTaskOptions = {}): PipelineTask {
    return this.add(name, task, options, false);
  }

  /** Adds a `finally` task: it runs after all tasks, whether they succeeded or not, and may read their status. */
  public addFinally(name: string, task: ITask, options: PipelineTaskOptions = {}): PipelineTask {
    return this.add(name, task, options, true);
  }

  /** Declares a result of the Pipeline, made of task results (e.g. `fetch.result('commit')`). */
  public addResult(name: string, value: PipelineParamValue, options: PipelineResultOptions = {}): void {
    validateResultName(this, 'spec.results', name);
    if (this._results.some(r => r.name === name)) fail(this, 'spec.results', name, 'is declared twice', 'Give each result its own name');
    this._results.push({ name, value, ...options });
  }

  /** The param named `name`. */
  public param(name: string): Param {
    return this._params.get(name) ?? fail(this, 'spec.params', name, 'is not declared', `Use one of: ${[...this._params.keys()].join(', ') || '(none)'}`);
  }

  /** The workspace named `name`. */
  public workspace(name: string): PipelineWorkspace {
    return this._workspaces.get(name) ?? fail(this, 'spec.workspaces', name, 'is not declared', `Use one of: ${[...this._workspaces.keys()].join(', ') || '(none)'}`);
  }

  /** The task (or finally task) named `name`. */
  public task(name: string): PipelineTask {
    return [...this._tasks, ...this._finally].find(t => t.name === name)
      ?? fail(this, 'spec.tasks', name, 'is not a task of this Pipeline', `Use one of: ${[...this._tasks, ...this._finally].map(t => t.name).join(', ') || '(none)'}`);
  }

  /** The params, in order. */
  public get params(): Param[] {
    return [...this._params.values()];
  }

  /** The workspaces, in order. */
  public get workspaces(): PipelineWorkspace[] {
    return [...this._workspaces.values()];
  }

  /** The tasks, in order of addition. */
  public get tasks(): readonly PipelineTask[] {
    return [...this._tasks];
  }

  /** The finally tasks, in order of addition. */
  public get finallyTasks(): readonly PipelineTask[] {
    return [...this._finally];
  }

  /** The Pipeline's `spec` as it is now. */
  public renderSpec(): PipelineSpec {
    const p = this.props;
    const results: PipelineResultSpec[] = this._results.map(r => ({
      name: r.name,
      type: r.type ?? this.resultType(r.value),
      ...(r.description ? { description: r.description } : {}),
      value: renderValue(r.value),
    }));
    return {
      ...(p.description ? { description: p.description } : {}),
      ...(p.displayName ? { displayName: p.displayName } : {}),
      ...(this._params.size ? { params: this.params.map(x => x.toSpec()) } : {}),
      ...(this._workspaces.size ? { workspaces: this.workspaces.map(w => w.toSpec()) } : {}),
      ...(results.length ? { results } : {}),
      tasks: this._tasks.map(t => t.toSpec()),
      ...(this._finally.length ? { finally: this._finally.map(t => t.toSpec()) } : {}),
    };
  }

  private add(name: string, task: ITask, options: PipelineTaskOptions, isFinally: boolean): PipelineTask {
    validateLabel(this, isFinally ? 'spec.finally' : 'spec.tasks', name);
    if ([...this._tasks, ...this._finally].some(t => t.name === name)) {
      fail(this, isFinally ? 'spec.finally' : 'spec.tasks', name, 'is the name of another task of this Pipeline', 'Give each task its own name');
    }
    const pt = new PipelineTask(this, name, task, isFinally, options);
    (isFinally ? this._finally : this._tasks).push(pt);
    return pt;
  }

  private resultType(value: PipelineParamValue): ParamType {
    const rendered = renderValue(value);
    if (value instanceof PipelineTaskResult && value.selector?.star) {
      return value.pipelineTask.task.results?.find(r => r.name === value.name)?.type ?? 'string';
    }
    return substitutedType(this.model(), rendered);
  }

  private model() {
    return {
      construct: this, owner: `Pipeline '${this.name}'`, params: this._params, workspaces: this._workspaces,
      tasks: this._tasks, finally: this._finally, results: this._results, namespace: this.namespace,
    };
  }

  private validatePipeline(): string[] {
    const outcome = checkPipeline(this.model());
    outcome.warnings.forEach(w => Warnings.add(this, w));
    return [...outcome.problems, ...checkObjectMetadata(this.resource)];
  }
}
