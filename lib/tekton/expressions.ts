import { problem } from '../core/errors';

/**
 * Tekton's `$(...)` variable substitution, parsed and checked at synth.
 *
 * Tekton replaces `$(params.x)`, `$(tasks.t.results.r)`, `$(workspaces.w.path)` and friends inside strings and
 * leaves everything else alone, so a misspelt variable is not an error in the cluster: it reaches the shell as
 * a command substitution. Here every `$(...)` in a string is classified as either a variable (checked against
 * what its context declares) or shell text (left alone), and the checks are shared by Tasks, Pipelines and
 * Tekton Triggers' TriggerTemplates (`$(tt.params.x)`), each with its own {@link ExpressionScope}.
 */

/** One `$(...)` occurrence in a string. */
export interface ExpressionMatch {
  /** The whole occurrence, e.g. `$(params.url)`. */
  readonly text: string;
  /** What is between the parentheses, e.g. `params.url`. */
  readonly body: string;
  /** Offset of the `$` in the string. */
  readonly index: number;
}

/** A Tekton variable reference such as `$(params.flags[*])`. */
export interface TektonVariable {
  /** The occurrence as written, e.g. `$(params.flags[*])`. */
  readonly text: string;
  /** The dotted path, e.g. `['params', 'flags']`. */
  readonly path: string[];
  /** `'*'` for `[*]` (a whole array or object), a number for `[i]`; undefined when there is none. */
  readonly selector?: '*' | number;
}

/** Where a string sits, which decides what a variable may stand for there. */
export interface ExpressionOccurrence {
  /** The field the string is in, for messages, e.g. `spec.steps[build].script`. */
  readonly field: string;
  /** The string is one element of an array field (`args`, `command`, an array param value). */
  readonly arrayItem?: boolean;
}

/** What a scope found wrong with a variable. */
export interface ExpressionFinding {
  /** What is wrong with the expression. */
  readonly whatIsWrong: string;
  /** How to fix it. */
  readonly howToFix: string;
}

/**
 * The variables one context substitutes: a Task's steps, a Pipeline's task params, a TriggerTemplate.
 *
 * @example
 * const scope: ExpressionScope = {
 *   owner: "TriggerTemplate 'build'",
 *   roots: ['tt'],
 *   check: v => v.path[0] !== 'tt' ? 'unknown'
 *     : declared.has(v.path[2]) ? undefined
 *     : { whatIsWrong: 'is not a param of the TriggerTemplate', howToFix: 'Declare it' },
 * };
 */
export interface ExpressionScope {
  /** The context, for messages, e.g. `Task 'git-clone'`. */
  readonly owner: string;
  /** The variable roots this context substitutes (`params`, `workspaces`...), listed when a variable is unknown. */
  readonly roots: string[];
  /**
   * Checks one variable: undefined when it resolves, a finding when it is wrong, `'unknown'` when this scope
   * does not substitute it at all (the caller then reports it as unknown or leaves shell text alone).
   * `isolated` is true when the variable is the whole string.
   */
  check(variable: TektonVariable, at: ExpressionOccurrence, isolated: boolean): ExpressionFinding | undefined | 'unknown';
}

/** Every root Tekton Pipelines or Triggers substitutes somewhere; used to tell a misplaced variable from shell text. */
const TEKTON_ROOTS = new Set(['params', 'tasks', 'finally', 'workspaces', 'results', 'steps', 'step', 'context',
  'credentials', 'inputs', 'outputs', 'resources', 'tt', 'body', 'header', 'extensions']);

const VARIABLE = /^([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)(?:\[(\*|[0-9]+)\])?$/;
const BRACKET_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\[\s*['"]/;
const ENV_LIKE = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Finds every `$(...)` in `value`, matching nested parentheses. Shell arithmetic `$((...))` is skipped.
 *
 * @example
 * findExpressions('echo $(params.a) $(date)').map(m => m.body) // ['params.a', 'date']
 */
export function findExpressions(value: string): ExpressionMatch[] {
  const out: ExpressionMatch[] = [];
  let i = value.indexOf('$(');
  while (i >= 0) {
    if (value[i + 2] === '(') {
      i = value.indexOf('$(', i + 3);
      continue;
    }
    let depth = 0;
    let end = -1;
    for (let j = i + 1; j < value.length; j++) {
      if (value[j] === '(') depth++;
      else if (value[j] === ')' && --depth === 0) {
        end = j;
        break;
      }
    }
    if (end < 0) break;
    out.push({ text: value.slice(i, end + 1), body: value.slice(i + 2, end), index: i });
    i = value.indexOf('$(', end + 1);
  }
  return out;
}

/** How one `$(...)` body reads: a variable, bracket notation (`params['x']`), or shell text such as `$(date)`. */
export type ParsedExpression =
  | { readonly kind: 'variable'; readonly variable: TektonVariable }
  | { readonly kind: 'bracket' }
  | { readonly kind: 'shell' };

/** Parses one `$(...)` occurrence. */
export function parseExpression(match: ExpressionMatch): ParsedExpression {
  const body = match.body.trim();
  if (BRACKET_NAME.test(body)) return { kind: 'bracket' };
  const m = VARIABLE.exec(body);
  if (!m) return { kind: 'shell' };
  const selector = m[2] === undefined ? undefined : m[2] === '*' ? '*' : Number(m[2]);
  return { kind: 'variable', variable: { text: match.text, path: m[1].split('.'), ...(selector !== undefined ? { selector } : {}) } };
}

/** One `$(...)` of a string and how it reads. */
interface ReadExpression { readonly match: ExpressionMatch; readonly parsed: ParsedExpression }

/**
 * The strings read so far: every `$(...)` in each, parsed. The same strings come back again and again (a
 * catalog Task's script, `$(params.revision)`, in every app of a large ops repository); a string's hash is
 * kept with it, so looking one up costs less than scanning it again. Dropped whole when it grows large.
 */
const readStrings = new Map<string, readonly ReadExpression[]>();
const READ_STRINGS_MAX = 20_000;

/** {@link findExpressions} and {@link parseExpression} of `value`, read once per distinct string. */
function expressionsIn(value: string): readonly ReadExpression[] {
  let read = readStrings.get(value);
  if (read === undefined) {
    read = Object.freeze(findExpressions(value).map(match => {
      const parsed = parseExpression(match);
      if (parsed.kind === 'variable') Object.freeze(Object.freeze(parsed.variable).path); // shared by every reader
      return Object.freeze({ match: Object.freeze(match), parsed: Object.freeze(parsed) });
    }));
    if (readStrings.size >= READ_STRINGS_MAX) readStrings.clear();
    readStrings.set(value, read);
  }
  return read;
}

/** The variables in a string, skipping shell text. */
export function variablesIn(value: string): TektonVariable[] {
  const out: TektonVariable[] = [];
  for (const { parsed } of expressionsIn(value)) if (parsed.kind === 'variable') out.push(parsed.variable);
  return out;
}

/**
 * Checks every `$(...)` in one string against a scope and returns the problems in the library's message form.
 * A variable no scope knows is an error when it looks like one (a dotted path, or an upper-case name such as
 * `$(GIT_COMMIT)`, which the shell would run as a command); lower-case words such as `$(date)` are shell.
 */
export function checkExpressions(value: string, at: ExpressionOccurrence, scope: ExpressionScope): string[] {
  const out: string[] = [];
  for (const { match, parsed } of expressionsIn(value)) {
    if (parsed.kind === 'shell') continue;
    if (parsed.kind === 'bracket') {
      out.push(problem(at.field, match.text, 'uses bracket notation',
        'Write the name with dots, e.g. $(params.name): names here never contain dots, and tekton-lint reads only the dotted form'));
      continue;
    }
    const v = parsed.variable;
    const found = scope.check(v, at, value === match.text);
    if (found === undefined) continue;
    if (found !== 'unknown') {
      out.push(problem(at.field, v.text, found.whatIsWrong, found.howToFix));
      continue;
    }
    const unknown = describeUnknown(v, scope);
    if (unknown) out.push(problem(at.field, v.text, unknown.whatIsWrong, unknown.howToFix));
  }
  return out;
}

function describeUnknown(v: TektonVariable, scope: ExpressionScope): ExpressionFinding | undefined {
  const roots = scope.roots.map(r => `$(${r}.…)`).join(', ');
  if (v.path.length === 1 && v.selector === undefined) {
    if (!ENV_LIKE.test(v.path[0])) return undefined;
    return {
      whatIsWrong: `is not a variable of ${scope.owner}: Tekton leaves it alone and the shell runs '${v.path[0]}' as a command`,
      howToFix: `Did you mean the shell's \${${v.path[0]}}? To pass a value in, declare a param and use $(params.${v.path[0].toLowerCase().replace(/_/g, '-')})`,
    };
  }
  if (TEKTON_ROOTS.has(v.path[0])) {
    return { whatIsWrong: `is not substituted in ${scope.owner}`, howToFix: `Use what this context provides: ${roots}` };
  }
  return { whatIsWrong: `is not a Tekton variable of ${scope.owner}`, howToFix: `Use ${roots}; for shell command substitution put a space or an argument in it` };
}

/**
 * Checks every string in a JSON value (for example a TriggerTemplate's resource templates). Array elements are
 * checked as array items; object keys are not checked.
 */
export function checkTree(value: unknown, field: string, scope: ExpressionScope, arrayItem = false): string[] {
  const out: string[] = [];
  forEachExpressionString(value, field, (text, fieldOf, item) => {
    out.push(...checkExpressions(text, { get field() { return fieldOf(); }, arrayItem: item }, scope));
  }, arrayItem);
  return out;
}

/**
 * Calls `visit` on every string in a JSON value that holds a `$(`, the only strings with anything to check,
 * with whether it is an array element and a function that names its field (`spec.steps[0].args[1]`). Field
 * names are built only for those strings: a Task's or Pipeline's tree has hundreds of keys and few
 * expressions, and validating a thousand apps visits millions of keys. Object keys are not visited.
 */
export function forEachExpressionString(value: unknown, field: string,
  visit: (text: string, field: () => string, arrayItem: boolean) => void, arrayItem = false): void {
  const path: Array<string | number> = [];
  const fieldOf = (segments: ReadonlyArray<string | number>) => () =>
    segments.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), field);
  const walk = (v: unknown, item: boolean): void => {
    if (typeof v === 'string') {
      if (v.includes('$(')) visit(v, fieldOf([...path]), item);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i], true);
        path.pop();
      }
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        path.push(k);
        walk((v as { [key: string]: unknown })[k], false);
        path.pop();
      }
    }
  };
  walk(value, arrayItem);
}

/**
 * A scope for one list of declared names under a fixed prefix, e.g. `$(tt.params.x)` for a TriggerTemplate.
 * Only `<prefix>.<name>` is accepted; the prefix's other variables are reported as unknown.
 *
 * @example
 * declaredNamesScope("TriggerTemplate 'build'", ['tt', 'params'], ['revision'], 'Declare it with template.addParam(...)')
 */
export function declaredNamesScope(owner: string, prefix: string[], names: string[], declareHint: string): ExpressionScope {
  const declared = new Set(names);
  return {
    owner,
    roots: [prefix.join('.')],
    check: v => {
      if (!prefix.every((p, i) => v.path[i] === p)) return 'unknown';
      const name = v.path[prefix.length];
      if (v.path.length !== prefix.length + 1 || v.selector !== undefined) {
        return { whatIsWrong: `is not of the form $(${prefix.join('.')}.<name>)`, howToFix: `Use $(${prefix.join('.')}.<name>)` };
      }
      if (declared.has(name)) return undefined;
      return { whatIsWrong: `names '${name}', which ${owner} does not declare`, howToFix: `${declareHint}; declared: ${[...declared].join(', ') || '(none)'}` };
    },
  };
}
