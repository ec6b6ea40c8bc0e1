// The tutorial's push flow for real: the delivery Pipeline AppDelivery synthesizes runs, Task by Task, with its
// Tasks' scripts exactly as synthesized: git-clone and pin-revision with real git against repositories served
// over authenticated HTTP, lint and test with the real golangci-lint v2.8.0 and Go 1.25.5 of their images,
// against the tutorial's app (test/fixtures/apps/go-hello-server). The commit lint and test passed is the one
// pinned, even when the branch moves meanwhile; a commit that fails lint pins nothing.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { UNPINNED } from '../../../lib/catalog/scripts';
import { ClusterBuilder } from '../../../lib/kpack';
import { AppDelivery, Environment, OpsRepo } from '../../../lib/delivery';
import { renderApp } from '../../../lib/output/render';
import { writeOutput } from '../../../lib/output/writer';
import { compareOutput } from '../../support/drift';
import { commitLog, git, readBlob } from '../../support/git-fixtures';
import { PipelineRunOutcome, runPipeline } from '../pipeline-run';
import { runTaskStep } from '../task-run';
import { GitWorld } from './harness';
import { fixtureApp, runWithTools, toolsOf } from './real-tools';

const APP = 'hello-server';

let world: GitWorld;
let app: { bare: string; url: string; work: string };
let ops: { bare: string; url: string };
beforeAll(async () => {
  world = await GitWorld.start();
  const work = fixtureApp('go-hello-server', world.root);
  git(work, ['init', '-q', '-b', 'main']);
  git(work, ['add', '-A']);
  git(work, ['commit', '-q', '-m', 'The tutorial app']);
  app = { ...world.serve(work, `${APP}.git`), work };
  ops = { url: world.server.url('ops.git'), bare: '' };
  const opsWork = world.dir('ops-work-');
  fs.mkdirSync(path.join(opsWork, 'pins'));
  fs.writeFileSync(path.join(opsWork, 'pins', `${APP}.sha`), `${UNPINNED}\n`);
  synthesize(opsWork, path.join(opsWork, 'dist'));
  git(opsWork, ['init', '-q', '-b', 'main']);
  git(opsWork, ['add', '-A']);
  git(opsWork, ['commit', '-q', '-m', 'Synthesize']);
  ops.bare = world.serve(opsWork, 'ops.git').bare;
  // The real tools, installed now if missing (minutes the first time), not inside a test's timeout.
  const tasks = pipelineOf(opsWork).tasks;
  toolsOf(tasks.get(`${APP}-golangci-lint`), 'lint');
  toolsOf(tasks.get(`${APP}-golang-test`), 'test');
}, 1_200_000);
afterAll(async () => world.stop());

/** The ops repository's app, as an ops repository's main.ts would write it, synthesized from `root` into `outdir`. */
function synthesize(root: string, outdir: string): Map<string, string> {
  const repo = new OpsRepo({ url: ops.url, root, outdir });
  new AppDelivery(repo, APP, {
    repository: { url: app.url, branch: 'main' },
    image: { tag: `docker.io/example/${APP}`, builder: ClusterBuilder.fromName('paketo-go') },
    ci: { gitCredentialsSecret: 'git-credentials' },
    triggers: { fluxPolling: {} },
    environments: [Environment.deployment({ name: 'prod', image: `docker.io/example/${APP}:1.0.0` })],
  });
  const files = renderApp(repo);
  writeOutput(outdir, files);
  return files;
}

/** The delivery Pipeline and its Tasks, from the ops repository checked out at `root`. */
function pipelineOf(root: string): { pipeline: any; tasks: Map<string, any> } {
  const dir = path.join(root, 'dist', APP, 'tekton');
  const objects = fs.readdirSync(dir).map(f => YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  return {
    pipeline: objects.find(o => o.kind === 'Pipeline'),
    tasks: new Map(objects.filter(o => o.kind === 'Task').map(o => [o.metadata.name, o])),
  };
}

/** A PipelineRun of the Pipeline in the ops repository's main branch for `revision`. */
async function pipelineRun(revision: string, afterTask?: (name: string) => void): Promise<PipelineRunOutcome> {
  const checkout = world.dir('ops-clone-');
  git(world.root, ['clone', '-q', ops.bare, checkout]);
  const { pipeline, tasks } = pipelineOf(checkout);
  const source = world.dir('workspace-source-');
  return runPipeline(pipeline, tasks, {
    params: { 'repo-url': app.url, revision },
    workspaces: { 'source': source, 'ops': world.dir('workspace-ops-'), 'git-credentials': world.credentials },
    afterTask,
  }, (name, task, step, run) => (['lint', 'test'].includes(name)
    ? runWithTools(task, step, run)
    : runTaskStep(task, step, run, { TMPDIR: world.root }, 60_000)));
}

let lintFailure: string | undefined;
/** The commit on the app's main branch that golangci-lint fails (an unchecked http.ListenAndServe), pushed once. */
function lintFailureCommit(): string {
  return lintFailure ??= pushLintFailure();
}

function pushLintFailure(): string {
  const file = path.join(app.work, 'hello-server.go');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8')
    .replace('log.Fatal(http.ListenAndServe(":8080", nil))', 'http.ListenAndServe(":8080", nil)').replace('\t"log"\n', ''));
  git(app.work, ['commit', '-q', '-am', 'Serve without checking the error']);
  git(app.work, ['push', '-q', app.bare, 'main']);
  return git(app.work, ['rev-parse', 'HEAD']).trim();
}

beforeEach(() => jest.spyOn(process.stderr, 'write').mockImplementation(() => true));
afterEach(() => jest.restoreAllMocks());

test('the tutorial app passes lint and test, and the commit they checked is pinned, though main moved meanwhile', async () => {
  const tested = git(app.work, ['rev-parse', 'HEAD']).trim();
  let moved = '';
  const run = await pipelineRun('main', name => { if (name === 'copy-checkout') moved = lintFailureCommit(); });
  const byName = Object.fromEntries(run.taskRuns.map(t => [t.name, t]));
  expect(run.taskRuns.map(t => [t.name, t.status])).toEqual([
    ['fetch-source', 0], ['copy-checkout', 0], ['lint', 0], ['test', 0], ['pin-revision', 0],
  ]);
  expect(byName['fetch-source'].results.commit).toBe(tested);
  expect(byName.lint.stdout).toContain('using the default one');
  expect(byName.lint.stdout).toMatch(/^0 issues\.$/m);
  expect(byName.test.stdout + byName.test.stderr).toMatch(/example\.com\/hello-server/);
  expect(moved).not.toBe(tested);
  expect(git(app.bare, ['rev-parse', 'main']).trim()).toBe(moved);

  expect(run.results['pinned-revision']).toBe(tested);
  expect(readBlob(ops.bare, `pins/${APP}.sha`)).toBe(`${tested}\n`);
  expect(YAML.parse(readBlob(ops.bare, `dist/${APP}/kpack/image-${APP}.yaml`)).spec.source.git.revision).toBe(tested);
  expect(commitLog(ops.bare)[0].subject).toBe(`Pin ${APP} to ${tested}`);
  // dist/ after the pin is exactly what synthesis makes of the new pin file.
  const after = world.dir('ops-after-');
  git(world.root, ['clone', '-q', ops.bare, after]);
  const fresh = world.dir('fresh-');
  synthesize(after, fresh);
  expect(compareOutput(path.join(after, 'dist'), fresh)).toEqual([]);
}, 900_000);

test('a commit that fails lint stops the run before the pin: the ops repository does not change', async () => {
  const head = git(ops.bare, ['rev-parse', 'main']).trim();
  const run = await pipelineRun(lintFailureCommit());
  expect(run.failed).toBe('lint');
  const lint = run.taskRuns.find(t => t.name === 'lint')!;
  expect(lint.stdout).toMatch(/^hello-server\.go:\d+:\d+: Error return value of `http\.ListenAndServe` is not checked \(errcheck\)$/m);
  expect(run.taskRuns.map(t => t.name)).not.toContain('pin-revision');
  expect(git(ops.bare, ['rev-parse', 'main']).trim()).toBe(head);
}, 900_000);
