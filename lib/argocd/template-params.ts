/**
 * ApplicationSet template placeholders. With `goTemplate: true` they are Go template actions whose field
 * references (`{{.cluster}}`, `{{ .cluster | upper }}`, `{{index . "cluster"}}`) name generator parameters; with
 * `goTemplate: false` they are fasttemplate keys (`{{cluster}}`).
 */

/** The placeholders of one string. */
export interface Placeholders {
  /** The parameter names the string uses. */
  readonly keys: string[];
  /** Placeholders written in the other syntax, e.g. `{{cluster}}` with goTemplate, as `[placeholder, fix]`. */
  readonly wrongSyntax: Array<[string, string]>;
}

const ACTION = /\{\{(-?)(.*?)(-?)\}\}/gs;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The placeholders used in `text`. `elementKeys` helps to tell a misplaced fasttemplate key from a function. */
export function placeholdersIn(text: string, goTemplate: boolean, elementKeys: ReadonlySet<string>): Placeholders {
  const keys = new Set<string>();
  const wrongSyntax: Array<[string, string]> = [];
  for (const m of text.matchAll(ACTION)) {
    const body = m[2].trim();
    if (goTemplate) {
      if (body.startsWith('/*')) continue;
      if (IDENT.test(body) && elementKeys.has(body)) {
        wrongSyntax.push([m[0], `write {{.${body}}}: with goTemplate parameters are fields of '.'`]);
        continue;
      }
      // `.key` at the start of a command or argument; `$.key` is the same root.
      for (const f of body.matchAll(/(?:^|[\s(|,$])\.([A-Za-z_][A-Za-z0-9_]*)/g)) keys.add(f[1]);
      for (const f of body.matchAll(/\bindex\s+\$?\.\s+"([^"]+)"/g)) keys.add(f[1]);
    } else if (body.startsWith('.')) {
      wrongSyntax.push([m[0], `write {{${body.slice(1)}}}, or set goTemplate: true`]);
    } else if (body) {
      keys.add(body);
    }
  }
  return { keys: [...keys], wrongSyntax };
}

/**
 * `text` with the placeholders replaced by an element's values, or undefined when it holds an action this
 * cannot evaluate (a function or pipeline in a Go template).
 */
export function expandPlaceholders(text: string, element: { readonly [key: string]: string }, goTemplate: boolean): string | undefined {
  let unknown = false;
  const out = text.replace(ACTION, (whole, _l: string, inner: string) => {
    const body = inner.trim();
    const key = goTemplate ? (/^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(body)?.[1]) : body;
    if (key === undefined || !(key in element)) {
      unknown = true;
      return whole;
    }
    return element[key];
  });
  return unknown ? undefined : out;
}

/** Every string in a JSON value, with its JSON path (`.spec.source.path`, `.spec.syncPolicy.syncOptions[0]`). */
export function stringsIn(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}["${k}"]`));
  }
  return [];
}
