import type { GitHubEventName } from './github-events';

/** What a TriggerBinding can read from an event: the JSON body, the HTTP headers, or interceptor extensions. */
export type EventRoot = 'body' | 'header' | 'extensions';

/** One `$(root.path)` expression of a binding value. */
export interface EventReference {
  /** Where the value comes from. */
  readonly root: EventRoot;
  /** Keys and array indexes below the root, e.g. `['commits', 0, 'id']`. Empty for the whole root. */
  readonly path: ReadonlyArray<string | number>;
}

type Part = { readonly literal: string } | { readonly ref: EventReference };

const ROOTS: readonly EventRoot[] = ['body', 'header', 'extensions'];
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
// Characters that end or break a key in Triggers' relaxed JSONPath; '.' may appear escaped as '\.'.
const KEY_BREAKERS = /[\s$(){}[\]*@?,'"\\]/;

/**
 * A TriggerBinding param value: literal text and `$(body...)`, `$(header...)` or `$(extensions...)`
 * expressions, which Triggers resolves against each event. Build one with the static factories (or the typed
 * helpers of `GitHubPush` / `GitHubPullRequest`) so the expressions are well-formed by construction.
 *
 * @example
 * EventValue.body('head_commit.id')                  // $(body.head_commit.id)
 * EventValue.header('X-GitHub-Event')                // $(header.X-GitHub-Event)
 * EventValue.concat('refs/', EventValue.extension('branch'))
 */
export class EventValue {
  /**
   * A field of the JSON body, in Triggers' path syntax: keys joined by '.', array indexes as `[n]`, a '.'
   * inside a key escaped as `\.`. An empty path is the whole body, as JSON.
   */
  public static body(path: string): EventValue {
    return EventValue.of('body', path, []);
  }

  /** An HTTP header, by name (Triggers matches header names case-insensitively). Several values are joined with ','. */
  public static header(name: string): EventValue {
    if (!HEADER_NAME.test(name)) {
      throw new Error(`header name '${name}' is not an HTTP header name of letters, digits and '-'`);
    }
    return new EventValue([{ ref: { root: 'header', path: [name] } }], []);
  }

  /** A key that an interceptor added to the event, e.g. a CEL overlay. Prefer the interceptor's `extension(key)`. */
  public static extension(key: string): EventValue {
    return EventValue.of('extensions', key, []);
  }

  /** Fixed text, the same for every event. */
  public static literal(text: string): EventValue {
    if (text.includes('$(')) throw new Error(`literal '${text}' contains '$(', which Triggers would read as an expression`);
    return new EventValue([{ literal: text }], []);
  }

  /** Text and values joined, e.g. `EventValue.concat(GitHubPush.cloneUrl, '#', GitHubPush.after)`. */
  public static concat(...parts: Array<EventValue | string>): EventValue {
    const values = parts.map(p => (typeof p === 'string' ? EventValue.literal(p) : p));
    return new EventValue(values.flatMap(v => v.parts), [...new Set(values.flatMap(v => v.events))], values.find(v => v.problem)?.problem);
  }

  /**
   * Reads a binding value written as text, e.g. `'$(body.repository.clone_url)'`. Throws an Error saying what
   * is wrong when an expression is malformed or reads something other than body, header and extensions.
   */
  public static parse(text: string): EventValue {
    const parts: Part[] = [];
    let rest = text;
    while (rest.length > 0) {
      const start = rest.indexOf('$(');
      if (start < 0) {
        parts.push({ literal: rest });
        break;
      }
      if (start > 0) parts.push({ literal: rest.slice(0, start) });
      const end = rest.indexOf(')', start);
      if (end < 0) throw new Error(`'${rest.slice(start)}' is not closed with ')'`);
      const inner = rest.slice(start + 2, end);
      if (inner.includes('$(')) throw new Error(`'${rest.slice(start, end + 1)}' nests one expression in another`);
      const dot = inner.search(/[.]/);
      const root = (dot < 0 ? inner : inner.slice(0, dot)) as EventRoot;
      if (!ROOTS.includes(root)) {
        throw new Error(`'$(${inner})' reads '${root}', but a TriggerBinding can read only body, header and extensions`);
      }
      parts.push(...EventValue.of(root, dot < 0 ? '' : inner.slice(dot + 1), []).parts);
      rest = rest.slice(end + 1);
    }
    return new EventValue(parts, []);
  }

  /** @internal A body field of a known GitHub event payload (used by the typed GitHub helpers). */
  public static _payloadField(path: string, event: GitHubEventName): EventValue {
    return EventValue.of('body', path, [event]);
  }

  private static of(root: EventRoot, path: string, events: GitHubEventName[]): EventValue {
    const segments = path === '' ? [] : parsePath(path);
    if (root === 'header' && (segments.length !== 1 || typeof segments[0] !== 'string' || !HEADER_NAME.test(segments[0]))) {
      throw new Error(`'$(header.${path})' is not one HTTP header name`);
    }
    return new EventValue([{ ref: { root, path: segments } }], events);
  }

  /** Every `$(...)` expression of the value, in order. */
  public readonly references: EventReference[];

  /**
   * The GitHub events whose payload this value reads, when it was built from a typed helper such as
   * `GitHubPush.headCommitId`; empty for untyped values.
   */
  public readonly events: GitHubEventName[];

  /**
   * A value that could not be made, with what is wrong with it: reported, with the construct path, by the
   * binding it is given to (a value is made before it has a place in the tree). For interceptors' helpers.
   */
  public static invalid(problem: string): EventValue {
    return new EventValue([], [], problem);
  }

  private constructor(private readonly parts: Part[], events: GitHubEventName[],
    /** What is wrong with the value, for a value made by {@link EventValue.invalid}. */
    public readonly problem?: string) {
    this.references = parts.flatMap(p => ('ref' in p ? [p.ref] : []));
    this.events = events;
  }

  /** The value as Triggers reads it, e.g. `$(body.head_commit.id)`. */
  public toString(): string {
    return this.parts.map(p => ('ref' in p ? renderReference(p.ref) : p.literal)).join('');
  }
}

/** Renders one reference as Triggers' `$(root.key[0].key)`, escaping '.' inside keys. */
export function renderReference(ref: EventReference): string {
  const path = ref.path.map(s => (typeof s === 'number' ? `[${s}]` : `.${s.replace(/\./g, '\\.')}`)).join('');
  return `$(${ref.root}${path})`;
}

function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const bad = (why: string): never => { throw new Error(`path '${path}' ${why}`); };
  let key = '';
  let keyOpen = true;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '.') {
      key += '.';
      i++;
    } else if (c === '.') {
      if (keyOpen && key === '') bad('has an empty key');
      if (keyOpen) out.push(key);
      key = '';
      keyOpen = true;
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      const index = close < 0 ? '' : path.slice(i + 1, close);
      if (!/^\d+$/.test(index)) bad('has an array index that is not a number in [ ]');
      if (keyOpen) {
        if (key === '') bad('has an index without a key');
        out.push(key);
        key = '';
        keyOpen = false;
      }
      out.push(Number(index));
      i = close;
    } else if (KEY_BREAKERS.test(c)) {
      bad(`has '${c}' in a key`);
    } else {
      if (!keyOpen) bad('continues after an index without \'.\'');
      key += c;
    }
  }
  if (keyOpen) {
    if (key === '') bad('ends with an empty key');
    out.push(key);
  }
  return out;
}
