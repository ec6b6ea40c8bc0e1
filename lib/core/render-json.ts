import { ApiObject, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/**
 * `obj.toJson()`, computed faster where that gives the same result: for an ApiObject that does not override
 * `toJson` (every object of this library's own L2 constructs) in an App with cdk8s's built-in resolvers
 * only. cdk8s resolves every value of every object by walking to the App and copying the key path at each
 * step (`resolve` in `cdk8s/lib/resolve.js`), most of the time a large ops repository spends rendering;
 * this walk applies the same three resolvers in the same order without that. Anything else (generated L1
 * classes, cdk8s-plus objects, Apps with resolvers of their own) goes through `toJson()` itself. A test
 * compares the two on every object the tests synthesize.
 */
export function renderJson(obj: ApiObject): any {
  if (obj.toJson !== ApiObject.prototype.toJson || !hasBuiltInResolversOnly(App.of(obj) as App)) return obj.toJson();
  try {
    const internals = obj as unknown as { readonly props: object; readonly patches: JsonPatch[] };
    const data = { ...internals.props, metadata: obj.metadata.toJson() };
    const json = resolveAndSanitize(data, !process.env.CDK8S_DISABLE_SORT);
    const patched = internals.patches.length > 0 ? JsonPatch.apply(json, ...internals.patches) : json;
    // apiVersion, kind and metadata first, as ApiObject.toJson orders them
    const result: { [key: string]: unknown } = {};
    for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (k in patched) result[k] = patched[k];
    }
    return result;
  } catch (e) {
    throw new Error(`Failed serializing construct at path '${obj.node.path}' with name '${obj.name}': ${e}`);
  }
}

const BUILT_IN = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];
const checkedApps = new WeakMap<App, boolean>();

function hasBuiltInResolversOnly(app: App): boolean {
  let result = checkedApps.get(app);
  if (result === undefined) {
    result = app.resolvers.length === BUILT_IN.length && app.resolvers.every((r, i) => r.constructor === BUILT_IN[i]);
    checkedApps.set(app, result);
  }
  return result;
}

/**
 * cdk8s's built-in resolvers, in their order (Lazy, implicit tokens, number-or-string unions), then its
 * `sanitizeValue` (`cdk8s/lib/_util.js`: no null or undefined values, keys sorted, plain objects only), in
 * one pass: `sanitizeValue(resolve(value))` without the intermediate copy.
 */
function resolveAndSanitize(value: any, sortKeys: boolean): any {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  if (value instanceof Lazy) return resolveAndSanitize(value.produce(), sortKeys);
  if (typeof value.resolve === 'function') return resolveAndSanitize(value.resolve(), sortKeys);
  if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
    return resolveAndSanitize({ value: value.value }, sortKeys);
  }
  if (typeof value === 'function') return value;
  if (Array.isArray(value)) return value.map(x => resolveAndSanitize(x, sortKeys));
  if (value.constructor.name !== 'Object') throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  const out: { [key: string]: unknown } = {};
  const keys = sortKeys ? Object.keys(value).sort() : Object.keys(value);
  for (const key of keys) {
    const inner = resolveAndSanitize(value[key], sortKeys);
    if (inner !== undefined) out[key] = inner;
  }
  return out;
}
