import * as fc from 'fast-check';
import { Testing } from 'cdk8s';
import { checkName, NameFormat, validateName } from '../../lib/core/names';

describe('checkName', () => {
  test.each([
    ['git-clone', NameFormat.LABEL, undefined],
    ['a.b', NameFormat.SUBDOMAIN, undefined],
    ['a.b', NameFormat.LABEL, /not a DNS-1123 label/],
    ['Git', NameFormat.SUBDOMAIN, /not a DNS-1123 subdomain/],
    ['-x', NameFormat.LABEL, /not a DNS-1123 label/],
    ['', NameFormat.LABEL, /is empty/],
    ['a'.repeat(64), NameFormat.LABEL, /64 characters long, more than the 63 allowed/],
  ])('%p as %s', (name, format, expected) => {
    const result = checkName(name, { format });
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(expected);
  });

  test('a kind-specific limit', () => {
    expect(checkName('a'.repeat(61), { format: NameFormat.LABEL, maxLength: 60 })).toMatch(/more than the 60 allowed/);
  });

  test('property: a name is accepted exactly when it is a valid DNS-1123 label', () => {
    const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    fc.assert(fc.property(fc.string({ maxLength: 70 }), s => {
      const ok = checkName(s, { format: NameFormat.LABEL }) === undefined;
      expect(ok).toBe(s.length <= 63 && label.test(s));
    }), { numRuns: 500 });
  });
});

describe('validateName', () => {
  test('the error names the construct path, field, value and fix', () => {
    const chart = Testing.chart();
    expect(() => validateName(chart, 'metadata.name', 'Bad_Name')).toThrow(
      "test: metadata.name 'Bad_Name' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Choose a name of lower-case letters, digits and '-'");
  });
});
