// The fast YAML writer against the `yaml` library it stands in for: byte-identical on arbitrary JSON and
// on every object of the ops repositories the tests build.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { isCommitSha } from '../../lib/core/git';
import { referenceYaml, toYaml, YAML_WRITER } from '../../lib/output/yaml';

/** Strings that hit every branch of the plain-scalar rule: indicators, colons, hashes, numbers, blocks. */
const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '-', '- a', '?', ': x', 'a: b', 'a:b', 'a:', 'a #b', 'a#b', '#a', '*', '&a', '!x', '%x', '@x', '`x',
    '"q"', "'q'", 'true', 'True', 'FALSE', 'null', 'Null', '~', '0', '007', '0o17', '0x1F', '1e5', '-1.5', '.inf', '.NaN', '1_000',
    '---', '--- x', '...', 'a\nb', 'a\n', '\na', ' lead', 'trail ', 'tab\tin', '#!/bin/sh\nset -eu\n', 'x\n\ny\n', '  indented\nline',
    'line\n---\nmore', 'ü', '\u0007', 'docker.io/org/app:1.0.1', '$(params.url)', '{a}', '[b]', 'a, b', 'a|b', 'a > b',
    '0123456789abcdef0123456789abcdef01234567', '0000000000000000000000000000000000000000'),
  fc.stringMatching(/^[a-z0-9 :#\-\n.'"]{0,12}$/),
);
const key = fc.oneof(fc.constantFrom('name', 'metadata', 'app.kubernetes.io/name', 'a b', '0', 'true', 'x: y', '-'), tricky);
const scalar = fc.oneof(tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const { value } = fc.letrec(tie => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));

describe('toYaml', () => {
  test('writes exactly what the yaml library writes, for arbitrary JSON (5,000 cases)', () => {
    fc.assert(fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), obj => {
      expect(toYaml(obj)).toBe(referenceYaml(obj));
    }), { numRuns: Number(process.env.YAML_RUNS ?? 5000) });
  });

  test('writes exactly what the yaml library writes for long strings (scripts), the same one in many places (1,000 cases)', () => {
    const long = fc.array(tricky, { minLength: 1, maxLength: 6 }).map(parts => {
      const s = parts.join('\n') || 'x';
      return s.repeat(Math.ceil(300 / s.length));
    });
    fc.assert(fc.property(long, long, (a, b) => {
      const obj = { a, b: [a, { c: a, d: [b, a] }], e: { f: { g: b } }, h: [[a]] };
      expect(toYaml(obj)).toBe(referenceYaml(obj));
      expect(toYaml({ again: obj })).toBe(referenceYaml({ again: obj }));
    }), { numRuns: 1000 });
  });

  test('parses back to the same value, blank lines in scripts included (5,000 cases)', () => {
    const blanks = fc.constantFrom('  \n', ' \nx\n', '\t\n\n', 'a\n  \n', '   ', ' \n \n');
    fc.assert(fc.property(fc.dictionary(key, fc.oneof(value, blanks), { minKeys: 1, maxKeys: 6 }), obj => {
      expect(JSON.stringify(YAML.parse(toYaml(obj)))).toBe(JSON.stringify(obj));
    }), { numRuns: 5000 });
  });

  test('writes exactly what the yaml library writes, for every object of the committed dist/', () => {
    const dist = path.join(__dirname, '..', '..', 'dist');
    const files = fs.readFileSync(path.join(dist, '.generated-files'), 'utf8').split('\n').filter(f => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const obj = YAML.parse(fs.readFileSync(path.join(dist, file), 'utf8'));
      expect({ file, yaml: toYaml(obj) }).toEqual({ file, yaml: referenceYaml(obj) });
    }
  });

  test('the writer rebuilt from its source, as the thread that writes the output runs it, writes the same bytes', () => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const rebuilt = new Function(`return (${YAML_WRITER.source})`)()(require(YAML_WRITER.yamlModule), isCommitSha);
    const dist = path.join(__dirname, '..', '..', 'dist');
    const files = fs.readFileSync(path.join(dist, '.generated-files'), 'utf8').split('\n').filter(f => f.endsWith('.yaml'));
    for (const file of files) {
      const obj = YAML.parse(fs.readFileSync(path.join(dist, file), 'utf8'));
      expect({ file, yaml: rebuilt.toYaml(obj) }).toEqual({ file, yaml: toYaml(obj) });
    }
    fc.assert(fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), obj => {
      expect(rebuilt.toYaml(obj)).toBe(toYaml(obj));
    }), { numRuns: 500 });
  });
});
