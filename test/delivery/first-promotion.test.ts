// A new app with promoted environments synthesizes at once: before anything is promoted to an environment,
// its Deployment is committed with no replicas (Argo CD reports it Healthy, no pod pulls an image nobody
// promoted), synthesis warns with the promote command, the front page says the environment waits and how
// to end the wait; and that command, run as printed once the new app is committed, promotes on real git.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { promote } from '../../lib';
import { AWAITING_IMAGE_ANNOTATION } from '../../lib/delivery/environments';
import { git } from '../support/git-fixtures';
import { synthWarnings } from '../support/synth';
import { gitIdentity } from '../promotion/shop';
import { APPS, digestOf, teamsRepo, teamsRoot } from './teams-fixture';

let root: string;
beforeAll(gitIdentity);
beforeEach(() => {
  root = teamsRoot();
  for (const env of ['staging', 'prod']) fs.rmSync(path.join(root, 'pins', `reports.${env}.image`));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const COMMAND = (env: string) => `npm run promote -- reports ${env} --image <registry/repository@sha256:...>`;

test('nothing promoted yet: each environment is a Deployment of no replicas, with a warning that gives the command', () => {
  const { ops } = teamsRepo(root);
  const files = ops.render().files;
  for (const env of ['staging', 'prod']) {
    const deployment = YAML.parse(files.get(`data/reports/${env}/deployment-reports.yaml`)!);
    expect(deployment.spec.replicas).toBe(0);
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/example/reports');
    expect(deployment.metadata.annotations).toEqual({ [AWAITING_IMAGE_ANNOTATION]: `nothing is promoted to ${env} yet: ${COMMAND(env)}` });
    expect(files.has(`data/reports/${env}/service-reports.yaml`)).toBe(true);
  }
  expect(synthWarnings(teamsRepo(root).ops).filter(w => w.startsWith('data/reports/'))).toEqual(['staging', 'prod'].map(env =>
    `data/reports/env-${env}: environments[${env}] 'pins/reports.${env}.image' does not exist: nothing is promoted to this environment yet, so its Deployment runs no pods. `
      + `Commit this change (the app's code, its pins and the synthesized manifests) first, then promote an image to it: ${COMMAND(env)}`));
  expect(files.get('README.md')).toContain(`| prod | \`https://prod.example.com:6443\` | \`reports\` | nothing yet: no image is promoted to it, so its Deployment runs no pods. `
    + `Once the app is committed, promote one: \`${COMMAND('prod')}\` |`);
});

test('the command the warning prints works as printed once the new app is committed, and not before', () => {
  // Which apps the ops repository has is its code, as main.ts is for the CLI (promote loads the committed one):
  // here a file the load reads from the folder it is given.
  const code = (dir: string) => path.join(dir, 'apps.json');
  const load = (dir: string) => teamsRepo(dir, { apps: JSON.parse(fs.readFileSync(code(dir), 'utf8')) }).ops;
  // The ops repository before the new app, committed; then the app is added and synthesized, as a user does.
  fs.writeFileSync(code(root), JSON.stringify(APPS.filter(a => a !== 'reports')));
  load(root).synthesize();
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'Three apps']);
  fs.writeFileSync(code(root), JSON.stringify(APPS));
  const report = load(root).synthesize();
  const printed = report.warnings.find(w => w.startsWith('data/reports/env-prod:'))!;
  const [, app, env] = /npm run promote -- (\S+) (\S+) --image <registry\/repository@sha256:\.\.\.>$/.exec(printed)!;
  const image = digestOf('reports', 7);

  expect(() => promote({ root, load, app, to: env, image })).toThrow(/uncommitted changes:\n {3}M apps\.json\nCommit them first/);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'Add reports']);
  const result = promote({ root, load, app, to: env, image });
  const deployment = YAML.parse(git(root, ['show', `${result.branch}:dist/data/reports/prod/deployment-reports.yaml`]));
  expect(deployment.spec.replicas).toBe(3);
  expect(deployment.spec.template.spec.containers[0].image).toBe(image);
  expect(deployment.metadata.annotations).toBeUndefined();
});
