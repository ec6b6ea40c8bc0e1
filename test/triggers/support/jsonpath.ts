// A small evaluator of TriggerBinding values, written from Triggers' pkg/template (event.go, jsonpath.go):
// every `$(...)` in a value is a relaxed JSONPath (`body.a.b`, `commits[0].id`, `a\.b` for a key with a dot)
// over the event {body, header, extensions}; missing keys are errors, headers are canonicalised and their
// values joined with ','; strings are inserted raw, other values the way Go prints them.

/** The event a binding reads. */
export interface BindingEvent {
  readonly body: unknown;
  /** Request headers (any case), possibly with several values. */
  readonly header: { [name: string]: string | string[] };
  readonly extensions?: { [key: string]: unknown };
}

/** Resolves a binding value against an event, or throws saying which path is missing. */
export function resolveBindingValue(value: string, event: BindingEvent): string {
  const header: { [name: string]: string } = {};
  for (const [k, v] of Object.entries(event.header)) header[canonicalHeader(k)] = Array.isArray(v) ? v.join(',') : v;
  const root = { body: event.body, header, extensions: event.extensions ?? {} };
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('$(', i);
    if (start < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    const end = value.indexOf(')', start);
    if (end < 0) throw new Error(`unterminated expression in '${value}'`);
    out += text(lookup(root, value.slice(start + 2, end)));
    i = end + 1;
  }
  return out;
}

function lookup(root: any, expression: string): unknown {
  const segments = splitPath(expression);
  let current: any = root;
  const walked: string[] = [];
  segments.forEach((segment, index) => {
    const key = index === 1 && segments[0] === 'header' && typeof segment === 'string' ? canonicalHeader(segment) : segment;
    walked.push(String(segment));
    if (typeof key === 'number') {
      if (!Array.isArray(current) || key >= current.length) throw new Error(`$(${expression}): index ${walked.join('.')} is not found`);
      current = current[key];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !(key in current)) {
        throw new Error(`$(${expression}): ${walked.join('.')} is not found`);
      }
      current = current[key];
    }
  });
  return current;
}

function splitPath(expression: string): Array<string | number> {
  const out: Array<string | number> = [];
  let key = '';
  const flush = () => {
    if (key !== '') out.push(key);
    key = '';
  };
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '\\' && expression[i + 1] === '.') {
      key += '.';
      i++;
    } else if (c === '.') {
      flush();
    } else if (c === '[') {
      flush();
      const close = expression.indexOf(']', i);
      out.push(Number(expression.slice(i + 1, close)));
      i = close;
    } else {
      key += c;
    }
  }
  flush();
  return out;
}

/** Go's `http.CanonicalHeaderKey`. */
export function canonicalHeader(key: string): string {
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => `${sep}${c.toUpperCase()}`);
}

/** How Triggers prints a JSON value into a param: strings raw, numbers as Go's %v, objects and arrays as JSON. */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  return goJson(v);
}

/** Go's `%v` of a float64 (JSON numbers decode to float64): the shortest digits, with an exponent from 1e+06. */
export function goFloat(f: number): string {
  const [mantissa, exp] = f.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(f);
}

/** Go's `json.Marshal` of decoded JSON: object keys sorted. */
function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${goJson((v as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
