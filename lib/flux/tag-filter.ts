/**
 * `spec.filterTags` of an ImagePolicy: which tags are considered, and which part of them is compared.
 *
 * Flux compiles `pattern` with Go's RE2. It is checked here by compiling it as a JavaScript RegExp after
 * translating what RE2 writes differently (`(?P<name>...)` named groups, leading `(?i)`/`(?s)`/`(?m)`/`(?U)`
 * flags, `\z`); constructs RE2 does not support (lookarounds, backreferences) are rejected. Some differences
 * remain: RE2 character classes such as `[[:alpha:]]` and `\pN` are not checked beyond what JavaScript accepts.
 */
export interface TagFilter {
  /** Regular expression (Go RE2) a tag must match to be considered, e.g. `^main-[a-f0-9]+-(?P<ts>[0-9]+)$`. */
  readonly pattern: string;
  /**
   * The value compared instead of the whole tag, built from the pattern's groups: `$ts` or `${ts}` for a named
   * group, `$1` for a numbered one, `$$` for a literal `$`.
   * @default - the whole tag
   */
  readonly extract?: string;
}

/** One problem with a {@link TagFilter}, in the parts of a construct error. */
export interface TagFilterProblem {
  /** The field at fault. */
  readonly field: 'spec.filterTags.pattern' | 'spec.filterTags.extract';
  /** Its value. */
  readonly value: string;
  /** What is wrong with it. */
  readonly whatIsWrong: string;
  /** How to fix it. */
  readonly howToFix: string;
}

const UNSUPPORTED: Array<[RegExp, string]> = [
  [/\(\?<?[=!]/, 'uses a lookaround, which Go\'s RE2 (used by Flux) does not support'],
  [/\\[1-9]|\\k</, 'uses a backreference, which Go\'s RE2 (used by Flux) does not support'],
];

/** Checks a tag filter; returns the first problem, or undefined when Flux will accept it. */
export function checkTagFilter(filter: TagFilter): TagFilterProblem | undefined {
  const pattern = filter.pattern;
  const bad = (whatIsWrong: string, howToFix: string): TagFilterProblem =>
    ({ field: 'spec.filterTags.pattern', value: pattern, whatIsWrong, howToFix });
  if (pattern.length === 0) return bad('is empty', 'Give a pattern such as \'^v(?P<version>.*)$\', or leave filterTags out');
  for (const [re, what] of UNSUPPORTED) {
    if (re.test(pattern)) return bad(what, 'Rewrite the pattern without it');
  }
  let compiled: RegExp;
  try {
    compiled = toJsRegExp(pattern);
  } catch (e) {
    return bad(`does not compile (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`, 'Fix the regular expression');
  }
  if (filter.extract === undefined) return undefined;
  const groups = new RegExp(`${compiled.source}|`, compiled.flags).exec('')!.length - 1;
  const names = namedGroups(pattern);
  for (const ref of extractReferences(filter.extract)) {
    const missing = /^[0-9]+$/.test(ref) ? Number(ref) > groups : !names.includes(ref);
    if (missing) {
      const known = [...names.map(n => `$${n}`), ...Array.from({ length: groups }, (_, i) => `$${i + 1}`)];
      return {
        field: 'spec.filterTags.extract',
        value: filter.extract,
        whatIsWrong: `refers to group '${ref}', which pattern '${pattern}' does not have (Go would put an empty string there)`,
        howToFix: known.length ? `Use one of: ${known.join(', ')} (write \${name} when letters follow)` : 'Add a capture group such as (?P<version>...) to the pattern',
      };
    }
  }
  return undefined;
}

/** Translates RE2 syntax JavaScript writes differently, and compiles. Throws when it does not compile. */
function toJsRegExp(pattern: string): RegExp {
  let flags = '';
  let source = pattern;
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    flags = [...new Set(leading[1].replace('U', ''))].join('');
    source = source.slice(leading[0].length);
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$');
  return new RegExp(source, flags);
}

function namedGroups(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map(m => m[1]);
}

/** The group references in a Go `Regexp.Expand` template: `$name`, `${name}`, `$1`; `$$` is a literal `$`. */
export function extractReferences(template: string): string[] {
  const refs: string[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '$') continue;
    if (template[i + 1] === '$') {
      i++;
      continue;
    }
    const m = /^\{([A-Za-z0-9_]+)\}|^([A-Za-z0-9_]+)/.exec(template.slice(i + 1));
    if (!m) continue; // Go copies a malformed '$' as it is
    refs.push(m[1] ?? m[2]);
    i += m[0].length;
  }
  return refs;
}
