import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { Warnings } from '../core/warnings';
import { Sidecar, Step, StepTemplate, TaskRef, TaskSpec } from './api';
import { checkTree, variablesIn } from './expressions';
import { lintMisreadings } from './lint-notes';
import { Param, ParamInfo, ParamOptions } from './params';
import { ResultInfo, TaskResult, TaskResultOptions } from './results';
import { renderSidecar, renderStep, renderStepTemplate, SidecarProps, StepProps, StepTemplateProps } from './steps';
import { taskScope } from './task-scope';
import { TaskVolume } from './volumes';
import { TaskWorkspace, TaskWorkspaceOptions, WorkspaceInfo } from './workspaces';
import { freeId, requireReadable } from '../core/guards';

/**
 * A Task a Pipeline can run: a {@link Task} of this app (`taskRef`), an {@link InlineTask} (`taskSpec`), or a
 * Task outside the app ({@link Task.fromName}). What it declares is undefined when unknown, and then unchecked.
 */
export interface ITask {
  /** The Task for messages, e.g. `Task 'git-clone'`. */
  readonly taskDescription: string;
  /** Its params, or undefined when not known. */
  readonly params?: ParamInfo[];
  /** Its workspaces, or undefined when not known. */
  readonly workspaces?: WorkspaceInfo[];
  /** Its results, or undefined when not known. */
  readonly results?: ResultInfo[];
  /**
   * The namespace of the Task object, when it is a construct of this app with a namespace. (`| undefined`:
   * Task's getter may return undefined, which exactOptionalPropertyTypes tells apart from an absent property.)
   */
  readonly namespace?: string | undefined;
  /** The PipelineTask fields that select the Task: `taskRef` or `taskSpec`. */
  renderReference(): { readonly taskRef?: TaskRef; readonly taskSpec?: TaskSpec };
}

/** What a Task and an inline Task are made of. */
export interface TaskDefinitionProps {
  /** What the Task does. @default - none */
  readonly description?: string;
  /** A name for UIs. @default - none */
  readonly displayName?: string;
  /** Params by name; more can be added with `addParam`. @default - none */
  readonly params?: { [name: string]: ParamOptions };
  /** Workspaces by name; more with `addWorkspace`. @default - none */
  readonly workspaces?: { [name: string]: TaskWorkspaceOptions };
  /** Results by name; more with `addResult`. @default - none */
  readonly results?: { [name: string]: TaskResultOptions };
  /** Defaults every step inherits. @default - none */
  readonly stepTemplate?: StepTemplateProps;
  /** Steps, in order; more with `addStep`. A Task needs at least one. @default - none */
  readonly steps?: StepProps[];
  /** Sidecars; more with `addSidecar`. @default - none */
  readonly sidecars?: SidecarProps[];
  /** Volumes no step mounts yet (mounted volumes are declared by their mounts). @default - none */
  readonly volumes?: TaskVolume[];
}

/**
 * The body of a Task: params, workspaces, results, steps, sidecars and volumes, with the checks that need
 * only the Task itself. {@link Task} and {@link InlineTask} render it.
 * @see https://tekton.dev/docs/pipelines/tasks/
 */
export abstract class TaskDefinition extends Construct implements ITask {
  /** The Task for messages, e.g. `Task 'git-clone'`. */
  public abstract readonly taskDescription: string;

  private readonly _params = new Map<string, Param>();
  private readonly _workspaces = new Map<string, TaskWorkspace>();
  private readonly _results = new Map<string, TaskResult>();
  private readonly _steps: Step[] = [];
  private readonly _sidecars: Sidecar[] = [];
  private readonly _volumes = new Map<string, TaskVolume>();
  private readonly stepTemplateProps?: StepTemplateProps;
  private readonly _stepTemplate?: StepTemplate;

  protected constructor(scope: Construct, id: string, private readonly definition: TaskDefinitionProps) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', definition);
    this.stepTemplateProps = definition.stepTemplate;
    if (definition.stepTemplate) {
      const t = renderStepTemplate(this, definition.stepTemplate);
      this._stepTemplate = t.spec;
      t.volumes.forEach(v => this.addVolume(v));
    }
    for (const [name, o] of Object.entries(definition.params ?? {})) this.addParam(name, o);
    for (const [name, o] of Object.entries(definition.workspaces ?? {})) this.addWorkspace(name, o);
    for (const [name, o] of Object.entries(definition.results ?? {})) this.addResult(name, o);
    (definition.volumes ?? []).forEach(v => this.addVolume(v));
    (definition.steps ?? []).forEach(s => this.addStep(s));
    (definition.sidecars ?? []).forEach(s => this.addSidecar(s));
  }

  /** Declares a param; use the returned handle as `$(params.name)` in steps. */
  public addParam(name: string, options: ParamOptions = {}): Param {
    if (this._params.has(name)) fail(this, 'spec.params', name, 'is declared twice (tekton-lint\'s no-duplicate-param)', 'Give each param its own name');
    const p = Param.create(this, 'Task', name, options);
    this._params.set(name, p);
    return p;
  }

  /** Declares a workspace; its `.path` is where steps see it. */
  public addWorkspace(name: string, options: TaskWorkspaceOptions = {}): TaskWorkspace {
    if (this._workspaces.has(name)) fail(this, 'spec.workspaces', name, 'is declared twice', 'Give each workspace its own name');
    const w = TaskWorkspace.create(this, name, options);
    this._workspaces.set(name, w);
    return w;
  }

  /** Declares a result; a step writes it to `.path`. */
  public addResult(name: string, options: TaskResultOptions = {}): TaskResult {
    if (this._results.has(name)) fail(this, 'spec.results', name, 'is declared twice', 'Give each result its own name');
    const r = TaskResult.create(this, name, options);
    this._results.set(name, r);
    return r;
  }

  /** Appends a step; the volumes it mounts become volumes of the Task. */
  public addStep(props: StepProps): void {
    if (this._steps.some(s => s.name === props.name)) fail(this, 'spec.steps', props.name, 'is the name of another step', 'Give each step its own name');
    const s = renderStep(this, props, this.stepTemplateProps);
    s.volumes.forEach(v => this.addVolume(v));
    this._steps.push(s.spec);
  }

  /** Adds a sidecar; the volumes it mounts become volumes of the Task. */
  public addSidecar(props: SidecarProps): void {
    if (this._sidecars.some(s => s.name === props.name)) fail(this, 'spec.sidecars', props.name, 'is the name of another sidecar', 'Give each sidecar its own name');
    const s = renderSidecar(this, props);
    s.volumes.forEach(v => this.addVolume(v));
    this._sidecars.push(s.spec);
  }

  /** Declares a volume. Declaring the same volume again is a no-op; another volume with its name is an error. */
  public addVolume(volume: TaskVolume): void {
    const existing = this._volumes.get(volume.name);
    if (existing && JSON.stringify(existing.toSpec()) !== JSON.stringify(volume.toSpec())) {
      fail(this, 'spec.volumes', volume.name, 'is already the name of a different volume', 'Give each volume its own name, or mount the same TaskVolume');
    }
    this._volumes.set(volume.name, volume);
  }

  /** The param named `name`. */
  public param(name: string): Param {
    return this._params.get(name) ?? fail(this, 'spec.params', name, 'is not declared', `Use one of: ${[...this._params.keys()].join(', ') || '(none)'}`);
  }

  /** The workspace named `name`. */
  public workspace(name: string): TaskWorkspace {
    return this._workspaces.get(name) ?? fail(this, 'spec.workspaces', name, 'is not declared', `Use one of: ${[...this._workspaces.keys()].join(', ') || '(none)'}`);
  }

  /** The result named `name`. */
  public result(name: string): TaskResult {
    return this._results.get(name) ?? fail(this, 'spec.results', name, 'is not declared', `Use one of: ${[...this._results.keys()].join(', ') || '(none)'}`);
  }

  /** The declared params, in order. */
  public get params(): Param[] {
    return [...this._params.values()];
  }

  /** The declared workspaces, in order. */
  public get workspaces(): TaskWorkspace[] {
    return [...this._workspaces.values()];
  }

  /** The declared results, in order. */
  public get results(): TaskResult[] {
    return [...this._results.values()];
  }

  /** The PipelineTask fields that select this Task. */
  public abstract renderReference(): { readonly taskRef?: TaskRef; readonly taskSpec?: TaskSpec };

  /** The Task's `spec` as it is now. */
  public renderSpec(): TaskSpec {
    const d = this.definition;
    const list = <T>(xs: T[]) => (xs.length ? xs : undefined);
    const spec = {
      description: d.description,
      displayName: d.displayName,
      params: list(this.params.map(p => p.toSpec())),
      workspaces: list(this.workspaces.map(w => w.toSpec())),
      results: list(this.results.map(r => r.toSpec())),
      stepTemplate: this._stepTemplate && Object.keys(this._stepTemplate).length ? this._stepTemplate : undefined,
      steps: this._steps.map(s => ({ ...s })),
      sidecars: list(this._sidecars.map(s => ({ ...s }))),
      volumes: list([...this._volumes.values()].map(v => v.toSpec())),
    };
    return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as unknown as TaskSpec;
  }

  /**
   * The checks that need only this Task: at least one step, every `$(...)` resolves, mount paths are unique.
   * Records a warning for each param no step uses.
   */
  protected checkDefinition(): string[] {
    const out: string[] = [];
    if (this._steps.length === 0) {
      out.push(problem('spec.steps', [], 'is empty: a Task needs at least one step', 'Add one with addStep({ name, image, script })'));
    }
    const used = new Set<string>();
    const scope = taskScope({
      owner: this.taskDescription, params: this._params, workspaces: this._workspaces, results: this._results,
      stepNames: this._steps.map(s => s.name),
    }, used);
    const parts: Array<[unknown, string]> = [
      ...this._steps.map((s): [unknown, string] => [s, `spec.steps[${s.name}]`]),
      ...(this._stepTemplate ? [[this._stepTemplate, 'spec.stepTemplate'] as [unknown, string]] : []),
      ...this._sidecars.map((s): [unknown, string] => [s, `spec.sidecars[${s.name}]`]),
      ...[...this._volumes.values()].map((v): [unknown, string] => [v.toSpec(), `spec.volumes[${v.name}]`]),
      ...[...this._workspaces.values()].map((w): [unknown, string] => [w.toSpec(), `spec.workspaces[${w.name}]`]),
    ];
    for (const [value, field] of parts) {
      out.push(...checkTree(value, field, scope));
      lintMisreadings(value, field).forEach(w => Warnings.add(this, w));
    }
    for (const step of [...this._steps, ...this._sidecars]) this.warnParamsInScript(step);
    for (const p of this._params.values()) {
      if (!used.has(p.name)) {
        Warnings.add(this, problem('spec.params', p.name, 'is declared but nothing in the Task uses it (tekton-lint\'s no-unused-param)', `Use it as ${p.ref} or remove it`));
      }
    }
    out.push(...this.checkMountPaths());
    return out;
  }

  /**
   * A `$(params.x)` or `$(tasks.t.results.r)` in a script is replaced by the value before the shell reads the
   * script, so a value with quotes, `$(...)` or a newline (a branch name from a webhook, a result another task
   * wrote) runs as code. Through `env` it stays data. A warning, not an error: the value may be a constant the
   * Task's author controls.
   */
  private warnParamsInScript(step: { readonly name: string; readonly script?: string }): void {
    if (typeof step.script !== 'string') return;
    const seen = new Set<string>();
    for (const v of variablesIn(step.script)) {
      const param = v.path[0] === 'params';
      const result = v.path[0] === 'tasks' && v.path[2] === 'results';
      if ((!param && !result) || seen.has(v.text)) continue;
      seen.add(v.text);
      const words = param ? [v.path[1]] : [v.path[1], v.path[3]];
      const env = words.map(w => String(w)).join('_').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
      Warnings.add(this, problem(`spec.steps[${step.name}].script`, v.text,
        'is pasted into the script text: Tekton substitutes the value before the shell parses it, so a value with quotes, $(...) or a newline runs as code',
        `Pass it through the step's env instead: env: { ${env}: ${v.text} }, and read "$${env}" in the script`));
    }
  }

  private checkMountPaths(): string[] {
    // Steps may share a path (each is its own container); a workspace may not take a path a mount uses.
    const taken = new Map<string, string>();
    const clean = (path: string) => path.replace(/\/+$/, '');
    const mounts = [...this._steps, ...(this._stepTemplate ? [this._stepTemplate] : [])].flatMap(s => s.volumeMounts ?? []);
    for (const m of mounts) taken.set(clean(m.mountPath), `volume '${m.name}'`);
    const out: string[] = [];
    for (const w of this._workspaces.values()) {
      const other = taken.get(clean(w.mountPath));
      if (other) {
        out.push(problem(`spec.workspaces[${w.name}].mountPath`, w.mountPath, `is also the mount path of ${other}`,
          'Give each workspace its own mount path, apart from the steps\' volume mounts'));
      }
      taken.set(clean(w.mountPath), `workspace '${w.name}'`);
    }
    return out;
  }
}
