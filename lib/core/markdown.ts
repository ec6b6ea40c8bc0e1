/**
 * Markdown for generated pages (the front page, plan comments) whose values come from the user: names,
 * namespaces, URLs, branches, keys. Every such value goes through one of these, never into Markdown by
 * plain concatenation: a `|` would end a table cell, a newline a table row, a backtick or `*` change the text.
 * Rules of GitHub Flavored Markdown (https://github.github.com/gfm/): backslash escapes of ASCII punctuation,
 * code spans fenced by a backtick run longer than any inside them, and `\|` in a table cell, code spans included.
 */
export const md = {
  /** Plain text: Markdown's inline punctuation escaped, line breaks as spaces. */
  text(value: string): string {
    return oneLine(value).replace(/([\\`*_[\]<>#!~&])/g, '\\$1');
  },

  /** A code span of `value` (a name, a command), whatever backticks it holds; line breaks as spaces; nothing for ''. */
  code(value: string): string {
    const v = oneLine(value);
    if (v === '') return '';
    const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map(run => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = v.startsWith('`') || v.endsWith('`') || (v.startsWith(' ') && v.endsWith(' ') && v.trim() !== '') ? ' ' : '';
    return `${fence}${pad}${v}${pad}${fence}`;
  },

  /** A table cell built from escaped parts ({@link md.text}, {@link md.code}): `|` escaped, on one line. */
  cell(markdown: string): string {
    return oneLine(markdown).replace(/\|/g, '\\|');
  },

  /** A table row of cells, each passed through {@link md.cell}. */
  row(cells: readonly string[]): string {
    return `| ${cells.map(c => md.cell(c)).join(' | ')} |`;
  },

  /** A fenced code block of `lines`, fenced by more backticks than any line holds. */
  fence(info: string, lines: readonly string[]): string[] {
    const longest = Math.max(2, ...lines.flatMap(l => l.match(/`+/g) ?? []).map(run => run.length));
    const fence = '`'.repeat(longest + 1);
    return [`${fence}${info}`, ...lines, fence];
  },

  /** A link to a URL (`<url>`), or the URL as code when it is not a plain http(s) URL. */
  url(value: string): string {
    return /^https?:\/\/[^\s<>`|\\]+$/.test(value) ? `<${value}>` : md.code(value);
  },

  /** The text of a Mermaid node or edge label in double quotes: `"` as an entity, on one line. */
  mermaid(value: string): string {
    return oneLine(value).replace(/"/g, '#quot;');
  },
};

function oneLine(value: string): string {
  return String(value).replace(/\r\n|\r|\n/g, ' ');
}
