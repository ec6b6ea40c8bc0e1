import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { ParamType, TaskResultSpec } from './api';
import { validateResultName } from './names';
import { article } from './params';

const KEY_NAME = /^[_a-zA-Z][_a-zA-Z0-9-]*$/;

/** Options of `task.addResult`. */
export interface TaskResultOptions {
  /** The type. @default - `object` when `properties` are given, else `string` */
  readonly type?: ParamType;
  /** What the result holds. @default - none */
  readonly description?: string;
  /** The keys of an object result; required for `object`. @default - none */
  readonly properties?: string[];
}

/** What a Pipeline needs to know about one result of a Task. */
export interface ResultInfo {
  /** The result's name. */
  readonly name: string;
  /** The result's type. */
  readonly type: ParamType;
  /** Keys of an object result. */
  readonly properties?: string[];
}

/**
 * A result a Task declares. A step writes it to `.path` (`$(results.name.path)`); in a Pipeline, read it with
 * `pipelineTask.result('name')`.
 *
 * @example
 * const commit = task.addResult('commit', { description: 'The fetched commit SHA' });
 * task.addStep({ name: 'clone', image: GIT_IMAGE, env: { COMMIT_FILE: commit.path }, script: '#!/bin/sh\ngit rev-parse HEAD | tr -d \'\\n\' > "$COMMIT_FILE"\n' });
 */
export class TaskResult implements ResultInfo {
  /** @internal */
  public static create(owner: IConstruct, name: string, options: TaskResultOptions = {}): TaskResult {
    validateResultName(owner, 'spec.results', name);
    const type = options.type ?? (options.properties ? 'object' : 'string');
    const field = `spec.results[${name}]`;
    if (type === 'object') {
      const keys = options.properties ?? [];
      if (keys.length === 0) fail(owner, `${field}.properties`, keys, 'is empty for an object result', 'List the object\'s keys');
      for (const k of keys) {
        if (!KEY_NAME.test(k)) fail(owner, `${field}.properties`, k, 'is not a valid key name', 'Use letters, digits, \'_\' and \'-\'');
      }
    } else if (options.properties !== undefined) {
      fail(owner, `${field}.properties`, options.properties, `is set on ${article(type)} result`, 'Only object results have properties');
    }
    return new TaskResult(owner, name, type, options);
  }

  /** Keys of an object result. */
  public readonly properties?: string[];

  private constructor(
    /** The Task that declares it. */
    public readonly owner: IConstruct,
    /** The result's name. */
    public readonly name: string,
    /** The result's type. */
    public readonly type: ParamType,
    private readonly options: TaskResultOptions) {
    this.properties = options.properties;
  }

  /** The file a step writes the result to: `$(results.name.path)`. */
  public get path(): string {
    return `$(results.${this.name}.path)`;
  }

  /** The `spec.results[]` entry. */
  public toSpec(): TaskResultSpec {
    return {
      name: this.name,
      type: this.type,
      ...(this.options.description ? { description: this.options.description } : {}),
      ...(this.properties ? { properties: Object.fromEntries(this.properties.map(k => [k, { type: 'string' as const }])) } : {}),
    };
  }
}
