import { GitHubEventName } from './github-events';

/**
 * Whether GitHub's payload of `event` has a field at `path`, by GitHub's webhook JSON schemas
 * (`@octokit/webhooks-schemas`, generated from GitHub's own webhook documentation): a field in any action's
 * variant of the event counts. Undefined when the schemas do not describe the event. The schemas are loaded
 * on first use.
 *
 * @see https://github.com/octokit/webhooks
 */
export function payloadHasPath(event: GitHubEventName, path: ReadonlyArray<string | number>): boolean | undefined {
  const variants = eventSchemas(event);
  if (variants.length === 0) return undefined;
  return variants.some(s => hasPath(s, path, 0));
}

type Schema = { [key: string]: any };

let definitions: { [name: string]: Schema } | undefined;
const byEvent = new Map<string, Schema[]>();

/** The schema of each action of `event`: definitions are named `<event>$<action>` (`push$event`, `pull_request$opened`). */
function eventSchemas(event: string): Schema[] {
  let found = byEvent.get(event);
  if (!found) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    definitions ??= (require('@octokit/webhooks-schemas') as { definitions: { [name: string]: Schema } }).definitions;
    const prefix = `${event}$`;
    found = Object.entries(definitions).filter(([name]) => name.startsWith(prefix)).map(([, s]) => s);
    byEvent.set(event, found);
  }
  return found;
}

function resolve(s: Schema): Schema {
  let node = s;
  for (let i = 0; i < 20 && typeof node?.$ref === 'string'; i++) {
    node = definitions![node.$ref.replace('#/definitions/', '')] ?? {};
  }
  return node ?? {};
}

function hasPath(schema: Schema, path: ReadonlyArray<string | number>, depth: number): boolean {
  const s = resolve(schema);
  if (depth === path.length) return true;
  const alternatives = [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])];
  if (alternatives.length > 0 && alternatives.some((a: Schema) => hasPath(a, path, depth))) return true;
  const key = path[depth];
  if (typeof key === 'number') {
    return s.items !== undefined && hasPath(Array.isArray(s.items) ? s.items[0] ?? {} : s.items, path, depth + 1);
  }
  if (s.properties && key in s.properties) return hasPath(s.properties[key], path, depth + 1);
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    return s.additionalProperties === true || hasPath(s.additionalProperties, path, depth + 1);
  }
  // A node that says nothing of its fields (no type, no properties) holds anything.
  return alternatives.length === 0 && s.properties === undefined && s.items === undefined && (s.type === undefined || s.type === 'object');
}
