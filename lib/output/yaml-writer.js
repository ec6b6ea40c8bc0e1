// @ts-check
// Plain JavaScript (type-checked from its JSDoc) in one self-contained function, so that the thread that
// writes the output directory runs the very same code from its source text: synthesis renders objects to
// JSON on the main thread and hands them to that thread, which writes their YAML in parallel
// (lib/output/staging.ts). lib/output/yaml.ts is its typed face.
'use strict';

/**
 * A YAML writer for rendered Kubernetes objects, byte for byte as the `yaml` library writes them with
 * `{ lineWidth: 0 }`, except that a commit SHA (`isCommitSha`) is always double-quoted, and so is a
 * multi-line string with a line of only blanks, which the library's literal block would not read back as
 * written.
 *
 * Why not the library alone: building its document tree and stringifying it is most of the time synthesis
 * takes for a large ops repository (a CPU profile of 1,000 apps put 2.7 s of 7 s there). Objects rendered
 * by cdk8s are plain JSON, and nearly all their strings are plain scalars, so this writes the block
 * structure itself and asks the library only for what needs its judgement: every string that is not a
 * plain single-line scalar (quoted, block literals), every number that is not an integer, and every object
 * whose keys are not plain. The rule for "plain" is the library's own (`plainString` in
 * `yaml/dist/stringify/stringifyString.js`, and the core schema's tag tests); a property test compares the
 * two on arbitrary JSON and on every object the tests synthesize.
 *
 * Self-contained (it uses nothing but its parameters and the language's built-ins): a worker thread
 * rebuilds it from `createYamlWriter.toString()`.
 *
 * @param {typeof import('yaml')} YAML the `yaml` library
 * @param {(s: string) => boolean} isCommitSha
 * @returns {{ toYaml: (obj: unknown) => string, referenceYaml: (obj: unknown) => string }}
 */
function createYamlWriter(YAML, isCommitSha) {
  /** Thrown when a key is not a plain scalar: the whole object then goes to the library. */
  const NOT_PLAIN_KEY = Symbol('not a plain key');

  /** @param {unknown} obj */
  function toYaml(obj) {
    if (!isMap(obj) || Object.keys(obj).length === 0) return libraryYaml(obj);
    try {
      return mapEntries(obj, 0, false);
    } catch (e) {
      if (e !== NOT_PLAIN_KEY) throw e;
      return libraryYaml(obj);
    }
  }

  /**
   * The entries of a map whose keys start at `column`; the first one already placed when `inline`.
   * @param {{ [key: string]: unknown }} map
   * @param {number} column
   * @param {boolean} inline
   * @returns {string}
   */
  function mapEntries(map, column, inline) {
    const pad = indent(column);
    let out = '';
    let first = true;
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      if (!isPlain(key) || isCommitSha(key)) throw NOT_PLAIN_KEY;
      out += `${first && inline ? '' : pad}${key}:${valueText(value, column, 'map')}`;
      first = false;
    }
    return out;
  }

  /**
   * The items of a sequence whose dashes are at `column`; the first one already placed when `inline`.
   * @param {unknown[]} seq
   * @param {number} column
   * @param {boolean} inline
   * @returns {string}
   */
  function seqItems(seq, column, inline) {
    const pad = indent(column);
    let out = '';
    for (let i = 0; i < seq.length; i++) out += `${i === 0 && inline ? '' : pad}-${valueText(seq[i], column, 'seq')}`;
    return out;
  }

  /**
   * A value after its key's colon or its item's dash (at `column`), through to the end of its last line. In
   * a map, a nested collection starts on the next line, indented; in a sequence, on the same line.
   * @param {unknown} value
   * @param {number} column
   * @param {'map' | 'seq'} parent
   * @returns {string}
   */
  function valueText(value, column, parent) {
    if (value === null || value === undefined) return ' null\n';
    if (Array.isArray(value)) {
      if (value.length === 0) return ' []\n';
      return parent === 'map' ? `\n${seqItems(value, column + 2, false)}` : ` ${seqItems(value, column + 2, true)}`;
    }
    if (isMap(value)) {
      if (Object.keys(value).length === 0) return ' {}\n';
      return parent === 'map' ? `\n${mapEntries(value, column + 2, false)}` : ` ${mapEntries(value, column + 2, true)}`;
    }
    return ` ${scalar(value, column, parent)}\n`;
  }

  /**
   * @param {unknown} value
   * @param {number} column
   * @param {'map' | 'seq'} parent
   */
  function scalar(value, column, parent) {
    if (typeof value === 'string' && value.length >= LONG_STRING) return longScalar(value, column, parent);
    return scalarText(value, column, parent);
  }

  /**
   * Strings at least this long (scripts, mostly) are rendered once per value and place: every app of an ops
   * repository carries the same Tasks' scripts, kilobytes each (at 1,000 apps, 27 MB of the 60 MB written),
   * which would otherwise be scanned four times and copied once per app.
   */
  const LONG_STRING = 256;
  const LONG_SCALARS_MAX = 1024;
  /**
   * {@link longScalar}'s renderings: by place (`column * 2`, +1 in a sequence), then by value; bounded.
   * @type {Map<number, Map<string, string>>}
   */
  const LONG_SCALARS = new Map();
  let longScalarCount = 0;

  /**
   * @param {string} value
   * @param {number} column
   * @param {'map' | 'seq'} parent
   */
  function longScalar(value, column, parent) {
    const place = column * 2 + (parent === 'seq' ? 1 : 0);
    let byValue = LONG_SCALARS.get(place);
    const known = byValue?.get(value);
    if (known !== undefined) return known;
    const rendered = scalarText(value, column, parent);
    if (longScalarCount >= LONG_SCALARS_MAX) {
      LONG_SCALARS.clear();
      longScalarCount = 0;
      byValue = undefined;
    }
    if (!byValue) LONG_SCALARS.set(place, byValue = new Map());
    byValue.set(value, rendered);
    longScalarCount++;
    return rendered;
  }

  /**
   * @param {unknown} value
   * @param {number} column
   * @param {'map' | 'seq'} parent
   * @returns {string}
   */
  function scalarText(value, column, parent) {
    if (typeof value === 'string') {
      if (isCommitSha(value)) return `"${value}"`;
      if (isPlain(value)) return value;
      if (SIMPLE_BLOCK.test(value) && !hasBlankLine(value)) return literalBlock(value, indent(column + 2));
    } else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0))) {
      return String(value);
    }
    return libraryScalar(value, column, parent);
  }

  /**
   * The library's rendering of one scalar at this place: rendered at the same depth in a small document of
   * the same shape (a map value, or a sequence item, nested one level), then moved to `column`.
   * @param {unknown} value
   * @param {number} column
   * @param {'map' | 'seq'} parent
   */
  function libraryScalar(value, column, parent) {
    // The same few values recur in every app of an ops repository (param descriptions, `""`, `"true"`):
    // ask the library once per value and place.
    const key = typeof value === 'string' ? `${parent}${column}:${value}` : undefined;
    const known = key === undefined ? undefined : LIBRARY_SCALARS.get(key);
    if (known !== undefined) return known;
    const rendered = renderLibraryScalar(value, column, parent);
    if (key !== undefined) {
      if (LIBRARY_SCALARS.size >= LIBRARY_SCALARS_MAX) LIBRARY_SCALARS.clear();
      LIBRARY_SCALARS.set(key, rendered);
    }
    return rendered;
  }

  /**
   * {@link libraryScalar}'s renderings, by place and value; bounded, since values are user input.
   * @type {Map<string, string>}
   */
  const LIBRARY_SCALARS = new Map();
  const LIBRARY_SCALARS_MAX = 4096;

  /**
   * @param {unknown} value
   * @param {number} column
   * @param {'map' | 'seq'} parent
   */
  function renderLibraryScalar(value, column, parent) {
    const doc = libraryYaml({ a: parent === 'map' ? { b: value } : [value] });
    // 'a:\n  b: <value>\n' or 'a:\n  - <value>\n'; continuation lines are indented from column 2.
    const body = doc.slice(parent === 'map' ? 'a:\n  b: '.length : 'a:\n  - '.length, -1);
    const shift = column - 2;
    return body.replace(/\n( +)/g, (_m, /** @type {string} */ spaces) => `\n${' '.repeat(spaces.length + shift)}`);
  }

  /**
   * The `yaml` library's own output, commit SHAs and strings it cannot write as blocks double-quoted.
   * @param {unknown} obj
   */
  function libraryYaml(obj) {
    const doc = new YAML.Document(obj);
    YAML.visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && (isCommitSha(node.value) || hasBlankLine(node.value))) {
          node.type = YAML.Scalar.QUOTE_DOUBLE;
        }
      },
    });
    return doc.toString({ lineWidth: 0 });
  }

  /** A single-line string of printable ASCII only; anything else goes to the library. */
  const PRINTABLE = /^[\x20-\x7e]*$/;
  /** What `plainString` refuses to write plain (the library's own pattern, single-line cases). */
  const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;
  const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;
  /**
   * The core schema's implicit tags (null, bool, int, float): a string they match must be quoted.
   * @type {RegExp[]}
   */
  const IMPLICIT_TAGS = (() => {
    const schema = /** @type {{ tags: Array<{ default?: boolean, tag: string, test?: RegExp }> }} */ (/** @type {unknown} */ (new YAML.Document().schema));
    return schema.tags.filter(t => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test).map(t => /** @type {RegExp} */ (t.test));
  })();

  /**
   * @param {unknown} x
   * @returns {x is { [key: string]: unknown }}
   */
  function isMap(x) {
    return x !== null && typeof x === 'object' && !Array.isArray(x);
  }

  /**
   * Whether the library writes `s` as a plain scalar, as a key or a block-context value alike.
   * @param {string} s
   */
  function isPlain(s) {
    return s.length > 0 && (SIMPLE_WORD.test(s) ? !RESERVED_WORDS.has(s) : isPlainSlow(s));
  }

  /**
   * A lowercase word of letters, digits and dashes: plain unless the core schema reads it as a null or a
   * boolean (its numbers start with a digit, a sign or a dot). Most keys and names are such words.
   */
  const SIMPLE_WORD = /^[a-z][a-zA-Z0-9-]*$/;
  const RESERVED_WORDS = new Set(['null', 'true', 'false']);

  /** @param {string} s */
  function isPlainSlow(s) {
    return PRINTABLE.test(s) && !NOT_PLAIN.test(s) && !DOCUMENT_MARKER.test(s)
      && !IMPLICIT_TAGS.some(t => t.test(s));
  }

  /** @type {string[]} */
  const INDENTS = [];

  /** @param {number} column */
  function indent(column) {
    return INDENTS[column] ??= ' '.repeat(column);
  }

  /**
   * A multi-line string that the library writes as a literal block (`|`, `|-`) with no indentation
   * indicator: printable ASCII and newlines, starting and ending with a visible character, or ending with
   * one newline after a visible character (a script). `blockString` in the library keeps every line as it
   * is, indented, empty lines empty.
   */
  const SIMPLE_BLOCK = /^[\x21-\x7e](?=[^]*\n)[\x20-\x7e\n]*[\x21-\x7e]\n?$/;

  /**
   * @param {string} value
   * @param {string} indent
   */
  function literalBlock(value, indent) {
    const clip = value.endsWith('\n');
    const body = clip ? value.slice(0, -1) : value;
    return `|${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
  }

  /**
   * A multi-line string with a line of only blanks: the library may write it as a literal block that reads
   * back without those blanks (yaml 2.9: `'  \n'` and `'\n \n'` lose them), so it is written double-quoted.
   * @param {string} value
   */
  function hasBlankLine(value) {
    // `(^|\n)[ \t]+(\n|$)` in a string with a newline, as two patterns V8 scans for quickly
    return value.includes('\n') && (BLANK_LINE.test(value) || BLANK_FIRST_LINE.test(value));
  }

  const BLANK_LINE = /\n[ \t]+(?:\n|$)/;
  const BLANK_FIRST_LINE = /^[ \t]+\n/;

  return { toYaml, referenceYaml: libraryYaml };
}

module.exports = { createYamlWriter };
