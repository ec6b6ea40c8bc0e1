// One rule set for every URL that reaches dist/: no credentials, no whitespace or control characters, the
// schemes of its kind, and never plain http:// where credentials travel. Property tests over every kind.
import fc from 'fast-check';
import { problem } from '../../lib/core/errors';
import { checkClusterServerUrl, checkGitUrl, checkHttpUrl, checkUrlText } from '../../lib/core/url';

const SECRET = 'S3cretT0ken';

/** Each kind's check, with URLs it accepts. */
const KINDS: Array<[string, (url: string) => string | undefined, string[]]> = [
  ['git', url => checkGitUrl(url), ['https://github.com/org/app.git', 'ssh://git@github.com/org/app.git', 'git@github.com:org/app.git', 'http://git.local:8080/org/app.git', 'git://host/org/app']],
  ['git with credentials', url => checkGitUrl(url, { credentials: true }), ['https://github.com/org/app.git', 'ssh://git@host:2222/org/app.git', 'git@github.com:org/app.git']],
  ['cluster server', checkClusterServerUrl, ['https://kubernetes.default.svc', 'https://prod.example.com:6443', 'https://10.0.0.1:6443', 'https://rancher.example.com/k8s/clusters/c-m-1', 'https://[fd00::1]:6443']],
  ['archive', url => checkHttpUrl(url), ['https://example.com/app.tar.gz', 'http://minio.local:9000/src/app.zip']],
  ['URL glob', checkUrlText, ['https://github.com/org/*', '*']],
];

/** A place in a URL where a hostile part can go, and the part. */
const hostile = fc.oneof(
  fc.constantFrom(`${SECRET}@`, `bot:${SECRET}@`, `x-access-token:${SECRET}@`).map(userinfo => ({ kind: 'userinfo', userinfo })),
  fc.constantFrom('\n', '\r\n', '\t', ' ', '\x00', '\x1b', '\x7f', '\u0085', '\u00a0', '\u2028').map(char => ({ kind: 'whitespace', char })),
  fc.constantFrom(`?token=${SECRET}`, `#${SECRET}`, `?private_token=${SECRET}`).map(suffix => ({ kind: 'query', suffix })),
);

function inject(url: string, h: { kind: string; userinfo?: string; char?: string; suffix?: string }, at: number): string {
  if (h.kind === 'userinfo') return url.replace('://', `://${h.userinfo}`);
  if (h.kind === 'query') return `${url}${h.suffix}`;
  const i = at % (url.length + 1);
  return `${url.slice(0, i)}${h.char}${url.slice(i)}`;
}

describe.each(KINDS)('%s URLs', (_kind, check, good) => {
  test.each(good)('%p is accepted', url => {
    expect(check(url)).toBeUndefined();
  });

  test('property: credentials, a query, whitespace or a control character anywhere are refused, and a message never shows the secret', () => {
    fc.assert(fc.property(fc.constantFrom(...good.filter(u => u.includes('://'))), hostile, fc.nat(), (url, h, at) => {
      const bad = inject(url, h, at);
      const wrong = check(bad);
      expect({ bad, refused: wrong !== undefined }).toEqual({ bad, refused: true });
      const message = problem('url', bad, wrong!, 'Fix it');
      expect(message).not.toContain(SECRET);
      expect(message).not.toMatch(/[\x00-\x1f\x7f]/);
    }), { numRuns: 300 });
  });
});

describe('schemes, kind by kind', () => {
  test.each([
    ['http://git.example.com/org/app.git', 'is plain http://, so the git credentials offered to its host would cross the network unencrypted'],
    ['git://git.example.com/org/app.git', 'is git://, which has no authentication'],
  ])('git %p is refused where credentials are offered', (url, why) => {
    expect(checkGitUrl(url)).toBeUndefined();
    expect(checkGitUrl(url, { credentials: true })).toContain(why);
  });

  test.each([
    ['http://prod.example.com:6443', 'is plain http://, so Argo CD would send the cluster\'s bearer token unencrypted'],
    ['https://prod.example.com:6443/', 'ends with \'/\', which Argo CD trims'],
    ['prod.example.com:6443', 'is not an https://host[:port] URL'],
    ['https://prod.example.com:6443\n', 'contains whitespace or a control character'],
    ['https://admin:hunter2@prod.example.com', 'carries credentials in the URL'],
    ['https://prod.example.com?token=abc', 'has a query or a fragment, where tokens hide too; API server URLs have neither'],
  ])('cluster server %p is refused: %s', (url, why) => {
    expect(checkClusterServerUrl(url)).toContain(why);
  });

  test.each(['http://127.0.0.1:8080/ops.git', 'http://localhost/org/app.git', 'http://[::1]:3000/app.git'])(
    'git %p over the loopback address is accepted with credentials: they never leave the machine', url => {
      expect(checkGitUrl(url, { credentials: true })).toBeUndefined();
      expect(checkGitUrl(url.replace(/\/\/[^/]+\//, '//127.0.0.1.example.com/'), { credentials: true })).toContain('is plain http://');
    });

  test('an archive over plain http:// is refused when credentials go with it', () => {
    expect(checkHttpUrl('http://minio.local:9000/src/app.zip', { credentials: true })).toContain('is plain http://');
    expect(checkHttpUrl('s3://bucket/app.zip')).toContain('is not an http(s) URL of a file');
  });
});
