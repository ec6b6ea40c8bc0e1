import * as fs from 'fs';
import * as path from 'path';
import { commitLog, git, kpackImageYaml, readBlob } from '../../support/git-fixtures';
import { APP, GitWorld, IMAGE, PIN } from './harness';

let world: GitWorld;
beforeAll(async () => {
  world = await GitWorld.start();
});
afterAll(async () => {
  await world?.stop();
});

describe('pin-revision script: pinning', () => {
  test('a first pin writes the pin file and the Image revision line in one commit, pushed with the given author', async () => {
    const [c1, , c3] = world.app.commits;
    const ops = world.newOps(c1);
    const before = commitLog(ops.bare);

    const run = await world.pin(ops.url, c3);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readBlob(ops.bare, PIN)).toBe(`${c3}\n`);
    expect(readBlob(ops.bare, IMAGE)).toBe(kpackImageYaml(APP, c3));
    const log = commitLog(ops.bare);
    expect(log).toHaveLength(2);
    expect(log[1]).toEqual(before[0]);
    expect(log[0]).toMatchObject({
      author: 'Pin Bot <pin-bot@example.com>',
      committer: 'Pin Bot <pin-bot@example.com>',
      subject: `Pin ${APP} to ${c3}`,
      body: `App repo: ${world.appUrl}\nTested commit: ${c3.slice(0, 12)} ${world.app.subjects[2]}`,
    });
    expect(git(ops.bare, ['diff', '--stat', log[1].sha, log[0].sha]))
      .toMatch(new RegExp(`dist/${APP}/kpack/image-${APP}.yaml \\| 2 \\+-\\n.*pins/${APP}.sha +\\| 2 \\+-\\n 2 files changed, 2 insertions\\(\\+\\), 2 deletions\\(-\\)`));
    expect(run.stdout).toContain(`pin-revision: Pinning ${APP} to ${c3} from ${world.appUrl}`);
    expect(run.stdout).toContain(`pin-revision: ${c3} descends from the pinned commit ${c1}`);
    expect(run.stdout).toContain(`pin-revision: Pinned ${APP} to ${c3} on main of ${ops.url} (ops commit ${log[0].sha})`);
  });

  test('the null id means nothing is pinned yet: any tested commit is pinned, also a diverged one', async () => {
    const ops = world.newOps('0'.repeat(40));
    const run = await world.pin(ops.url, world.app.diverged);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: ${APP} has no pinned commit yet`);
    expect(readBlob(ops.bare, PIN)).toBe(`${world.app.diverged}\n`);
    expect(readBlob(ops.bare, IMAGE)).toBe(kpackImageYaml(APP, world.app.diverged));
  });

  test('the shallow app clone gets the history it needs from the app repo', async () => {
    const [c1, , , c4] = world.app.commits;
    const ops = world.newOps(c1);
    const run = await world.pin(ops.url, c4);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: Fetching the history of ${c4} from ${world.appUrl}`);
    expect(git(run.appDir, ['rev-parse', '--is-shallow-repository']).trim()).toBe('false');
    expect(readBlob(ops.bare, PIN)).toBe(`${c4}\n`);
  });

  test('an upper-case SHA is pinned in lower case', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const clone = await world.clone(world.appUrl, c2);
    const run = await world.pin(ops.url, c2.toUpperCase(), { appDir: clone.dir });
    expect(run.status).toBe(0);
    expect(readBlob(ops.bare, PIN)).toBe(`${c2}\n`);
  });

  test('pin-file and image-file params point at other paths', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1, { app: 'web' });
    const run = await world.pin(ops.url, c2, { params: { 'pin-file': 'pins/web.sha', 'image-file': 'dist/web/kpack/image-web.yaml' } });
    expect(run.status).toBe(0);
    expect(readBlob(ops.bare, 'pins/web.sha')).toBe(`${c2}\n`);
    expect(readBlob(ops.bare, 'dist/web/kpack/image-web.yaml')).toBe(kpackImageYaml('web', c2));
  });

  test('a quoted revision keeps its quotes', async () => {
    const [c1, c2] = world.app.commits;
    const quoted = (sha: string) => kpackImageYaml(APP, sha).replace(`revision: ${sha}`, `revision: "${sha}"`);
    const ops = world.newOps(c1, { imageYaml: quoted(c1) });
    const run = await world.pin(ops.url, c2);
    expect(run.status).toBe(0);
    expect(readBlob(ops.bare, IMAGE)).toBe(quoted(c2));
  });
});

describe('pin-revision script: tags are pinned as their commits', () => {
  let tagged: string;
  let tagObject: string;
  beforeAll(() => {
    tagged = world.app.commits[2];
    git(world.appBare, ['tag', '-a', 'v1.2.0', '-m', 'Release 1.2.0', tagged]);
    git(world.appBare, ['tag', '-a', 'tree-tag', '-m', 'A tag of a tree', `${tagged}^{tree}`]);
    tagObject = git(world.appBare, ['rev-parse', 'v1.2.0']).trim();
  });

  test('the SHA of an annotated tag pins the commit it points to', async () => {
    const [c1] = world.app.commits;
    expect(tagObject).not.toBe(tagged);
    const ops = world.newOps(c1);
    const clone = await world.clone(world.appUrl, 'main');
    const run = await world.pin(ops.url, tagObject, { appDir: clone.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: ${tagObject} is a tag of commit ${tagged}; pinning the commit`);
    expect(readBlob(ops.bare, PIN)).toBe(`${tagged}\n`);
    expect(readBlob(ops.bare, IMAGE)).toBe(kpackImageYaml(APP, tagged));
    expect(commitLog(ops.bare)[0].subject).toBe(`Pin ${APP} to ${tagged}`);
  });

  test.each(['v1.2.0', 'refs/tags/v1.2.0'])('the tag name %p pins the commit it points to', async revision => {
    const ops = world.newOps(world.app.commits[0]);
    const clone = await world.clone(world.appUrl, 'main');
    const run = await world.pin(ops.url, revision, { appDir: clone.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readBlob(ops.bare, PIN)).toBe(`${tagged}\n`);
  });

  test('a tag that is not in the app repo, or that points to no commit, fails with the fix', async () => {
    const ops = world.newOps(world.app.commits[0]);
    const clone = await world.clone(world.appUrl, 'main');
    const missing = await world.pin(ops.url, 'v9.9.9', { appDir: clone.dir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`pin-revision: error: could not fetch tag 'v9.9.9' from the app repo ${world.appUrl}. Pass a tag or a full commit SHA of that repository and check that the git-credentials may read it\n`);
    const tree = await world.pin(ops.url, 'tree-tag', { appDir: clone.dir });
    expect(tree.status).toBe(1);
    expect(tree.stderr).toMatch(/^pin-revision: error: param revision 'tree-tag' is tag [0-9a-f]{40}, which points to no commit\. Pass a commit or a tag of a commit\n$/);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });
});

describe('pin-revision script: the pin never moves backwards', () => {
  test('re-pinning the pinned commit changes nothing', async () => {
    const c2 = world.app.commits[1];
    const ops = world.newOps(c2);
    const run = await world.pin(ops.url, c2);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: ${APP} is already pinned to ${c2}; nothing to do`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('an older commit arriving after a newer one leaves the pin and succeeds', async () => {
    const [, c2, c3] = world.app.commits;
    const ops = world.newOps(c3);
    const run = await world.pin(ops.url, c2);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: newer commit ${c3} already pinned for ${APP}; leaving it (${c2} is one of its ancestors)`);
    expect(readBlob(ops.bare, PIN)).toBe(`${c3}\n`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('a commit of a diverged branch is refused the same way', async () => {
    const c3 = world.app.commits[2];
    const ops = world.newOps(c3);
    const run = await world.pin(ops.url, world.app.diverged);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: commit ${c3} already pinned for ${APP} is not an ancestor of ${world.app.diverged} (diverged history); leaving it`);
    expect(readBlob(ops.bare, PIN)).toBe(`${c3}\n`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('a pinned commit that is not in the app repo fails: no order can be shown', async () => {
    const stranger = 'f'.repeat(40);
    const ops = world.newOps(stranger);
    const run = await world.pin(ops.url, world.app.commits[1]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`pin-revision: error: the pinned commit ${stranger} of ${APP} could not be fetched from the app repo ${world.appUrl}, so ${world.app.commits[1]} cannot be shown to be newer. Check that the git-credentials may read the app repo; if the commit is gone from it, correct ${PIN} by hand and run npm run synth in the ops repo`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });
});

describe('pin-revision script: dist/ must match the pin', () => {
  test('an Image revision that is not the current pin fails with the synth fix', async () => {
    const [c1, c2, c3] = world.app.commits;
    const ops = world.newOps(c1, { imageYaml: kpackImageYaml(APP, c2) });
    const run = await world.pin(ops.url, c3);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`pin-revision: error: file ${IMAGE} builds revision ${c2} but ${PIN} pins ${c1}. dist/ is not what synthesis makes of the pin file: run npm run synth in the ops repo, commit dist/ and run the pipeline again\n`);
    expect(commitLog(ops.bare)).toHaveLength(1);
  });

  test('an Image with two revision lines fails with the synth fix', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1, { imageYaml: `${kpackImageYaml(APP, c1)}---\n${kpackImageYaml(APP, c1)}` });
    const run = await world.pin(ops.url, c2);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`pin-revision: error: file ${IMAGE} has 2 lines 'revision: <commit SHA>' instead of exactly one. dist/ is not what synthesis makes of the pin file: run npm run synth in the ops repo, commit dist/ and run the pipeline again\n`);
  });

  test('a missing pin file fails and says how to add the app', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1, { app: 'other' });
    const run = await world.pin(ops.url, c2);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`pin-revision: error: file ${PIN} is not on branch main of the ops repo. Add ${APP} to the ops repo's main.ts, write the commit to build into ${PIN} and run npm run synth\n`);
  });
});

describe('pin-revision script: workspaces', () => {
  test('an ops-checkout inside the app clone is refused before anything is deleted', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const clone = await world.clone(world.appUrl, c2);
    const run = await world.pin(ops.url, c2, { appDir: clone.dir, opsDir: clone.dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`pin-revision: error: workspace ops-checkout '${clone.dir}' is inside the app clone. Bind it to a workspace of its own\n`);
    expect(fs.readdirSync(clone.dir).sort()).toEqual(['.git', 'main.go']);
  });
});

describe('pin-revision script: dry run', () => {
  test('prints the change and pushes nothing', async () => {
    const [c1, c2] = world.app.commits;
    const ops = world.newOps(c1);
    const pushesBefore = world.server.requests.filter(r => r.path.endsWith('/git-receive-pack')).length;
    const run = await world.pin(ops.url, c2, { params: { 'dry-run': 'true' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`pin-revision: Dry run: would commit 'Pin ${APP} to ${c2}' and push it to main of ${ops.url}:`);
    expect(run.stdout).toContain(`-      revision: ${c1}\n+      revision: ${c2}\n`);
    expect(run.stdout).toContain(`-${c1}\n+${c2}\n`);
    expect(commitLog(ops.bare)).toHaveLength(1);
    expect(world.server.requests.filter(r => r.path.endsWith('/git-receive-pack'))).toHaveLength(pushesBefore);
    expect(fs.readFileSync(path.join(run.opsDir, 'ops', PIN), 'utf8')).toBe(`${c2}\n`);
  });
});
