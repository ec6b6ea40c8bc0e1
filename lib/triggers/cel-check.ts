import { parse } from '@bufbuild/cel';

/** The variables Triggers' CEL interceptor declares. */
export const CEL_VARIABLES: readonly string[] = ['body', 'header', 'extensions', 'requestURL'];

// Triggers' CEL environment: CEL's standard library, cel-go's strings and encoders extensions and Triggers'
// own functions (pkg/interceptors/cel). Operators appear in the AST as functions such as `_==_`.
const STANDARD = [
  'size', 'int', 'uint', 'double', 'string', 'bytes', 'bool', 'dyn', 'type', 'duration', 'timestamp',
  'matches', 'contains', 'startsWith', 'endsWith', 'getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth',
  'getDate', 'getDayOfWeek', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds',
];
const STRINGS = ['charAt', 'indexOf', 'lastIndexOf', 'lowerAscii', 'upperAscii', 'replace', 'split', 'substring',
  'trim', 'join', 'quote', 'format', 'reverse'];
const ENCODERS = ['base64.encode', 'base64.decode'];
const TRIGGERS = ['match', 'canonical', 'truncate', 'compareSecret', 'parseJSON', 'parseYAML', 'parseURL',
  'marshalJSON', 'decodeb64'];

/** Every function a CEL interceptor expression may call, by name. */
export const CEL_FUNCTIONS: ReadonlySet<string> = new Set([...STANDARD, ...STRINGS, ...ENCODERS, ...TRIGGERS]);

/** What is wrong with a CEL expression, and how to fix it. */
export interface CelProblem {
  /** What is wrong with the expression. */
  readonly whatIsWrong: string;
  /** How to fix it. */
  readonly howToFix: string;
}

/**
 * Compiles a CEL interceptor expression the way Triggers will: parses it with `@bufbuild/cel`, then checks
 * that it reads only `body`, `header`, `extensions` and `requestURL`, calls only functions of Triggers' CEL
 * environment, and looks headers up by the canonical names Go gives them. Returns the first problem, or
 * `undefined` when the expression compiles.
 */
export function checkCelExpression(expression: string): CelProblem | undefined {
  const shape = literalShape(expression);
  if (!shape) return parseAndCheck(expression);
  let root = PARSED_SHAPES.get(shape.text);
  if (root === undefined) {
    try {
      root = parse(shape.text).expr;
    } catch {
      return parseAndCheck(expression); // with the real expression's own message
    }
    if (PARSED_SHAPES.size >= PARSED_SHAPES_MAX) PARSED_SHAPES.clear();
    PARSED_SHAPES.set(shape.text, root);
  }
  return walk(root, new Set(), shape.literals);
}

function parseAndCheck(expression: string): CelProblem | undefined {
  let root: any;
  try {
    root = parse(expression).expr;
  } catch (e) {
    return { whatIsWrong: `does not compile: ${(e as Error).message}`, howToFix: 'Fix the CEL syntax' };
  }
  return walk(root, new Set(), []);
}

/**
 * Parsed expressions by shape. The filters of many apps differ only in their string literals (the
 * repository's name, the branch), and parsing is most of a check's time, so an expression is parsed with
 * each literal's content replaced by its index (`'#0'`), once per shape; the check then reads the real
 * literal where the content matters (a header lookup). Only parses that succeed are kept.
 */
const PARSED_SHAPES = new Map<string, any>();
const PARSED_SHAPES_MAX = 1000;

/**
 * `expression` with the content of each string literal replaced by `#<index>`, and the literals, or
 * `undefined` for anything but plain one-line `'...'`/`"..."` literals without escapes (comments, raw or
 * bytes prefixes, triple quotes, quoted identifiers), which are then parsed as they are.
 */
function literalShape(expression: string): { text: string; literals: string[] } | undefined {
  const literals: string[] = [];
  let text = '';
  let from = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '`' || (c === '/' && expression[i + 1] === '/')) return undefined;
    if (c !== '\'' && c !== '"') continue;
    if (i > 0 && /[A-Za-z0-9_]/.test(expression[i - 1])) return undefined;
    const end = expression.indexOf(c, i + 1);
    if (end < 0 || (end === i + 1 && expression[i + 2] === c)) return undefined;
    const content = expression.slice(i + 1, end);
    if (/[\\\n\r]/.test(content)) return undefined;
    text += `${expression.slice(from, i + 1)}#${literals.length}`;
    literals.push(content);
    from = end;
    i = end;
  }
  return { text: text + expression.slice(from), literals };
}

/** The string a constant of the parsed shape stands for. */
function literal(value: string, literals: readonly string[]): string {
  return literals.length > 0 && /^#\d+$/.test(value) ? literals[Number(value.slice(1))] : value;
}

function walk(expr: any, bound: Set<string>, literals: readonly string[]): CelProblem | undefined {
  const kind = expr?.exprKind?.case;
  const v = expr?.exprKind?.value;
  switch (kind) {
    case 'identExpr':
      if (bound.has(v.name) || CEL_VARIABLES.includes(v.name)) return undefined;
      return {
        whatIsWrong: `reads '${v.name}', which the CEL interceptor does not provide`,
        howToFix: `Read only ${CEL_VARIABLES.join(', ')}`,
      };
    case 'selectExpr':
      return headerLookup(v.operand, v.field) ?? walk(v.operand, bound, literals);
    case 'callExpr':
      return checkCall(v, bound, literals);
    case 'listExpr':
      return first(v.elements, e => walk(e, bound, literals));
    case 'structExpr':
      return first(v.entries, (e: any) => (e.keyKind?.case === 'mapKey' ? walk(e.keyKind.value, bound, literals) : undefined) ?? walk(e.value, bound, literals));
    case 'comprehensionExpr': {
      const inner = new Set([...bound, v.iterVar, v.iterVar2, v.accuVar].filter(Boolean));
      return walk(v.iterRange, bound, literals) ?? walk(v.accuInit, bound, literals)
        ?? walk(v.loopCondition, inner, literals) ?? walk(v.loopStep, inner, literals) ?? walk(v.result, inner, literals);
    }
    default:
      return undefined;
  }
}

function checkCall(call: any, bound: Set<string>, literals: readonly string[]): CelProblem | undefined {
  const fn: string = call.function;
  const target = call.target;
  if (target?.exprKind?.case === 'identExpr' && target.exprKind.value.name === 'base64' && !bound.has('base64')) {
    if (CEL_FUNCTIONS.has(`base64.${fn}`)) return first(call.args, a => walk(a, bound, literals));
    return unknownFunction(`base64.${fn}`);
  }
  const operator = fn.startsWith('_') || fn.startsWith('!') || fn.startsWith('-') || fn.startsWith('@') || fn === 'not_strictly_false';
  if (!operator && !CEL_FUNCTIONS.has(fn)) return unknownFunction(fn);
  if (fn === '_[_]' && call.args.length === 2) {
    const key = call.args[1]?.exprKind;
    if (key?.case === 'constExpr' && key.value.constantKind?.case === 'stringValue') {
      const problem = headerLookup(call.args[0], literal(key.value.constantKind.value, literals));
      if (problem) return problem;
    }
  }
  return (target ? walk(target, bound, literals) : undefined) ?? first(call.args, a => walk(a, bound, literals));
}

function unknownFunction(fn: string): CelProblem {
  return {
    whatIsWrong: `calls '${fn}()', which is not a function of Triggers' CEL environment`,
    howToFix: 'Use CEL\'s standard functions, the strings extension or Triggers\' extensions (match, canonical, truncate, parseJSON, parseURL, ...)',
  };
}

// Go canonicalises request header names (X-GitHub-Event becomes X-Github-Event), so a map lookup by any
// other spelling finds nothing; `header.match()` and `header.canonical()` canonicalise for you.
function headerLookup(operand: any, key: string): CelProblem | undefined {
  if (operand?.exprKind?.case !== 'identExpr' || operand.exprKind.value.name !== 'header') return undefined;
  const canonical = canonicalHeaderKey(key);
  if (canonical === key) return undefined;
  return {
    whatIsWrong: `looks up header '${key}', but header names are canonical ('${canonical}'), so it is never found`,
    howToFix: `Use header.match('${key}', '<value>') or header.canonical('${key}')`,
  };
}

/** Go's `http.CanonicalHeaderKey`: the first letter and every letter after '-' upper case, the rest lower case. */
export function canonicalHeaderKey(key: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => `${sep}${c.toUpperCase()}`);
}

function first<T>(items: T[] | undefined, f: (item: T) => CelProblem | undefined): CelProblem | undefined {
  for (const item of items ?? []) {
    const problem = f(item);
    if (problem) return problem;
  }
  return undefined;
}
