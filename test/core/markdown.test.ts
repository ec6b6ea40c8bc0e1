// The one helper every user value of a generated page goes through, checked with a real Markdown parser
// (markdown-it, GitHub Flavored tables) on any string: a value stays one cell of one row, reads back as
// written, and a code span holds it whatever backticks it has.
import fc from 'fast-check';
import { md } from '../../lib/core/markdown';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it');
const parser = new MarkdownIt();

/** The text content of each cell of the table's body rows. */
function cells(markdown: string): string[][] {
  const tokens = parser.parse(markdown, {});
  const rows: string[][] = [];
  let inBody = false;
  for (const t of tokens) {
    if (t.type === 'tbody_open') inBody = true;
    if (t.type === 'tr_open' && inBody) rows.push([]);
    if (t.type === 'inline' && inBody) rows[rows.length - 1].push(t.children.map((c: any) => c.content).join(''));
  }
  return rows;
}

const anyValue = fc.string({ unit: fc.constantFrom('a', 'b', '|', '`', '\n', '\r', '*', '_', '\\', '<', '>', '[', ']', '#', '&', ' ', '-', ':') });

test('a value as text or as code stays one cell of one row, and reads back as written (line breaks as spaces)', () => {
  fc.assert(fc.property(anyValue, anyValue, (a, b) => {
    const table = ['| x | y |', '|---|---|', md.row([md.text(a), md.code(b)])].join('\n');
    const read = cells(table);
    expect(read).toHaveLength(1);
    expect(read[0]).toHaveLength(2);
    const oneLine = (s: string) => s.replace(/\r\n|\r|\n/g, ' ');
    expect(read[0][0]).toBe(oneLine(a).trim());
    // A code span strips one space on each side when both are there (CommonMark), and a cell its outer spaces.
    const code = oneLine(b);
    expect([code, code.trim(), code.slice(1, -1)]).toContain(read[0][1]);
  }), { numRuns: 300 });
});

test('text outside tables keeps its characters, and a fence holds any lines', () => {
  expect(parser.renderInline(md.text('*not bold* <b>x</b> [link](y) `code`'))).toBe('*not bold* &lt;b&gt;x&lt;/b&gt; [link](y) `code`');
  const lines = ['```', 'inside ```` still'];
  const tokens = parser.parse(md.fence('sh', lines).join('\n'), {});
  expect(tokens.filter((t: any) => t.type === 'fence').map((t: any) => t.content)).toEqual([`${lines.join('\n')}\n`]);
  expect(md.url('https://example.com/a')).toBe('<https://example.com/a>');
  expect(md.url('https://example.com/a|b')).toBe('`https://example.com/a|b`');
  expect(md.mermaid('push to "main"\nnow')).toBe('push to #quot;main#quot; now');
});
