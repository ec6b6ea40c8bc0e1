import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { commitLog, createAppRepo, createGitShim, credentialsWorkspace, git, rejectPushes } from '../../support/git-fixtures';
import { startGitServer, startRedirectServer } from '../../support/git-server';
import { GitWorld } from './harness';

let world: GitWorld;
beforeAll(async () => {
  world = await GitWorld.start();
});
afterAll(async () => {
  await world?.stop();
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const abs = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(abs) : e.isFile() ? [abs] : [];
  });
}

describe('git credentials of the clone and pin scripts', () => {
  test('the token is in no argv, environment, git config, file or output, and the server saw it only as basic auth', async () => {
    const token = world.server.token;
    const home = world.dir('home-');
    const { binDir, logFile } = createGitShim(world.dir('shim-'));
    const env = { PATH: `${binDir}:${process.env.PATH}`, HOME: home };
    const [c1, c2, c3] = world.app.commits;
    const ops = world.newOps(c1);
    rejectPushes(ops.bare, 1);
    const requestsBefore = world.server.requests.length;

    const clone = await world.clone(world.appUrl, c3, { env });
    const run = await world.pin(ops.url, c3, { env, appDir: clone.dir });
    expect(clone.status).toBe(0);
    expect(run.status).toBe(0);
    expect(commitLog(ops.bare)[0].subject).toBe(`Pin go-sample-app to ${c3}`);
    // An older commit: a run that ends early leaves nothing behind either.
    const again = await world.pin(ops.url, c2, { env });
    expect(again.status).toBe(0);

    const calls = fs.readFileSync(logFile, 'utf8').split('\n');
    const argv = calls.filter(l => l.startsWith('argv: '));
    const environment = calls.filter(l => l.startsWith('env: '));
    expect(argv).toEqual(expect.arrayContaining([
      expect.stringMatching(/ fetch -q --no-tags --depth 1 -- origin [0-9a-f]{40}$/),
      expect.stringMatching(/ clone -q --depth 1 --single-branch --branch main -- http:\/\/127\.0\.0\.1:\d+\/go-sample-app-ops-\d+\.git /),
      expect.stringMatching(/ push -q -- origin HEAD:refs\/heads\/main$/),
    ]));
    expect(environment).toContain(`env: GIT_CREDENTIALS_DIR=${world.credentials}`);
    expect(environment).toContain('env: GIT_TERMINAL_PROMPT=0');
    expect(environment.some(l => /^env: GIT_ASKPASS=\/.+\/askpass$/.test(l))).toBe(true);
    expect(argv.filter(l => l.includes(token))).toEqual([]);
    expect(environment.filter(l => l.includes(token))).toEqual([]);

    for (const dir of [clone.dir, path.join(run.opsDir, 'ops'), path.join(again.opsDir, 'ops'), again.appDir]) {
      const config = execFileSync('git', ['config', '--list', '--show-origin'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
      expect(config).toMatch(/remote\.origin\.url=http:\/\/127\.0\.0\.1:\d+\/go-sample-app(-ops-\d+)?\.git\n/);
      expect(config).not.toContain(token);
      expect(fs.readFileSync(path.join(dir, '.git', 'config'), 'utf8')).not.toContain(token);
    }
    for (const out of [clone, run, again]) {
      expect(out.stdout).not.toContain(token);
      expect(out.stderr).not.toContain(token);
    }
    const leaks = filesUnder(world.root)
      .filter(f => !f.startsWith(world.credentials + path.sep))
      .filter(f => fs.readFileSync(f).includes(token));
    expect(leaks).toEqual([]);
    expect(fs.readdirSync(home)).toEqual([]);

    // Each git command first asked without credentials, got 401, then authenticated through the askpass program.
    const requests = world.server.requests.slice(requestsBefore);
    expect(requests[0]).toEqual({ method: 'GET', path: '/go-sample-app.git/info/refs', status: 401 });
    expect(requests[1]).toEqual({ method: 'GET', path: '/go-sample-app.git/info/refs', status: 200, user: 'pin-bot' });
    expect(requests.filter(r => r.path.endsWith('/git-receive-pack')).map(r => r.status)).toEqual([200, 200]);
  });

  test('a wrong token fails the pin without a prompt and without pushing', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const clone = await world.clone(world.appUrl, c2, { depth: 0 });
    const wrong = credentialsWorkspace(world.dir('wrong-'), world.server.username, 'not-the-token');
    const run = await world.pin(ops.url, c2, { appDir: clone.dir, credentials: wrong });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`fatal: Authentication failed for '${ops.url}/'`);
    expect(run.stderr).toContain(`pin-revision: error: could not clone branch main of ${ops.url}. Check the URL, the branch and the git-credentials workspace`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('a credentials workspace without a password file fails with the fix', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const clone = await world.clone(world.appUrl, c2);
    const incomplete = world.dir('incomplete-');
    fs.writeFileSync(path.join(incomplete, 'username'), 'pin-bot');
    const run = await world.pin(ops.url, c2, { appDir: clone.dir, credentials: incomplete });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('pin-revision: error: workspace git-credentials has no file \'password\' (or it is empty). Bind it to a Secret of type kubernetes.io/basic-auth with the keys username and password\n');
  });

  describe('the credentials go only to the configured hosts', () => {
    // Another host on another port that accepts the same user and token and serves the same repos: if git handed
    // it the token, it would serve the clone. A redirect from the configured host sends git there.
    let other: Awaited<ReturnType<typeof startGitServer>>;
    let redirect: Awaited<ReturnType<typeof startRedirectServer>>;
    beforeAll(async () => {
      const repos = world.dir('other-repos-');
      createAppRepo(repos);
      other = await startGitServer({ projectRoot: repos, username: world.server.username, token: world.server.token });
      redirect = await startRedirectServer(other.baseUrl);
    });
    afterAll(async () => {
      await redirect?.stop();
      await other?.stop();
    });
    const refusal = (from: string) => `git-credentials: refused to give the credentials to ${other.baseUrl}, which asked for them; they are only for ${from}`;

    test('git-clone: a redirect to another host gets no credentials', async () => {
      const url = `${redirect.baseUrl}/go-sample-app.git`;
      const run = await world.clone(url, 'main');
      expect(redirect.redirected()).toBeGreaterThan(0);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(refusal(redirect.baseUrl));
      expect(run.stderr).not.toContain(world.server.token);
      expect(other.requests.length).toBeGreaterThan(0);
      expect(other.requests.filter(r => r.status !== 401)).toEqual([]);
    });

    test('pin-revision: a redirect of the ops repo to another host gets no credentials; the app and ops hosts do', async () => {
      const [c1, c2] = world.app.commits;
      const before = other.requests.length;
      const run = await world.pin(`${redirect.baseUrl}/go-sample-app.git`, c2);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(refusal(`${world.server.baseUrl} ${redirect.baseUrl}`));
      expect(run.stderr).toContain(`pin-revision: error: could not clone branch main of ${redirect.baseUrl}/go-sample-app.git.`);
      expect(other.requests.slice(before).filter(r => r.status !== 401)).toEqual([]);
      // Control: the same credentials reach the configured hosts.
      const ops = world.newOps(c1);
      expect((await world.pin(ops.url, c2)).status).toBe(0);
    });
  });

  describe('URLs that could carry a token are refused at run time, redacted', () => {
    const TOKEN = 'ghp_0123456789abcdefTOKEN';
    test.each([
      [`https://${TOKEN}@github.com/example/ops.git`, 'https://***@github.com/example/ops.git', 'has credentials in it (a user name, token or password before \'@\'), which git would write into .git/config and pass in argv'],
      [`https://x-access-token:${TOKEN}@github.com/example/ops.git`, 'https://***@github.com/example/ops.git', 'has credentials in it (a user name, token or password before \'@\'), which git would write into .git/config and pass in argv'],
      [`HTTP://:${TOKEN}@github.com/example/ops.git`, 'HTTP://***@github.com/example/ops.git', 'has credentials in it (a user name, token or password before \'@\'), which git would write into .git/config and pass in argv'],
      [`ssh://git:${TOKEN}@github.com/example/ops.git`, 'ssh://***@github.com/example/ops.git', 'has credentials in it (a user name, token or password before \'@\'), which git would write into .git/config and pass in argv'],
      [`git:${TOKEN}@github.com:example/ops.git`, '***@github.com:example/ops.git', 'has a password in it (before \'@\'), which git would pass in argv'],
      [`https://gitlab.com/example/ops.git?private_token=${TOKEN}`, 'https://gitlab.com/example/ops.git?***', 'has a query or a fragment, where tokens hide too; git clone URLs have neither'],
    ])('%s', async (url, shown, wrong) => {
      const fix = 'Pass the repository\'s plain clone URL, e.g. https://github.com/org/repo.git, and put the credentials in the git-credentials workspace';
      const clone = await world.clone(url, 'main');
      expect(clone.stderr).toBe(`git-clone: error: param url '${shown}' ${wrong}. ${fix}\n`);
      const pin = await world.pin(url, world.app.commits[1]);
      expect(pin.stderr).toBe(`pin-revision: error: param ops-url '${shown}' ${wrong}. ${fix}\n`);
      for (const run of [clone, pin]) {
        expect(run.status).toBe(1);
        expect(run.stdout + run.stderr).not.toContain(TOKEN);
      }
    });

    test('an app clone whose origin holds a token is refused before any request', async () => {
      const clone = await world.clone(world.appUrl, 'main');
      const withToken = world.appUrl.replace('http://', `http://${TOKEN}@`);
      git(clone.dir, ['remote', 'set-url', 'origin', withToken]);
      const ops = world.newOps(world.app.commits[0]);
      const run = await world.pin(ops.url, world.app.commits[3], { appDir: clone.dir });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`pin-revision: error: the remote origin of workspace app-source '${world.appUrl.replace('http://', 'http://***@')}' has credentials in it (a user name, token or password before '@'), which git would write into .git/config and pass in argv. Pass the repository's plain clone URL, e.g. https://github.com/org/repo.git, and put the credentials in the git-credentials workspace\n`);
      expect(run.stdout).not.toContain(TOKEN);
    });

    test('an ssh:// URL may name its login user, which is no secret', async () => {
      const run = await world.clone('ssh://git@127.0.0.1:9/example/app.git', 'main', { env: { GIT_SSH_COMMAND: 'false' } });
      expect(run.stderr).toContain('git-clone: error: could not fetch revision \'main\' of ssh://***@127.0.0.1:9/example/app.git.');
    });
  });
});
