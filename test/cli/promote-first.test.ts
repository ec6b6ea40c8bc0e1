// `npm run promote -- <app> <env> --image <ref>`, exactly as the messages print it, in a clean committed copy
// of this ops repository whose environment has nothing pinned yet: the first promotion of an environment.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ROOT } from '../support/drift';
import { git, tempDir } from '../support/git-fixtures';
import { gitIdentity } from '../promotion/shop';

let repo: string;
beforeAll(() => {
  gitIdentity();
  repo = tempDir('first-promotion-');
  for (const item of ['package.json', 'tsconfig.json', 'main.ts', 'lib', 'imports', 'scripts', 'pins', 'dist']) {
    fs.cpSync(path.join(ROOT, item), path.join(repo, item), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
  fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
  fs.rmSync(path.join(repo, 'pins', 'go-sample-app.prod.image'));
  git(repo, ['init', '-q', '-b', 'main']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'An ops repository whose prod has nothing pinned yet']);
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

test('npm run promote -- go-sample-app prod --image <digest>: one commit on a new branch, the working tree as it was', () => {
  const image = `docker.io/springone-tour-2020-cicd/go-sample-app@sha256:${'ab'.repeat(32)}`;
  const status = git(repo, ['status', '--porcelain']);
  const run = spawnSync('npm', ['run', 'promote', '--', 'go-sample-app', 'prod', '--image', image], { cwd: repo, encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/error|promote:/i);
  expect(run.status).toBe(0);
  const branch = 'promote/go-sample-app/prod/sha256-abababababab';
  expect(run.stdout).toContain(`on branch ${branch}. Push it and open a pull request: git push -u origin ${branch}`);
  expect(run.stdout).toContain('It ran:\n  (nothing pinned before)');
  expect(git(repo, ['rev-list', '--count', `main..${branch}`]).trim()).toBe('1');
  expect(git(repo, ['show', `${branch}:pins/go-sample-app.prod.image`])).toBe(`${image}\n`);
  const deployment = YAML.parse(git(repo, ['show', `${branch}:dist/go-sample-app/prod/deployment-go-sample-app.yaml`]));
  expect(deployment.spec.template.spec.containers[0].image).toBe(image);
  expect(git(repo, ['status', '--porcelain'])).toBe(status);
  expect(fs.existsSync(path.join(repo, 'pins', 'go-sample-app.prod.image'))).toBe(false);
}, 120_000);
