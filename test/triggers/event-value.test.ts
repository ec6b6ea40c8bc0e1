import fc from 'fast-check';
import { EventValue } from '../../lib/triggers';
import { resolveBindingValue } from './support/jsonpath';

describe('EventValue', () => {
  test('factories render Triggers expressions', () => {
    expect(EventValue.body('head_commit.id').toString()).toBe('$(body.head_commit.id)');
    expect(EventValue.body('commits[0].id').toString()).toBe('$(body.commits[0].id)');
    expect(EventValue.body('labels.app\\.kubernetes\\.io/name').toString()).toBe('$(body.labels.app\\.kubernetes\\.io/name)');
    expect(EventValue.body('').toString()).toBe('$(body)');
    expect(EventValue.header('X-GitHub-Event').toString()).toBe('$(header.X-GitHub-Event)');
    expect(EventValue.extension('short_sha').toString()).toBe('$(extensions.short_sha)');
    expect(EventValue.concat('git@', EventValue.body('a'), ':', EventValue.header('X-A')).toString()).toBe('git@$(body.a):$(header.X-A)');
    expect(EventValue.literal('main').references).toEqual([]);
  });

  test('references list each expression with its path', () => {
    expect(EventValue.parse('$(body.commits[1].id)-$(extensions.a.b)').references).toEqual([
      { root: 'body', path: ['commits', 1, 'id'] },
      { root: 'extensions', path: ['a', 'b'] },
    ]);
  });

  test('concat keeps the GitHub events of typed parts', () => {
    const typed = EventValue._payloadField('after', 'push');
    expect(EventValue.concat('x', typed).events).toEqual(['push']);
  });

  test.each([
    ['$(body.a', "'$(body.a' is not closed with ')'"],
    ['$(params.x)', "'$(params.x)' reads 'params', but a TriggerBinding can read only body, header and extensions"],
    ['$(body..a)', "path '.a' has an empty key"],
    ['$(body.a[x])', "path 'a[x]' has an array index that is not a number in [ ]"],
    ['$(body.a b)', "path 'a b' has ' ' in a key"],
    ['$(body.a[0]b)', "path 'a[0]b' continues after an index without '.'"],
    ['$(header.X.Y)', "'$(header.X.Y)' is not one HTTP header name"],
    ['$(body.$(body.a))', "'$(body.$(body.a)' nests one expression in another"],
  ])('parse(%p) is rejected: %s', (text, message) => {
    expect(() => EventValue.parse(text)).toThrow(message);
  });

  test('literal text may not contain an expression', () => {
    expect(() => EventValue.literal('$(body.a)')).toThrow("literal '$(body.a)' contains '$(', which Triggers would read as an expression");
    expect(() => EventValue.header('X GitHub')).toThrow("header name 'X GitHub' is not an HTTP header name of letters, digits and '-'");
  });

  test('property: any JSON key path built with body() resolves to the value at that path', () => {
    const key = fc.stringMatching(/^[A-Za-z0-9_./:-]{1,12}$/);
    fc.assert(fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.string(), (keys, leaf) => {
      const body = keys.reduceRight<unknown>((inner, k) => ({ [k]: inner }), leaf);
      const path = keys.map(k => k.replace(/\./g, '\\.')).join('.');
      const value = EventValue.body(path);
      expect(value.references[0].path).toEqual(keys);
      expect(EventValue.parse(value.toString()).toString()).toBe(value.toString());
      expect(resolveBindingValue(value.toString(), { body, header: {} })).toBe(leaf);
    }));
  });
});
