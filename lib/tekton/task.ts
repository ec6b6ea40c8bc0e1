import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps } from '../core/resource';
import { ParamType, TaskRef, TaskSpec } from './api';
import { validateResourceName } from './names';
import { checkObjectMetadata } from './object-checks';
import { ParamInfo } from './params';
import { ResultInfo } from './results';
import { ITask, TaskDefinition, TaskDefinitionProps } from './task-definition';
import { WorkspaceInfo } from './workspaces';

/** Props for {@link Task}. */
export interface TaskProps extends TaskDefinitionProps, ResourceProps {
  /**
   * The Task object's metadata; its name is a DNS-1123 label starting with a letter.
   * @default - name: the construct id; namespace: the chart's
   */
  readonly metadata?: ApiObjectMetadata;
}

/** A param of a Task outside the app, as far as the Pipeline needs to know it. */
export interface ExternalParamOptions {
  /** The type. @default 'string' */
  readonly type?: ParamType;
  /** The param has a default, so passing it is optional. @default false */
  readonly optional?: boolean;
  /** Allowed values. @default - any */
  readonly enum?: string[];
  /** Keys of an object param. @default - none */
  readonly properties?: string[];
}

/** What a Task outside the app declares; whatever is given is checked where the Task is used. */
export interface TaskImportOptions {
  /** Its params. @default - not known, not checked */
  readonly params?: { [name: string]: ExternalParamOptions };
  /** Its workspaces, with whether each is optional. @default - not known, not checked */
  readonly workspaces?: { [name: string]: { readonly optional?: boolean } };
  /** Its results, with their types. @default - not known, not checked */
  readonly results?: { [name: string]: { readonly type?: ParamType; readonly properties?: string[] } };
}

/**
 * A Tekton `Task` (`tekton.dev/v1`): steps that run in one pod, with declared params, workspaces and results.
 * Params, workspaces and results are handles: use them in steps instead of writing `$(...)` by hand. Every
 * `$(...)` left in a step is still checked at synth, as are images (a tag or digest, not `latest`) and scripts
 * (a hashbang first).
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const task = new Task(chart, 'golang-test', { description: 'Runs go test' });
 * const pkg = task.addParam('package', { default: './...' });
 * const source = task.addWorkspace('source');
 * task.addStep({ name: 'test', image: 'docker.io/library/golang:1.23', workingDir: source.path,
 *   env: { PACKAGE: pkg.ref }, script: '#!/bin/sh\nset -eu\ngo test "$PACKAGE"\n' });
 */
export class Task extends TaskDefinition implements IResource {
  /**
   * A Task that is not part of this app, e.g. installed from the Tekton catalog. What `options` declares is
   * checked where it is used; nothing else can be. tekton-lint, which sees only this repository's files,
   * reports every reference to it as `no-missing-resource`.
   */
  public static fromName(name: string, options: TaskImportOptions = {}): ITask {
    return new ExternalTask(name, options);
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** Always `Task`. */
  public readonly kind = 'Task';
  /** `tekton.dev/v1`. */
  public readonly apiVersion = 'tekton.dev/v1';
  /** The Task for messages. */
  public readonly taskDescription: string;
  /** The Task object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: TaskProps = {}) {
    super(scope, id, props);
    this.name = validateResourceName(this, 'metadata.name', props.metadata?.name ?? id);
    this.taskDescription = `Task '${this.name}'`;
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.node.addValidation({ validate: () => [...this.checkDefinition(), ...checkObjectMetadata(this.resource)] });
  }

  /** The Task's namespace: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.resource.metadata.namespace;
  }

  /** A `taskRef` to this Task. */
  public renderReference(): { readonly taskRef: TaskRef } {
    return { taskRef: { name: this.name } };
  }
}

/** Props for {@link InlineTask}. */
export interface InlineTaskProps extends TaskDefinitionProps {}

/**
 * A Task written into the Pipelines that run it (`taskSpec`), not an object of its own: for small steps that
 * belong to one Pipeline. It is checked like a {@link Task}, under its own construct path.
 *
 * @see https://tekton.dev/docs/pipelines/pipelines/#adding-tasks-to-the-pipeline
 * @example
 * const verify = new InlineTask(chart, 'verify', {
 *   steps: [{ name: 'check', image: 'docker.io/library/alpine:3.20', env: { DIGEST: '$(params.digest)' }, script: '#!/bin/sh\ntest -n "$DIGEST"\n' }],
 *   params: { digest: {} },
 * });
 * pipeline.addTask('verify', verify, { params: { digest: build.result('digest') } });
 */
export class InlineTask extends TaskDefinition {
  /** The Task for messages. */
  public readonly taskDescription: string;

  constructor(scope: Construct, id: string, props: InlineTaskProps = {}) {
    super(scope, id, props);
    this.taskDescription = `inline Task '${id}'`;
    this.node.addValidation({ validate: () => this.checkDefinition() });
  }

  /** The Task's spec, embedded. */
  public renderReference(): { readonly taskSpec: TaskSpec } {
    return { taskSpec: this.renderSpec() };
  }
}

class ExternalTask implements ITask {
  public readonly taskDescription: string;
  public readonly params?: ParamInfo[];
  public readonly workspaces?: WorkspaceInfo[];
  public readonly results?: ResultInfo[];

  constructor(private readonly name: string, o: TaskImportOptions) {
    this.taskDescription = `Task '${name}' (outside this app)`;
    this.params = o.params && Object.entries(o.params).map(([n, p]) => ({
      name: n, type: p.type ?? 'string', required: !p.optional, enum: p.enum, properties: p.properties,
    }));
    this.workspaces = o.workspaces && Object.entries(o.workspaces).map(([n, w]) => ({ name: n, optional: w.optional ?? false }));
    this.results = o.results && Object.entries(o.results).map(([n, r]) => ({ name: n, type: r.type ?? 'string', properties: r.properties }));
  }

  public renderReference(): { readonly taskRef: TaskRef } {
    return { taskRef: { name: this.name } };
  }
}
