import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, problem, show } from './errors';

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

/**
 * Throws unless `value` is an object (not null, not an array) whose plain parts can be read ({@link requireReadable});
 * returns it.
 */
export function requireObject<T extends object>(scope: IConstruct, field: string, value: T | undefined, fix: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(scope, field, value, `is ${describeValue(value)}, not an object`, fix);
  }
  requireReadable(scope, field, value);
  return value;
}

/**
 * Throws in the library's format when something in `value` (props, say) would fail later, deep inside a
 * construct, with a foreign error: a property whose getter throws, a number that is `NaN` or infinite, a
 * cdk8s `Duration` or `Size` of such an amount (cdk8s makes them, and fails only when one is converted). It
 * reads plain objects and arrays through, and stops at instances of classes (constructs, handles).
 */
export function requireReadable(scope: IConstruct, field: string, value: unknown): void {
  const found = unreadable(value, field);
  if (found) fail(scope, ...found);
}

/**
 * What {@link requireReadable} finds first in `value`, as the arguments of `fail` after the scope; undefined
 * when nothing. The path of a value is spelled out only for what is found: props are read on every
 * construct, and most have nothing to find.
 */
function unreadable(value: unknown, field: string): [string, unknown, string, string] | undefined {
  const seen = new Set<unknown>();
  // The keys from `value` down to the value being read, and whether each is an array's.
  const keys: string[] = [];
  const inArray: boolean[] = [];
  const pathHere = () => {
    let at = field;
    for (let i = 0; i < keys.length; i++) {
      // A construct's props are named by their own fields, as everywhere else: `repository.url`, not `props.repository.url`.
      at = inArray[i] ? `${at}[${keys[i]}]` : i === 0 && field === 'props' ? keys[i]! : `${at}.${keys[i]}`;
    }
    return at;
  };
  const visit = (v: unknown): [string, unknown, string, string] | undefined => {
    if (typeof v === 'number' && !Number.isFinite(v)) return [pathHere(), v, 'is not a finite number', 'Give a number'];
    if (v === null || typeof v !== 'object' || seen.has(v)) return undefined;
    if (v instanceof Duration && !Number.isFinite(v.toMilliseconds({ integral: false }))) {
      return [pathHere(), 'Duration of NaN', 'is not a finite duration', 'Give a Duration of a number, e.g. Duration.minutes(5)'];
    }
    if (v instanceof Size && !Number.isFinite(v.toKibibytes({ rounding: SizeRoundingBehavior.NONE }))) {
      return [pathHere(), 'Size of NaN', 'is not a finite size', 'Give a Size of a number, e.g. Size.gibibytes(1)'];
    }
    const array = Array.isArray(v);
    const proto = Object.getPrototypeOf(v);
    if (!array && proto !== Object.prototype && proto !== null) return undefined;
    seen.add(v);
    for (const key of Object.keys(v)) {
      keys.push(key);
      inArray.push(array);
      let child: unknown;
      try {
        child = (v as { [key: string]: unknown })[key];
      } catch (e) {
        return [pathHere(), '(a getter)', `cannot be read: it throws '${e instanceof Error ? e.message : String(e)}'`, 'Give a plain value'];
      }
      const found = visit(child);
      if (found) return found;
      keys.pop();
      inArray.pop();
    }
    return undefined;
  };
  return visit(value);
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
 * {@link requireObject} (and {@link requireReadable}) for a construct's props before the construct exists (when they are needed in the
 * `super(...)` call): the message names the path the construct would have.
 */
export function requirePropsOf<T extends object>(scope: IConstruct, id: string, props: T | undefined, fix: string): T {
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new Error(`${path}: ${problem('props', props, `is ${describeValue(props)}, not an object`, fix)}`);
  }
  const found = unreadable(props, 'props');
  if (found) throw new Error(`${path}: ${problem(...found)}`);
  return props;
}

/**
 * `id`, after checking that it is a non-empty string and that `scope` is a construct with no child of that id
 * yet. Every construct of the library passes its id through this in its `super(...)` call: the constructs
 * library would say only "There is already a Construct with name '...'", naming neither the path nor the
 * construct that is there, or fail with a TypeError on an id that is not a string.
 *
 * @param fix how to fix a taken id, e.g. `'Give each team its own id'`
 */
export function freeId(scope: IConstruct, id: unknown, fix = 'Give each construct in a scope its own id'): string {
  if (scope === null || typeof scope !== 'object' || !(scope as { node?: unknown }).node) {
    throw new Error(`${typeof id === 'string' ? id : '(no id)'}: ${problem('scope', show(scope), `is ${describeValue(scope)}, not a construct`, 'Create it in a chart, an OpsRepo or another construct')}`);
  }
  if (typeof id !== 'string' || id === '') {
    fail(scope, 'id', id, typeof id === 'string' ? 'is empty' : `is ${describeValue(id)}, not a string`, 'Give the construct an id, e.g. \'go-sample-app\'');
  }
  const existing = scope.node.tryFindChild(id);
  if (existing) fail(scope, 'id', id, `is already the id of ${existing.node.path}`, fix);
  return id;
}
