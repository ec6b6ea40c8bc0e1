import * as fs from 'fs';
import * as path from 'path';
import { git } from '../../support/git-fixtures';
import { GitWorld } from './harness';

const FIX = 'Pass the repository\'s plain clone URL, e.g. https://github.com/org/repo.git, and put the credentials in the git-credentials workspace';

let world: GitWorld;
beforeAll(async () => {
  world = await GitWorld.start();
});
afterAll(async () => {
  await world?.stop();
});

describe('git-clone script', () => {
  test('clones a branch with the credentials, one commit deep, and writes the commit result', async () => {
    const head = world.app.commits[3];
    const run = await world.clone(world.appUrl, 'main');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.commit).toBe(head);
    expect(git(run.dir, ['rev-parse', 'HEAD']).trim()).toBe(head);
    expect(git(run.dir, ['rev-parse', '--is-shallow-repository']).trim()).toBe('true');
    expect(git(run.dir, ['rev-list', '--count', 'HEAD']).trim()).toBe('1');
    expect(git(run.dir, ['status', '--porcelain'])).toBe('');
    expect(fs.readFileSync(path.join(run.dir, 'main_test.go'), 'utf8')).toBe('package main\n\n// test 3\n');
    expect(run.stdout).toBe([
      `git-clone: Fetching main of ${world.appUrl} (depth 1)`,
      `git-clone: Checked out commit ${head} into ${run.dir}`,
      '',
    ].join('\n'));
  });

  test('clones a commit SHA with the full history (depth 0)', async () => {
    const [c1, c2] = world.app.commits;
    const run = await world.clone(world.appUrl, c2, { depth: 0 });
    expect(run.status).toBe(0);
    expect(run.commit).toBe(c2);
    expect(git(run.dir, ['rev-parse', '--is-shallow-repository']).trim()).toBe('false');
    expect(git(run.dir, ['log', '--format=%H', 'HEAD']).trim().split('\n')).toEqual([c2, c1]);
  });

  test('an empty revision clones the default branch, into a subdirectory', async () => {
    const run = await world.clone(world.appUrl, '', { params: { subdirectory: 'src/app' } });
    expect(run.status).toBe(0);
    expect(run.commit).toBe(world.app.commits[3]);
    expect(git(path.join(run.dir, 'src/app'), ['rev-parse', '--show-toplevel']).trim()).toBe(path.join(run.dir, 'src/app'));
  });

  test('a rerun into the same workspace empties it first', async () => {
    const first = await world.clone(world.appUrl, world.app.diverged);
    expect(fs.existsSync(path.join(first.dir, 'router.go'))).toBe(true);
    fs.writeFileSync(path.join(first.dir, 'left-over.txt'), 'x');
    const again = await world.clone(world.appUrl, 'main', { into: first.dir });
    expect(again.status).toBe(0);
    expect(again.commit).toBe(world.app.commits[3]);
    expect(fs.readdirSync(first.dir).sort()).toEqual(['.git', 'main.go', 'main_test.go']);
  });

  test('without the credentials workspace a protected repo fails at once, without a prompt', async () => {
    const run = await world.clone(world.appUrl, 'main', { unbound: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('fatal: could not read Username for \'http://127.0.0.1:');
    expect(run.stderr).toContain('terminal prompts disabled');
    expect(run.stderr).toContain(`git-clone: error: could not fetch revision 'main' of ${world.appUrl}. Check the URL, that the revision is a branch, a tag or a full 40-character commit SHA, and the git-credentials workspace`);
    expect(run.commit).toBe('');
  });

  test('an unknown revision fails with the fix', async () => {
    const run = await world.clone(world.appUrl, 'no-such-branch');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`git-clone: error: could not fetch revision 'no-such-branch' of ${world.appUrl}.`);
  });

  test.each([
    [{ depth: '-1' }, 'git-clone: error: param depth \'-1\' is not a whole number. Use 1 to fetch the commit alone, 0 for the full history'],
    [{ subdirectory: '../up' }, 'git-clone: error: param subdirectory \'../up\' is not a relative path inside the repository. Use a path such as app or src/app'],
    [{ url: '' }, `git-clone: error: param url '' is empty. ${FIX}`],
    [{ url: 'https://bot:s3cret@example.com/app.git' }, `git-clone: error: param url 'https://***@example.com/app.git' has credentials in it (a user name, token or password before '@'), which git would write into .git/config and pass in argv. ${FIX}`],
    [{ url: 'https://s3cret@example.com/app.git' }, `git-clone: error: param url 'https://***@example.com/app.git' has credentials in it (a user name, token or password before '@'), which git would write into .git/config and pass in argv. ${FIX}`],
  ])('bad params %p fail before any git command', async (params, message) => {
    const run = await world.clone(world.appUrl, 'main', { params });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${message}\n`);
    expect(run.stderr).not.toContain('s3cret');
  });
});
