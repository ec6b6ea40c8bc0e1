/** One field that differs between two versions of an object. */
export interface FieldChange {
  /** The field's path, e.g. `spec.template.spec.containers[app].image`. */
  readonly path: string;
  /** The value before; `undefined` when the field is new. */
  readonly before?: unknown;
  /** The value after; `undefined` when the field was removed. */
  readonly after?: unknown;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * The fields that differ between `before` and `after`, deepest first found, in key order. Lists whose
 * items are all objects with a distinct `name` (containers, env, ports, volumes) are compared item by
 * name, so inserting one item shows as one added item, not as every later item changed; other lists are
 * compared by position.
 */
export function diffFields(before: unknown, after: unknown, at = ''): FieldChange[] {
  if (equal(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const out: FieldChange[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) out.push(...diffFields(before[k], after[k], join(at, k)));
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const named = (before.length === 0 || byName(before)) && (after.length === 0 || byName(after));
    if (named) {
      const b = new Map(before.map((i: any) => [i.name, i]));
      const a = new Map(after.map((i: any) => [i.name, i]));
      const names = [...new Set([...b.keys(), ...a.keys()])];
      const out: FieldChange[] = [];
      for (const n of names) out.push(...diffFields(b.get(n), a.get(n), `${at}[${n}]`));
      return out;
    }
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffFields(before[i], after[i], `${at}[${i}]`));
    return out;
  }
  return [{ path: at || '(object)', ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

function join(at: string, key: string): string {
  if (PLAIN_KEY.test(key)) return at ? `${at}.${key}` : key;
  return `${at}[${JSON.stringify(key)}]`;
}

function byName(list: unknown[]): boolean {
  const names = new Set<unknown>();
  for (const i of list) {
    if (!isObject(i) || typeof i.name !== 'string' || names.has(i.name)) return false;
    names.add(i.name);
  }
  return list.length > 0;
}

function isObject(x: unknown): x is { [key: string]: unknown } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep equality of JSON values. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every(k => k in b && equal(a[k], b[k]));
  }
  return false;
}
