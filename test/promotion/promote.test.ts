// Promotion on real git repositories in a temporary folder: each promotion is one commit on a new branch
// with the pin and the re-synthesized dist/, the working tree is left as it was, and every bad promotion
// leaves the repository untouched.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { promote, PromoteOptions } from '../../lib';
import { branchName } from '../../lib/promotion/promote';
import { compareOutput } from '../../lib/output/drift';
import { git, tempDir } from '../support/git-fixtures';
import { digest, gitIdentity, repoState, shop, shopRepo } from './shop';

let root: string;
beforeAll(gitIdentity);
beforeEach(() => { root = shopRepo(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const run = (o: Omit<PromoteOptions, 'root' | 'load'>) => promote({ root, load: r => shop(r), ...o });
const show = (ref: string, file: string) => git(root, ['show', `${ref}:${file}`]);
const deployedImage = (ref: string, app: string, env: string) =>
  YAML.parse(show(ref, `dist/shop/${app}/${env}/deployment-${app}.yaml`)).spec.template.spec.containers[0].image;

describe('promote', () => {
  test('--image pins a digest into staging: one commit on a new branch, the working tree as it was', () => {
    const before = repoState(root);
    const image = digest('storefront', 2);
    const result = run({ app: 'storefront', to: 'staging', image });
    expect(result.branch).toBe(`promote/storefront/staging/sha256-000200020002`);
    expect(repoState(root)).toEqual({ ...before, branches: `main\n${result.branch}\n` });
    expect(git(root, ['rev-list', '--count', `main..${result.branch}`]).trim()).toBe('1');
    expect(git(root, ['rev-parse', `${result.branch}^`])).toBe(before.head);
    expect(show(result.branch!, 'pins/storefront.staging.image')).toBe(`${image}\n`);
    expect(deployedImage(result.branch!, 'storefront', 'staging')).toBe(image);
    expect(git(root, ['diff', '--name-only', 'main', result.branch!]).trim().split('\n')).toEqual([
      'dist/shop/storefront/staging/deployment-storefront.yaml', 'pins/storefront.staging.image',
    ]);
    expect(git(root, ['log', '-1', '--format=%B', result.branch!])).toBe([
      'Promote storefront to staging: sha256:000200020002',
      '',
      'staging (namespace storefront-staging on staging) runs the image given:',
      `  ${image}`,
      'It ran:',
      `  ${digest('storefront', 1)}`,
      '',
      'Changed:',
      '  pins/storefront.staging.image',
      '  dist/shop/storefront/staging/deployment-storefront.yaml',
      '', '',
    ].join('\n'));
  });

  test('staging → prod copies what staging runs; dist/ on the branch is exactly what synthesis makes', () => {
    const result = run({ app: 'go-sample-app', from: 'staging', to: 'prod' });
    expect(result.image).toBe(digest('go-sample-app', 1));
    expect(result.previous).toBe(digest('go-sample-app', 0));
    expect(deployedImage(result.branch!, 'go-sample-app', 'prod')).toBe(digest('go-sample-app', 1));
    expect(deployedImage(result.branch!, 'storefront', 'prod')).toBe(digest('storefront', 0));
    const check = tempDir('promote-check-');
    git(root, ['worktree', 'add', '-q', check, result.branch!]);
    const fresh = tempDir('promote-fresh-');
    shop(check, { outdir: fresh }).synthesize();
    expect(compareOutput(path.join(check, 'dist'), fresh)).toEqual([]);
    git(root, ['worktree', 'remove', '--force', check]);
  });

  test('dev → staging copies the latest kpack build that dev runs', () => {
    const built = digest('go-sample-app', 9);
    const result = run({ app: 'go-sample-app', from: 'dev', to: 'staging', readLatestBuild: image => (image.name === 'go-sample-app' ? built : '') });
    expect(result.from).toBe('dev');
    expect(deployedImage(result.branch!, 'go-sample-app', 'staging')).toBe(built);
    expect(git(root, ['log', '-1', '--format=%s', result.branch!]).trim()).toBe('Promote go-sample-app to staging: sha256:000900090009');
  });

  test('--no-commit writes the pin and dist/ into the working tree only', () => {
    const before = repoState(root);
    const result = run({ app: 'storefront', to: 'prod', image: digest('storefront', 3), commit: false });
    expect(result.branch).toBeUndefined();
    const after = repoState(root);
    expect(after.branches).toBe(before.branches);
    expect(after.head).toBe(before.head);
    expect(git(root, ['status', '--porcelain']).trimEnd().split('\n')).toEqual([
      ' M dist/shop/storefront/prod/deployment-storefront.yaml', ' M pins/storefront.prod.image',
    ]);
  });

  test('a tag is accepted with the synthesis warning', () => {
    const result = run({ app: 'storefront', to: 'prod', image: 'docker.io/example/storefront:2.0.0' });
    expect(result.branch).toBe('promote/storefront/prod/2.0.0');
    expect(result.warnings).toEqual([expect.stringContaining("pins/storefront.prod.image 'docker.io/example/storefront:2.0.0' is pinned by tag")]);
  });

  test('branch names are valid git refs', () => {
    expect(branchName('app', 'prod', 'registry.example.com:5000/team/app:v1.2_rc')).toBe('promote/app/prod/v1.2_rc');
    expect(git(root, ['check-ref-format', '--branch', branchName('app', 'prod', digest('app', 4))]).trim()).toBe('promote/app/prod/sha256-000400040004');
  });
});

describe('bad promotions leave the repository untouched', () => {
  const cases: Array<[string, Omit<PromoteOptions, 'root' | 'load'>, string]> = [
    ['unknown app', { app: 'payments', from: 'staging', to: 'prod' }, "app 'payments' is not an app of this ops repository. Use one of: go-sample-app, storefront"],
    ['unknown environment', { app: 'storefront', from: 'qa', to: 'prod' }, "environment 'qa' is not an environment of app 'storefront'. Use one of: dev, staging, prod"],
    ['a kpush target', { app: 'storefront', to: 'dev', image: digest('storefront', 2) },
      "environment 'dev' of app 'storefront' deploys every kpack build with kpush, so nothing is promoted to it. Promote to an Environment.deployment(...)"],
    ['from a kpush environment without the cluster', { app: 'storefront', from: 'dev', to: 'staging' },
      "environment 'dev' of app 'storefront' runs whatever kpack built last, which the ops repository does not record. Give the image with --image, or read kpack Image storefront's status.latestImage from the cluster with --from-cluster"],
    ['a malformed reference', { app: 'storefront', to: 'prod', image: 'docker.io/example/storefront@sha256:abc' },
      "image 'docker.io/example/storefront@sha256:abc' has digest 'sha256:abc', which is not sha256:<64 lower-case hex digits>, so it is not an image reference. Give the image by digest, e.g. docker.io/org/app@sha256:<64 hex digits>"],
    ['no tag and no digest', { app: 'storefront', to: 'prod', image: 'docker.io/example/storefront' },
      "image 'docker.io/example/storefront' has no digest and no fixed tag, so it changes whenever the image is pushed. Give the image by digest, e.g. docker.io/org/app@sha256:<64 hex digits>"],
    ['the image already running', { app: 'storefront', from: 'staging', to: 'staging' }, "environment 'staging' is both source and target. Promote from another environment"],
    ['neither source nor image', { app: 'storefront', to: 'prod' }, 'promote needs exactly one of a source environment or --image <reference>. Give `<app> <from> <to>` or `<app> <to> --image <ref>`'],
  ];
  test.each(cases)('%s', (_name, options, message) => {
    const before = repoState(root);
    expect(() => run(options)).toThrow(message);
    expect(repoState(root)).toEqual(before);
  });

  test('an environment with nothing pinned', () => {
    fs.rmSync(path.join(root, 'pins', 'storefront.staging.image'));
    git(root, ['commit', '-q', '-am', 'Unpin staging']);
    const before = repoState(root);
    expect(() => run({ app: 'storefront', from: 'staging', to: 'prod' }))
      .toThrow("environment 'staging' of app 'storefront' has nothing pinned (pins/storefront.staging.image does not exist). Promote an image to it first");
    expect(repoState(root)).toEqual(before);
  });

  test('the same image again', () => {
    const before = repoState(root);
    expect(() => run({ app: 'storefront', to: 'staging', image: digest('storefront', 1) }))
      .toThrow(`environment 'staging' of app 'storefront' already runs '${digest('storefront', 1)}'. Nothing to promote`);
    expect(repoState(root)).toEqual(before);
  });

  test('uncommitted changes to what the ops repository is built from: refused, naming the files', () => {
    fs.writeFileSync(path.join(root, 'pins', 'storefront.staging.image'), `${digest('storefront', 7)}\n`);
    const before = repoState(root);
    expect(() => run({ app: 'storefront', from: 'staging', to: 'prod' })).toThrow(new RegExp(
      '^promote builds the ops repository as committed \\(HEAD [0-9a-f]{12}\\), and this file has uncommitted changes:\\n'
      + ' {2} M pins/storefront\\.staging\\.image\\nCommit them first \\(or stash them: git stash\\), and run promote again'));
    expect(repoState(root)).toEqual(before);
  });

  test('a local edit of the manifests does not matter: promote builds the committed state, and leaves the edit alone', () => {
    fs.appendFileSync(path.join(root, 'dist/shop/storefront/prod/service-storefront.yaml'), '# a local edit\n');
    const before = repoState(root);
    const result = run({ app: 'storefront', from: 'staging', to: 'prod' });
    expect(repoState(root)).toEqual({ ...before, branches: `main\n${result.branch}\n` });
    expect(show(result.branch!, 'dist/shop/storefront/prod/service-storefront.yaml')).not.toContain('# a local edit');
  });

  test('the branch exists already, and is not this promotion: named, with the command that deletes it', () => {
    git(root, ['branch', 'promote/storefront/prod/sha256-000100010001']);
    const before = repoState(root);
    expect(() => run({ app: 'storefront', from: 'staging', to: 'prod' }))
      .toThrow(new RegExp("^branch 'promote/storefront/prod/sha256-000100010001' already exists \\(commit [0-9a-f]{12} 'Shop ops repository'\\), "
        + 'and it is not this promotion on HEAD\\. Delete it with `git branch -D promote/storefront/prod/sha256-000100010001` and run promote again, or open its pull request$'));
    expect(repoState(root)).toEqual(before);
  });

  test('the branch exists already, and is this promotion: reported as done, nothing written', () => {
    const first = run({ app: 'storefront', from: 'staging', to: 'prod' });
    const before = repoState(root);
    const again = run({ app: 'storefront', from: 'staging', to: 'prod' });
    expect(again).toMatchObject({ branch: first.branch, commit: first.commit, files: first.files, message: first.message });
    expect(again.recovered).toEqual([`branch '${first.branch}' holds this promotion already (commit ${first.commit!.slice(0, 12)}, one commit on HEAD): a promote before this one made it`]);
    expect(repoState(root)).toEqual(before);
  });

  test('synthesis fails after the pin is written: the pin is put back', () => {
    const before = repoState(root);
    let calls = 0;
    const load = (r: string) => {
      if (++calls === 2) throw new Error('synthesis failed');
      return shop(r);
    };
    expect(() => promote({ root, load, app: 'storefront', from: 'staging', to: 'prod' })).toThrow('synthesis failed');
    expect(repoState(root)).toEqual(before);
  });

  test('git fails to commit: the branch is removed and every file put back', () => {
    const before = repoState(root);
    fs.writeFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\necho refused >&2\nexit 1\n', { mode: 0o755 });
    expect(() => run({ app: 'storefront', from: 'staging', to: 'prod' })).toThrow(/git commit failed in .*: refused/);
    expect(repoState(root)).toEqual(before);
  });
});

describe('untrusted paths: a pin that is a link is never read or written through', () => {
  let outside: string;
  beforeEach(() => {
    outside = tempDir('promote-outside-');
    fs.writeFileSync(path.join(outside, 'image'), `${digest('storefront', 4)}\n`);
  });
  afterEach(() => fs.rmSync(outside, { recursive: true, force: true }));
  const linkPin = () => {
    fs.rmSync(path.join(root, 'pins', 'storefront.prod.image'));
    fs.symlinkSync(path.join(outside, 'image'), path.join(root, 'pins', 'storefront.prod.image'));
  };
  const message = () => `pin file 'pins/storefront.prod.image' is a symbolic link to ${outside}/image, not a regular file. `
    + 'Make pins/storefront.prod.image a plain file in pins/ (not a link or a folder), e.g. git rm it and write the pin again';

  test('committed as a link: refused in promote\'s worktree, nothing written', () => {
    linkPin();
    git(root, ['commit', '-q', '-am', 'A pin that is a link']);
    const before = repoState(root);
    expect(() => run({ app: 'storefront', to: 'prod', image: digest('storefront', 3) })).toThrow(message());
    expect(repoState(root)).toEqual(before);
    expect(fs.readFileSync(path.join(outside, 'image'), 'utf8')).toBe(`${digest('storefront', 4)}\n`);
  });

  test('--no-commit into a working tree whose pin is a link: refused, the file it points to untouched', () => {
    linkPin();
    expect(() => run({ app: 'storefront', to: 'prod', image: digest('storefront', 3), commit: false })).toThrow(message());
    expect(fs.readFileSync(path.join(outside, 'image'), 'utf8')).toBe(`${digest('storefront', 4)}\n`);
  });
});

describe('an image of another repository than the app\'s', () => {
  test('refused with the fix: by digest it could be another app\'s', () => {
    const before = repoState(root);
    expect(() => run({ app: 'storefront', to: 'prod', image: digest('go-sample-app', 3) })).toThrow(
      `image '${digest('go-sample-app', 3)}' is of repository docker.io/example/go-sample-app, but app 'storefront' builds docker.io/example/storefront (its kpack Image's tag). `
      + 'Give an image of docker.io/example/storefront (the digest kpack reported for this app), or pass --allow-other-repository (allowOtherRepository: true) '
      + 'if prod is meant to run an image of docker.io/example/go-sample-app');
    expect(repoState(root)).toEqual(before);
  });

  test('allowed when asked: the commit message says so', () => {
    const result = run({ app: 'storefront', to: 'prod', image: digest('go-sample-app', 3), allowOtherRepository: true });
    expect(git(root, ['log', '-1', '--format=%B', result.branch!])).toContain('\nAllowed with --allow-other-repository: image '
      + `'${digest('go-sample-app', 3)}' is of repository docker.io/example/go-sample-app, but app 'storefront' builds docker.io/example/storefront (its kpack Image's tag).\n`);
  });

  test('the repository the environment runs already (a mirror) is fine', () => {
    const mirror = (n: number) => `mirror.example.com/shop/storefront@sha256:${String(n).repeat(64)}`;
    fs.writeFileSync(path.join(root, 'pins', 'storefront.prod.image'), `${mirror(1)}\n`);
    git(root, ['commit', '-q', '-am', 'prod pulls from the mirror']);
    expect(run({ app: 'storefront', to: 'prod', image: mirror(2) }).branch).toBe('promote/storefront/prod/sha256-222222222222');
  });
});

test('promote\'s worktree folder a link (to a folder outside): refused, nothing written there', () => {
  const outside = tempDir('promote-worktrees-');
  try {
    fs.mkdirSync(path.join(root, '.git', 'cdk8s-push-delivery'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, '.git', 'cdk8s-push-delivery', 'promote'));
    const before = repoState(root);
    expect(() => run({ app: 'storefront', to: 'prod', image: digest('storefront', 3) })).toThrow(
      `promote's worktree folder '${root}/.git/cdk8s-push-delivery/promote' is a symbolic link to ${outside}, not a folder. Delete ${root}/.git/cdk8s-push-delivery/promote: promote makes it itself`);
    expect(repoState(root)).toEqual(before);
    expect(fs.readdirSync(outside)).toEqual([]);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
