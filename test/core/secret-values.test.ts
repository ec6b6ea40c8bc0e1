// Token shapes: recognized wherever they appear in a value, and redacted in every message.
import fc from 'fast-check';
import { problem, show } from '../../lib/core/errors';
import { looksLikeCredential, secretShapeOf } from '../../lib/core/secret-values';

const alnum = (n: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), minLength: n, maxLength: n });
const upper = (n: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: n, maxLength: n });
const b64url = (n: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: n, maxLength: n });

/** Tokens of each shape, as their issuers make them. */
const TOKENS: Array<[string, fc.Arbitrary<string>]> = [
  ['a GitHub token', fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), alnum(36)).map(([p, r]) => p + r)],
  ['a GitHub fine-grained token', fc.tuple(alnum(22), alnum(59)).map(([a, b]) => `github_pat_${a}_${b}`)],
  ['a GitLab access token', b64url(20).map(r => `glpat-${r}`)],
  ['an AWS access key id', fc.tuple(fc.constantFrom('AKIA', 'ASIA'), upper(16)).map(([p, r]) => p + r)],
  ['a private key', fc.constantFrom('RSA ', 'EC ', 'OPENSSH ', '').map(k => `-----BEGIN ${k}PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END ${k}PRIVATE KEY-----`)],
  ['a JSON Web Token', fc.tuple(b64url(20), b64url(30), b64url(43)).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`)],
  ['a Slack token', alnum(24).map(r => `xoxb-${r}`)],
  ['an npm token', alnum(36).map(r => `npm_${r}`)],
];

describe.each(TOKENS)('%s', (what, token) => {
  test('property: found alone or inside a value, and never shown in a message', () => {
    fc.assert(fc.property(token, fc.constantFrom('', 'Bearer ', 'token=', 'x '), fc.constantFrom('', ' ', '\n'), (t, before, after) => {
      const value = `${before}${t}${after}`;
      expect(secretShapeOf(value)).toBe(what);
      const message = problem('env.X', value, 'is wrong', 'Fix it');
      expect(message).not.toContain(t.split('\n')[1] ?? t);
      expect(show({ nested: [value] })).not.toContain(t.slice(4, 20));
    }), { numRuns: 100 });
  });
});

test.each(['info', 'production', 'https://github.com/org/app.git', '0123456789abcdef0123456789abcdef01234567', 'AKIA', 'eyJhbGciOiJIUzI1NiJ9', 'ghp_short', 'sha256:abc'])(
  '%p has no token shape', value => {
    expect(secretShapeOf(value)).toBeUndefined();
  });

test.each<[string, string, boolean]>([
  ['GITHUB_TOKEN', 'abc', true],
  ['DB_PASSWORD', 'hunter2', true],
  ['API_KEY', 'x', true],
  ['client-secret', 'x', true],
  ['GITHUB_TOKEN', '', false],
  ['GITHUB_TOKEN', '$(params.token)', false],
  ['TOKENIZER', 'bert', false],
  ['LOG_LEVEL', 'info', false],
  ['BP_GO_TARGETS', './cmd/server', false],
])('the name %p with the value %p looks like a credential: %p', (name, value, expected) => {
  expect(looksLikeCredential(name, value)).toBe(expected);
});
