import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { requireArray, requireKind } from '../core/guards';
import { ParamEntry, PipelineTaskSpec } from './api';
import { validateResultName } from './names';
import { goDuration } from './run';
import { ITask } from './task-definition';
import { IExpressionValue, When } from './when';
import { PipelineWorkspace, WorkspaceBinding } from './workspaces';

/** What a failed pipeline task does to the run. */
export enum PipelineTaskOnError {
  /** Fail the PipelineRun (Tekton's default). */
  STOP_AND_FAIL = 'stopAndFail',
  /** Let dependent tasks run; the run can still succeed. */
  CONTINUE = 'continue',
}

/**
 * A value for a param of a pipeline task: a string (which may contain `$(...)`), an array, an object, or a
 * handle such as a Pipeline {@link Param} or another task's {@link PipelineTaskResult}.
 */
export type PipelineParamValue = string | string[] | { [key: string]: string } | IExpressionValue;

/** Options of `pipeline.addTask` and `pipeline.addFinally`. */
export interface PipelineTaskOptions {
  /** Values of the Task's params, by param name. @default - none */
  readonly params?: { [name: string]: PipelineParamValue };
  /** The Pipeline's workspaces bound to the Task's, by the Task's workspace name. @default - none */
  readonly workspaces?: { [taskWorkspace: string]: PipelineWorkspace | WorkspaceBinding };
  /**
   * Tasks this one runs after. Using another task's result already orders this task after it, so list only
   * tasks whose side effects (files in a workspace) this one needs. Not allowed on `finally` tasks.
   * @default - none
   */
  readonly runAfter?: PipelineTask[];
  /** Guards: the task is skipped unless all hold. @default - none */
  readonly when?: When[];
  /** How often to retry a failed run of the task. @default 0 */
  readonly retries?: number;
  /** How long the task may run. @default - Tekton's default (1h) */
  readonly timeout?: Duration;
  /** What a failure does to the run. @default PipelineTaskOnError.STOP_AND_FAIL */
  readonly onError?: PipelineTaskOnError;
  /** A name for UIs. @default - none */
  readonly displayName?: string;
  /** What the task does in this Pipeline. @default - none */
  readonly description?: string;
}

/**
 * A task of a Pipeline (`spec.tasks[]` or `spec.finally[]`), returned by `pipeline.addTask`. Read its
 * results with {@link PipelineTask.result}: using one in another task's params or `when` orders that task
 * after this one.
 */
export class PipelineTask {
  private readonly _params = new Map<string, PipelineParamValue>();
  private readonly _workspaces = new Map<string, WorkspaceBinding>();
  private readonly _runAfter: PipelineTask[] = [];
  private readonly _when: When[] = [];

  /** @internal */
  constructor(
    /** The Pipeline the task belongs to. */
    public readonly pipeline: IConstruct,
    /** The task's name in the Pipeline. */
    public readonly name: string,
    /** The Task it runs. */
    public readonly task: ITask,
    /** True for a `finally` task. */
    public readonly isFinally: boolean,
    private readonly options: PipelineTaskOptions) {
    if (options.retries !== undefined && (!Number.isInteger(options.retries) || options.retries < 0)) {
      fail(pipeline, `${this.field}.retries`, options.retries, 'is not a whole number from 0', 'Give the number of retries, e.g. 2');
    }
    if (options.onError !== undefined && !Object.values(PipelineTaskOnError).includes(options.onError)) {
      fail(pipeline, `${this.field}.onError`, options.onError, 'is not a valid value', 'Use PipelineTaskOnError.CONTINUE or STOP_AND_FAIL');
    }
    if (options.runAfter !== undefined) requireArray(pipeline, `${this.field}.runAfter`, options.runAfter, 'Pass a list of task handles, e.g. runAfter: [fetch]');
    for (const [n, v] of Object.entries(options.params ?? {})) this.addParam(n, v);
    for (const [n, b] of Object.entries(options.workspaces ?? {})) this.addWorkspace(n, b);
    this.addRunAfter(...(options.runAfter ?? []));
    this.addWhen(...(options.when ?? []));
  }

  /** The field of this task in messages, e.g. `spec.tasks[fetch]`. */
  public get field(): string {
    return `spec.${this.isFinally ? 'finally' : 'tasks'}[${this.name}]`;
  }

  /** A result of the task: `$(tasks.name.results.result)` (in a Pipeline's results, `$(finally.…)` for finally tasks). */
  public result(name: string): PipelineTaskResult {
    validateResultName(this.pipeline, `${this.field}.result`, name);
    return new PipelineTaskResult(this, name);
  }

  /** The task's outcome for `finally` tasks: `$(tasks.name.status)` (Succeeded, Failed or None). */
  public get status(): string {
    return `$(tasks.${this.name}.status)`;
  }

  /** Why the task ended, for `finally` tasks: `$(tasks.name.reason)`. */
  public get reason(): string {
    return `$(tasks.${this.name}.reason)`;
  }

  /** Sets the value of one of the Task's params. */
  public addParam(name: string, value: PipelineParamValue): void {
    if (this._params.has(name)) fail(this.pipeline, `${this.field}.params`, name, 'is given twice (tekton-lint\'s no-duplicate-param)', 'Give each param one value');
    this._params.set(name, value);
  }

  /** Binds one of the Task's workspaces to a workspace of the Pipeline. */
  public addWorkspace(taskWorkspace: string, binding: PipelineWorkspace | WorkspaceBinding): void {
    if (this._workspaces.has(taskWorkspace)) fail(this.pipeline, `${this.field}.workspaces`, taskWorkspace, 'is bound twice', 'Bind each workspace of the Task once');
    this._workspaces.set(taskWorkspace, binding instanceof WorkspaceBinding ? binding : new WorkspaceBinding(binding));
  }

  /** Orders this task after `tasks`. */
  public addRunAfter(...tasks: PipelineTask[]): void {
    for (const t of tasks) {
      requireKind(this.pipeline, `${this.field}.runAfter`, t, v => v instanceof PipelineTask, 'a task of this Pipeline',
        `Pass the handle addTask returned, e.g. const fetch = pipeline.addTask('fetch', ...); ... runAfter: [fetch]`);
      if (!this._runAfter.includes(t)) this._runAfter.push(t);
    }
  }

  /** Adds guards. */
  public addWhen(...when: When[]): void {
    when.forEach((w, i) => {
      requireKind(this.pipeline, `${this.field}.when`, w, (x: unknown) => x instanceof When, 'a When', 'Use When.in(...), When.notIn(...) or When.cel(...)');
      if (w.problem) throw new Error(`${this.pipeline.node.path}: ${this.field}.when[${this._when.length + i}].${w.problem}`);
    });
    this._when.push(...when);
  }

  /** The param values given, by name. */
  public get params(): ReadonlyMap<string, PipelineParamValue> {
    return this._params;
  }

  /** The workspace bindings, by the Task's workspace name. */
  public get workspaceBindings(): ReadonlyMap<string, WorkspaceBinding> {
    return this._workspaces;
  }

  /** The tasks this one explicitly runs after. */
  public get runAfter(): readonly PipelineTask[] {
    return this._runAfter;
  }

  /** The `when` guards. */
  public get when(): readonly When[] {
    return this._when;
  }

  /** The `spec.tasks[]`/`spec.finally[]` entry. */
  public toSpec(): PipelineTaskSpec {
    const o = this.options;
    const params: ParamEntry[] = [...this._params].map(([name, value]) => ({ name, value: renderValue(value) }));
    const workspaces = [...this._workspaces].map(([name, b]) => ({
      name, workspace: b.workspace.name, ...(b.subPath ? { subPath: b.subPath } : {}),
    }));
    return {
      name: this.name,
      ...(o.displayName ? { displayName: o.displayName } : {}),
      ...(o.description ? { description: o.description } : {}),
      ...this.task.renderReference(),
      ...(this._runAfter.length ? { runAfter: this._runAfter.map(t => t.name) } : {}),
      ...(params.length ? { params } : {}),
      ...(workspaces.length ? { workspaces } : {}),
      ...(this._when.length ? { when: this._when.map(w => w.toSpec()) } : {}),
      ...(o.retries ? { retries: o.retries } : {}),
      ...(o.timeout ? { timeout: goDuration(o.timeout) } : {}),
      ...(o.onError ? { onError: o.onError } : {}),
    };
  }
}

/**
 * A result of a pipeline task. In a template string it renders `$(tasks.t.results.r)`; pass it to another
 * task's params as is, which orders that task after this one.
 */
export class PipelineTaskResult implements IExpressionValue {
  /** @internal */
  constructor(
    /** The task that produces the result. */
    public readonly pipelineTask: PipelineTask,
    /** The result's name. */
    public readonly name: string,
    /** `[*]`, `[i]` or `.key`. */
    public readonly selector?: { readonly star?: true; readonly index?: number; readonly key?: string }) {}

  /** `$(tasks.t.results.r)`, with the selector if any. */
  public get ref(): string {
    const s = this.selector;
    const tail = s?.star ? '[*]' : s?.index !== undefined ? `[${s.index}]` : s?.key ? `.${s.key}` : '';
    return `$(${this.pipelineTask.isFinally ? 'finally' : 'tasks'}.${this.pipelineTask.name}.results.${this.name}${tail})`;
  }

  /** The whole value of an array or object result: `$(tasks.t.results.r[*])`. */
  public get all(): PipelineTaskResult {
    return new PipelineTaskResult(this.pipelineTask, this.name, { star: true });
  }

  /** One element of an array result: `$(tasks.t.results.r[i])`. */
  public item(index: number): PipelineTaskResult {
    return new PipelineTaskResult(this.pipelineTask, this.name, { index });
  }

  /** One key of an object result: `$(tasks.t.results.r.key)`. */
  public key(key: string): PipelineTaskResult {
    return new PipelineTaskResult(this.pipelineTask, this.name, { key });
  }

  /** The reference, for template strings. */
  public toString(): string {
    return this.ref;
  }
}

/** Renders a param value; handles become their reference. */
export function renderValue(value: PipelineParamValue): string | string[] | { [key: string]: string } {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  if (isExpressionValue(value)) return value.ref;
  return { ...value };
}

/** True for a handle (anything with a `ref`), false for a plain object value. */
export function isExpressionValue(value: unknown): value is IExpressionValue {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && typeof (value as { ref?: unknown }).ref === 'string' && Object.getPrototypeOf(value) !== Object.prototype;
}
