import * as fs from 'fs';
import * as path from 'path';
import { commitLog, createOpsRepo, git, readBlob, rejectPushes } from '../../support/git-fixtures';
import { runStep } from '../task-run';
import { GitWorld, TASKS } from './harness';

// Values as a webhook could send them: quotes, command substitution, backquotes, a command list. Tekton puts a
// param's value into the step's environment; the scripts must use it as data or refuse it, never run it.
let world: GitWorld;
let canary: string;
let victim: string;
beforeAll(async () => {
  world = await GitWorld.start();
  canary = path.join(world.root, 'pwned');
  victim = path.join(world.dir('victim-'), 'keep.txt');
  fs.writeFileSync(victim, 'still here');
});
afterAll(async () => {
  await world?.stop();
});
afterEach(() => {
  expect(fs.existsSync(canary)).toBe(false);
  expect(fs.readFileSync(victim, 'utf8')).toBe('still here');
});

// The same without whitespace (${IFS} instead of spaces), which a URL param may hold and the scripts must pass
// to git as it is.
const URL_FIX = "Pass the repository's plain clone URL, e.g. https://github.com/org/repo.git, and put the credentials in the git-credentials workspace";

const hostileWithoutSpaces = () => [
  `main';touch\${IFS}${canary};echo'`,
  `main";touch\${IFS}${canary};echo"`,
  `$(touch\${IFS}${canary})`,
  `\`touch\${IFS}${canary}\``,
  `main;rm\${IFS}-rf\${IFS}${path.dirname(victim)}`,
];

const hostile = () => [
  `main'; touch ${canary}; echo '`,
  `main"; touch ${canary}; echo "`,
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `main;rm -rf ${path.dirname(victim)}`,
];

describe('the harness substitutes as Tekton does', () => {
  test('control: the same value pasted into script text, as Tekton does with $(params.x) there, runs', async () => {
    const step = { script: "#!/usr/bin/env bash\nREVISION='$(params.revision)'\n", env: {} };
    const run = await runStep(step, { params: { revision: hostile()[0] } });
    expect(run.status).toBe(0);
    expect(fs.existsSync(canary)).toBe(true);
    fs.rmSync(canary);
  });
});

describe('git-clone Task: hostile params are data', () => {
  test.each([0, 1, 2, 3, 4])('revision #%p is used literally and fails the fetch, running nothing', async i => {
    const revision = hostile()[i];
    const run = await world.clone(world.appUrl, revision);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`git-clone: Fetching ${revision} of ${world.appUrl} (depth 1)`);
    expect(run.stderr).toContain(`git-clone: error: could not fetch revision '${revision}' of ${world.appUrl}.`);
  });

  test.each([0, 1, 2, 3, 4])('url #%p is used literally, running nothing', async i => {
    const url = `${world.appUrl}${hostileWithoutSpaces()[i]}`;
    const run = await world.clone(url, 'main');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`git-clone: error: could not fetch revision 'main' of ${url}.`);
  });

  test.each([0, 1, 2, 3, 4])('url #%p with whitespace is refused before git runs, running nothing', async i => {
    const url = `${world.appUrl}${hostile()[i]}`;
    const run = await world.clone(url, 'main');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`git-clone: error: param url '${url}' contains whitespace or a control character, which git would take as part of the URL. ${URL_FIX}\n`);
  });

  test.each([
    ['revision', '--upload-pack=touch CANARY', "git-clone: error: param revision '--upload-pack=touch CANARY' starts with '-', so git would read it as an option. Pass a branch, a tag or a full 40-character commit SHA"],
    ['url', '--upload-pack=touch CANARY', "git-clone: error: param url '--upload-pack=touch CANARY' starts with '-', so git would read it as an option. Pass the repository's plain clone URL, e.g. https://github.com/org/repo.git, and put the credentials in the git-credentials workspace"],
  ])('a %s that git would read as an option is refused', async (param, value, message) => {
    const v = value.replace('CANARY', canary);
    const run = await world.clone(world.appUrl, 'main', { params: { [param]: v } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${message.replace('CANARY', canary)}\n`);
  });

  test('a branch whose name is shell syntax (git allows it) is cloned by that name', async () => {
    const branch = `feature/x'";$(touch\${IFS}${canary})\`touch\${IFS}${canary}\`;rm\${IFS}-rf\${IFS}${path.dirname(victim)}`;
    git(world.appBare, ['branch', branch, world.app.commits[1]]);
    const run = await world.clone(world.appUrl, branch);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.commit).toBe(world.app.commits[1]);
    expect(run.stdout).toContain(`git-clone: Fetching ${branch} of ${world.appUrl} (depth 1)`);
  });
});

describe('pin-revision Task: hostile params are data', () => {
  test.each([0, 1, 2, 3, 4])('ops-url #%p is used literally, running nothing', async i => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const url = `${ops.url}${hostileWithoutSpaces()[i]}`;
    const run = await world.pin(url, c2);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`pin-revision: error: could not clone branch main of ${url}.`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test.each([0, 1, 2, 3, 4])('ops-url #%p with whitespace is refused before git runs, running nothing', async i => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const url = `${ops.url}${hostile()[i]}`;
    const run = await world.pin(url, c2);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`pin-revision: error: param ops-url '${url}' contains whitespace or a control character, which git would take as part of the URL. ${URL_FIX}`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('a branch and an author that are shell syntax are used by that name', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const branch = `ops'";$(touch\${IFS}${canary})\`touch\${IFS}${canary}\``;
    git(ops.bare, ['branch', branch, 'main']);
    const author = `Bot'"; $(touch ${canary}) \`touch ${canary}\`; rm -rf ${path.dirname(victim)}`;
    const run = await world.pin(ops.url, c2, { params: { 'ops-branch': branch, 'author-name': author } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readBlob(ops.bare, 'pins/go-sample-app.sha', branch)).toBe(`${c2}\n`);
    expect(commitLog(ops.bare, branch)[0].author).toBe(`${author} <pin-bot@example.com>`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('an ops-branch named --upload-pack=<command> never runs the command, against a local ops repo', async () => {
    // Over a local path git runs the upload-pack program itself, so an option slipped in as a ref would run.
    const [c1, c2] = world.app.commits;
    const bare = createOpsRepo(world.dir('local-'), 'ops.git', c1);
    const branch = `--upload-pack=touch\${IFS}${canary}`;
    git(bare, ['update-ref', `refs/heads/${branch}`, 'main']);
    rejectPushes(bare, 1);
    const run = await world.pin(bare, c2, { params: { 'ops-branch': branch } });
    expect(run.stderr).toBe(`pin-revision: error: param ops-branch '${branch}' is not a valid branch name. Pass the branch Argo CD syncs, e.g. main\n`);
    expect(run.status).toBe(1);
    expect(commitLog(bare, `refs/heads/${branch}`)).toHaveLength(1);
  });

  test('every ref and path git reads comes after -- or --end-of-options', () => {
    const { pin, clone } = TASKS;
    for (const script of [pin.spec.steps[0].script, clone.spec.steps[0].script]) {
      const calls = script.split('\n').filter((l: string) => /git (-C "\$[A-Z_]+" )?(fetch|push|clone|add|log|merge-base|cat-file|remote add|"\$\{FETCH\[@\]\}") -/.test(l));
      expect(calls.length).toBeGreaterThanOrEqual(script.includes('pin-revision') ? 11 : 2);
      for (const line of calls) expect(line).toMatch(/ (--|--end-of-options) /);
    }
  });
});
