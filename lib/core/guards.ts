import { IConstruct } from 'constructs';
import { fail, problem } from './errors';

/**
 * Guards for what TypeScript checks but a JavaScript caller, a loose type (`any`, JSON input) or a cast can
 * still get wrong: each throws in the library's format, naming the construct path, the field, the value
 * and the fix, instead of letting a `TypeError` surface from deep inside a construct.
 */

/** What a value is, for messages: `a string`, `an array`, `an object`, `a ClusterStack`... */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'a plain object';
  }
  return `a ${typeof value}`;
}

/** Throws unless `value` is a non-empty string; returns it. */
export function requireString(scope: IConstruct, field: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    fail(scope, field, value, typeof value === 'string' ? 'is empty' : `is ${describeValue(value)}, not a string`, fix);
  }
  return value;
}

/** Throws unless `value` is an object (not null, not an array); returns it. */
export function requireObject<T extends object>(scope: IConstruct, field: string, value: T | undefined, fix: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(scope, field, value, `is ${describeValue(value)}, not an object`, fix);
  }
  return value;
}

/** Throws unless `value` is an array; returns it. */
export function requireArray<T>(scope: IConstruct, field: string, value: T[] | undefined, fix: string): T[] {
  if (!Array.isArray(value)) fail(scope, field, value, `is ${describeValue(value)}, not an array`, fix);
  return value;
}

/**
 * Throws unless `value` is what `is` accepts (an instance of the expected class, or an object with the
 * expected members); `expected` names it for the message, e.g. `an ImageSource (ImageSource.gitCommit(...))`.
 */
export function requireKind<T>(scope: IConstruct, field: string, value: unknown, is: (v: any) => boolean, expected: string, fix: string): T {
  if (value === null || value === undefined || !is(value)) {
    fail(scope, field, value, `is ${describeValue(value)}, not ${expected}`, fix);
  }
  return value as T;
}

/**
 * {@link requireObject} for a construct's props before the construct exists (when they are needed in the
 * `super(...)` call): the message names the path the construct would have.
 */
export function requirePropsOf<T extends object>(scope: IConstruct, id: string, props: T | undefined, fix: string): T {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    throw new Error(`${path}: ${problem('props', props, `is ${describeValue(props)}, not an object`, fix)}`);
  }
  return props;
}
