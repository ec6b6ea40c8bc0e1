import { IConstruct } from 'constructs';
import { fail, show } from '../core/errors';
import { Warnings } from '../core/warnings';
import { ParamSpec, ParamType, ParamValue } from './api';
import { validateParamName } from './names';

const KEY_NAME = /^[_a-zA-Z][_a-zA-Z0-9-]*$/;

/** Options of a param (`task.addParam`, `pipeline.addParam`). */
export interface ParamOptions {
  /**
   * The type.
   * @default - `array` when `default` is an array, `object` when `default` is an object or `properties` are given, else `string`
   */
  readonly type?: ParamType;
  /** What the param is for, shown in UIs. @default - none */
  readonly description?: string;
  /** The value used when none is passed; without one, the param is required. @default - required */
  readonly default?: ParamValue;
  /** The only values a string param may take (Tekton's `enable-param-enum` feature). @default - any value */
  readonly enum?: string[];
  /** The keys of an object param; required for `object`. @default - none */
  readonly properties?: string[];
}

/** What a Pipeline needs to know about one param of a Task to check what it is given. */
export interface ParamInfo {
  /** The param's name. */
  readonly name: string;
  /** The param's type. */
  readonly type: ParamType;
  /** True when the param has no default. */
  readonly required: boolean;
  /** The only values a string param may take. @default - any value */
  readonly enum?: string[];
  /** Keys of an object param. */
  readonly properties?: string[];
}

/** Whose param it is: a Task's (used as `$(params.x)` in its steps) or a Pipeline's (in its task params). */
export type ParamOwnerKind = 'Task' | 'Pipeline';

/**
 * A declared param. Use it where its value is needed: in a template string it renders `$(params.name)`
 * (`$(params.name[*])` for an array or a whole object); pass it to a pipeline task's params as is.
 *
 * @example
 * const url = task.addParam('url', { description: 'Repository URL' });
 * task.addStep({ name: 'clone', image: GIT_IMAGE, env: { URL: url.ref }, script: '#!/bin/sh\ngit clone -- "$URL" .\n' });
 */
export class Param implements ParamInfo {
  /** @internal */
  public static create(owner: IConstruct, ownerKind: ParamOwnerKind, name: string, options: ParamOptions = {}): Param {
    const field = `spec.params[${name}]`;
    validateParamName(owner, 'spec.params', name);
    const type = options.type ?? inferType(options);
    checkDefault(owner, field, type, options.default);
    if (options.enum !== undefined) {
      if (type !== 'string') fail(owner, `${field}.enum`, options.enum, `is set on ${article(type)} param`, 'Only string params take an enum');
      if (options.enum.length === 0 || new Set(options.enum).size !== options.enum.length) {
        fail(owner, `${field}.enum`, options.enum, 'is empty or lists a value twice', 'List each allowed value once');
      }
      if (typeof options.default === 'string' && !options.enum.includes(options.default)) {
        fail(owner, `${field}.default`, options.default, 'is not one of the enum values', `Use one of: ${options.enum.join(', ')}`);
      }
    }
    if (type === 'object') {
      const keys = options.properties ?? [];
      if (keys.length === 0) fail(owner, `${field}.properties`, keys, 'is empty for an object param', 'List the object\'s keys, e.g. properties: [\'url\', \'revision\']');
      for (const k of keys) {
        if (!KEY_NAME.test(k)) fail(owner, `${field}.properties`, k, 'is not a valid key name', 'Use letters, digits, \'_\' and \'-\'');
      }
      const given = options.default as { [key: string]: string } | undefined;
      const missing = given ? keys.filter(k => !(k in given)) : [];
      if (missing.length) fail(owner, `${field}.default`, given, `lacks the keys ${missing.join(', ')}`, 'Give a value for every key in properties');
      if (given) {
        Warnings.add(owner, `${field}.default '${show(given)}' is an object, which tekton-lint's no-invalid-param-type reports as an error although Tekton v1 accepts it. Pass the object from the run instead if the output must be lint-clean`);
      }
    } else if (options.properties !== undefined) {
      fail(owner, `${field}.properties`, options.properties, `is set on ${article(type)} param`, 'Only object params have properties');
    }
    return new Param(owner, ownerKind, name, type, options);
  }

  /** The param's name. */
  public readonly name: string;
  /** The param's type. */
  public readonly type: ParamType;
  /** The description. */
  public readonly description?: string;
  /** The default value. */
  public readonly default?: ParamValue;
  /** Allowed values of a string param. */
  public readonly enum?: string[];
  /** Keys of an object param. */
  public readonly properties?: string[];

  private constructor(
    /** The Task or Pipeline that declares the param. */
    public readonly owner: IConstruct,
    /** Whether a Task or a Pipeline declares it. */
    public readonly ownerKind: ParamOwnerKind,
    name: string, type: ParamType, options: ParamOptions) {
    this.name = name;
    this.type = type;
    this.description = options.description;
    this.default = options.default;
    this.enum = options.enum;
    this.properties = options.properties;
  }

  /** True when the param has no default, so a value must be passed. */
  public get required(): boolean {
    return this.default === undefined;
  }

  /** `$(params.name)`; for an array or object, the whole value: `$(params.name[*])`. */
  public get ref(): string {
    return this.type === 'string' ? `$(params.${this.name})` : `$(params.${this.name}[*])`;
  }

  /** One element of an array param, `$(params.name[i])` (Tekton's array indexing is a beta feature). */
  public item(index: number): string {
    if (this.type !== 'array') fail(this.owner, `spec.params[${this.name}]`, this.name, `is ${article(this.type)} param, not an array`, 'Use .ref');
    if (!Number.isInteger(index) || index < 0) fail(this.owner, `spec.params[${this.name}]`, index, 'is not an array index', 'Use an integer from 0');
    return `$(params.${this.name}[${index}])`;
  }

  /** One key of an object param, `$(params.name.key)`. */
  public key(key: string): string {
    if (this.type !== 'object') fail(this.owner, `spec.params[${this.name}]`, this.name, `is ${article(this.type)} param, not an object`, 'Use .ref');
    if (!this.properties?.includes(key)) {
      fail(this.owner, `spec.params[${this.name}].properties`, key, 'is not a key of this object param', `Use one of: ${this.properties?.join(', ')}`);
    }
    return `$(params.${this.name}.${key})`;
  }

  /** The reference, so a param can be used in a template string. */
  public toString(): string {
    return this.ref;
  }

  /** The `spec.params[]` entry. */
  public toSpec(): ParamSpec {
    return {
      name: this.name,
      type: this.type,
      ...(this.description ? { description: this.description } : {}),
      ...(this.default !== undefined ? { default: this.default } : {}),
      ...(this.enum ? { enum: [...this.enum] } : {}),
      ...(this.properties ? { properties: Object.fromEntries(this.properties.map(k => [k, { type: 'string' as const }])) } : {}),
    };
  }
}

/** The type of a param value: a string, an array or an object. */
export function valueType(value: ParamValue): ParamType {
  return typeof value === 'string' ? 'string' : Array.isArray(value) ? 'array' : 'object';
}

/** `a string`, `an array`, `an object`. */
export function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function inferType(options: ParamOptions): ParamType {
  if (options.default !== undefined && typeof options.default === 'object') return Array.isArray(options.default) ? 'array' : 'object';
  return options.properties ? 'object' : 'string';
}

function checkDefault(owner: IConstruct, field: string, type: ParamType, value: unknown): void {
  if (value === undefined) return;
  const ok = type === 'string' ? typeof value === 'string'
    : type === 'array' ? Array.isArray(value) && value.every(v => typeof v === 'string')
      : value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(v => typeof v === 'string');
  if (!ok) {
    const expected = type === 'string' ? 'a string' : `${article(type)} of strings`;
    fail(owner, `${field}.default`, value, `is not ${expected}, as the param's type '${type}' requires (tekton-lint's no-invalid-param-type)`,
      type === 'string' ? 'Quote it as a string, e.g. "1"' : `Give ${article(type)} of strings`);
  }
}
