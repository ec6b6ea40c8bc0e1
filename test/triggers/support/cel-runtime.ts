// Triggers' CEL interceptor environment on @bufbuild/cel: the variables body, header (map of canonical
// header name to list of values), extensions and requestURL, cel-go's strings extension, and the Triggers
// extension functions our expressions use (match, canonical, truncate), written from
// tektoncd/triggers pkg/interceptors/cel.
import { CelList, CelMap, CelScalar, celEnv, celMethod, isCelError, isCelList, isCelMap, mapType, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { canonicalHeader } from './jsonpath';

const MAP_STRING_DYN = mapType(CelScalar.STRING, CelScalar.DYN);

function firstHeaderValue(headers: CelMap, name: string): string {
  const values = headers.get(canonicalHeader(name));
  if (values === undefined) return '';
  if (isCelList(values)) return values.size > 0 ? String(values.get(0)) : '';
  return String(values);
}

/** `header.match(name, value)`: Go's `http.Header.Get(name) == value`. */
const match = celMethod('match', MAP_STRING_DYN, [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL,
  function (this: CelMap, name: string, value: string) { return firstHeaderValue(this, name) === value; });

/** `header.canonical(name)`: Go's `http.Header.Get(name)`. */
const canonical = celMethod('canonical', MAP_STRING_DYN, [CelScalar.STRING], CelScalar.STRING,
  function (this: CelMap, name: string) { return firstHeaderValue(this, name); });

/** `s.truncate(n)`: the first n characters of s, or s when it is shorter. */
const truncate = celMethod('truncate', CelScalar.STRING, [CelScalar.INT], CelScalar.STRING,
  function (this: string, n: bigint) { return this.slice(0, Number(n)); });

const ENV = celEnv({
  variables: { body: MAP_STRING_DYN, header: MAP_STRING_DYN, extensions: MAP_STRING_DYN, requestURL: CelScalar.STRING },
  funcs: [...strings, match, canonical, truncate],
});

/** The request a CEL interceptor sees. */
export interface CelRequest {
  readonly body: unknown;
  readonly header: { [name: string]: string | string[] };
  readonly extensions?: { [key: string]: unknown };
  readonly requestURL?: string;
}

/** Evaluates a CEL expression in Triggers' environment; returns the value as plain JSON, or throws the CEL error. */
export function evaluateCel(expression: string, request: CelRequest): unknown {
  const header: { [name: string]: string[] } = {};
  for (const [k, v] of Object.entries(request.header)) header[canonicalHeader(k)] = Array.isArray(v) ? v : [v];
  const run = plan(ENV, parse(expression));
  const result = run({
    body: request.body as any,
    header,
    extensions: (request.extensions ?? {}) as any,
    requestURL: request.requestURL ?? '/',
  });
  if (isCelError(result)) throw new Error(`CEL '${expression}': ${result.message}`);
  return toJson(result);
}

/** True when a CEL filter accepts the request: exactly `true`; an error rejects, as in Triggers. */
export function celFilterAccepts(filter: string, request: CelRequest): boolean {
  try {
    return evaluateCel(filter, request) === true;
  } catch {
    return false;
  }
}

function toJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (isCelList(v)) return [...(v as CelList)].map(toJson);
  if (isCelMap(v)) return Object.fromEntries([...(v as CelMap).entries()].map(([k, x]) => [String(k), toJson(x)]));
  return v;
}
