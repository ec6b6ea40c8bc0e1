// Every error rule of @ibm/tekton-lint, and the warnings this repository treats as errors: the same mistake
// built with the constructs fails (or warns) at synth with our message, and the equivalent YAML is flagged
// by the real linter. Good output (the other tests) passes the linter with zero findings.
import * as fs from 'fs';
import { ApiObject, Testing } from 'cdk8s';
import { FolderChart } from '../../lib/output/folder-chart';
import { Pipeline, PipelineRun, RunWorkspace, Task, TaskVolume } from '../../lib/tekton';
import { tektonLintFindings } from '../support/conformance';
import { ALPINE_IMAGE, gitClone, goTest, newChart, pipelineFixture, synthProblems, synthWarnings } from './fixtures';

/** Good output: Tasks git-clone and golang-test, Pipeline p running them in order. */
function goodObjects(): any[] {
  const { chart } = newChart();
  const clone = gitClone(chart);
  const test = goTest(chart);
  const p = new Pipeline(chart, 'p');
  const ws = p.addWorkspace('ws');
  const url = p.addParam('url');
  const fetch = p.addTask('fetch', clone, { params: { url }, workspaces: { output: ws } });
  p.addTask('test', test, { params: { package: fetch.result('commit') }, workspaces: { source: ws } });
  return Testing.synth(chart);
}

/** The linter's findings for `objects` after `mutate`, as `level rule`. */
function lintAfter(mutate: (o: { task: any; test: any; pipeline: any; all: any[] }) => void): string[] {
  const all = JSON.parse(JSON.stringify(goodObjects()));
  mutate({ task: all[0], test: all[1], pipeline: all[2], all });
  return tektonLintFindings(all).map(f => f.slice(0, f.indexOf(':')));
}

test('the base objects are lint-clean', () => {
  expect(tektonLintFindings(goodObjects())).toEqual([]);
});

describe('tekton-lint error rules', () => {
  test('no-duplicate-param', () => {
    const { chart } = newChart();
    const task = gitClone(chart);
    expect(() => task.addParam('url')).toThrow("ci/git-clone: spec.params 'url' is declared twice (tekton-lint's no-duplicate-param)");
    expect(lintAfter(o => o.task.spec.params.push({ name: 'url', type: 'string' }))).toContain('error no-duplicate-param');
  });

  test('no-invalid-name', () => {
    const { chart } = newChart();
    expect(() => new Task(chart, '1-clone')).toThrow("ci/1-clone: metadata.name '1-clone' does not start with a letter (tekton-lint's no-invalid-name)");
    expect(() => gitClone(chart, 'c2').addParam('a.b')).toThrow("ci/c2: spec.params 'a.b' is not a valid param name");
    expect(lintAfter(o => { o.task.metadata.name = '1-clone'; })).toContain('error no-invalid-name');
    expect(lintAfter(o => o.task.spec.params.push({ name: 'a.b' }))).toContain('error no-invalid-name');
  });

  test('no-invalid-param-type', () => {
    const { chart } = newChart();
    expect(() => gitClone(chart).addParam('depth', { default: 1 as any })).toThrow(
      "ci/git-clone: spec.params[depth].default '1' is not a string, as the param's type 'string' requires (tekton-lint's no-invalid-param-type)");
    expect(lintAfter(o => { o.task.spec.params[1].default = 1; })).toContain('error no-invalid-param-type');
  });

  test('no-pipeline-missing-task', () => {
    const { app, chart, clone, p, ws } = pipelineFixture();
    const other = new Pipeline(chart, 'other');
    const elsewhere = other.addTask('elsewhere', clone, { params: { url: 'x' }, workspaces: { output: other.addWorkspace('w') } });
    p.addTask('fetch', clone, { params: { url: 'x' }, workspaces: { output: ws }, runAfter: [elsewhere] });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[fetch].runAfter 'elsewhere' is a task of another Pipeline (ci/other) (tekton-lint's no-pipeline-missing-task). Use a task returned by addTask on Pipeline 'p'",
    ]);
    expect(lintAfter(o => { o.pipeline.spec.tasks[1].runAfter = ['elsewhere']; })).toContain('error no-pipeline-missing-task');
  });

  test('no-pipeline-task-cycle', () => {
    const { app, clone, test, p, ws } = pipelineFixture();
    const fetch = p.addTask('fetch', clone, { params: { url: 'x' }, workspaces: { output: ws } });
    const t = p.addTask('test', test, { params: { package: fetch.result('commit') }, workspaces: { source: ws } });
    fetch.addRunAfter(t);
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks 'fetch -> test -> fetch' is a cycle: each task runs after the one before it, so none can start (tekton-lint's no-pipeline-task-cycle). Remove one of these runAfter entries or result references",
    ]);
    expect(lintAfter(o => { o.pipeline.spec.tasks[0].runAfter = ['test']; })).toContain('error no-pipeline-task-cycle');
  });

  test('no-extra-param', () => {
    const { app, clone, p, ws } = pipelineFixture();
    p.addTask('fetch', clone, { params: { url: 'x', depth: '1' }, workspaces: { output: ws } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[fetch].params 'depth' is not a param of Task 'git-clone' (tekton-lint's no-extra-param). Pass one of: url, revision",
    ]);
    expect(lintAfter(o => o.pipeline.spec.tasks[0].params.push({ name: 'depth', value: '1' }))).toContain('error no-extra-param');
  });

  test('no-missing-workspace', () => {
    const { app, chart, clone, p } = pipelineFixture();
    const other = new Pipeline(chart, 'other', { workspaces: { foreign: {} } });
    other.addTask('t', clone, { params: { url: 'x' }, workspaces: { output: other.workspace('foreign') } });
    p.addTask('fetch', clone, { params: { url: 'x' } });
    p.addTask('again', clone, { params: { url: 'x' }, workspaces: { output: other.workspace('foreign') } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[fetch].workspaces 'output' is required by Task 'git-clone' but not bound (tekton-lint's no-missing-workspace). Bind it: workspaces: { 'output': pipeline.addWorkspace('...') }",
      "ci/p: spec.tasks[again].workspaces[output] 'foreign' is a workspace of another Pipeline (ci/other) (tekton-lint's no-missing-workspace). Bind a workspace of Pipeline 'p' (pipeline.addWorkspace)",
    ]);
    expect(lintAfter(o => { delete o.pipeline.spec.tasks[0].workspaces; })).toContain('error no-missing-workspace');
    expect(lintAfter(o => { o.pipeline.spec.tasks[0].workspaces[0].workspace = 'foreign'; })).toContain('error no-missing-workspace');
  });

  test('no-undefined-result', () => {
    const { app, clone, test, p, ws } = pipelineFixture();
    const fetch = p.addTask('fetch', clone, { params: { url: 'x' }, workspaces: { output: ws } });
    p.addTask('test', test, { params: { package: fetch.result('sha') }, workspaces: { source: ws } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[test].params[package] '$(tasks.fetch.results.sha)' names a result that Task 'git-clone' (task 'fetch') does not declare (tekton-lint's no-undefined-result). Declare it on the Task with addResult('sha'), or use one of: commit",
    ]);
    expect(lintAfter(o => { o.pipeline.spec.tasks[1].params[0].value = '$(tasks.fetch.results.sha)'; })).toContain('error no-undefined-result');
  });

  test('no-missing-param', () => {
    const { app, clone, p, ws } = pipelineFixture();
    p.addTask('fetch', clone, { params: { revision: 'main' }, workspaces: { output: ws } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[fetch].params 'url' is required by Task 'git-clone' (it has no default) but not passed (tekton-lint's no-missing-param). Pass it: params: { 'url': ... }",
    ]);
    expect(lintAfter(o => { o.pipeline.spec.tasks[0].params = [{ name: 'revision', value: 'main' }]; })).toContain('error no-missing-param');
  });

  test('no-duplicate-resource', () => {
    const { app, chart } = newChart();
    gitClone(chart);
    gitClone(new FolderChart(app, 'tools', { folder: 'tools', namespace: 'tools' }));
    expect(synthProblems(app)).toEqual([
      "tools: metadata.name 'git-clone' of the Task at tools/git-clone is also the name of the Task at ci/git-clone. Give each Task its own name: the output is linted as one set of files, and tekton-lint's no-duplicate-resource ignores namespaces",
    ]);
    expect(lintAfter(o => o.all.push({ ...o.task, metadata: { ...o.task.metadata, namespace: 'tools' } }))).toContain('error no-duplicate-resource');
  });

  test('no-resourceversion', () => {
    const { app, chart } = newChart();
    ApiObject.of(gitClone(chart)).metadata.add('resourceVersion', '7');
    expect(synthProblems(app)).toEqual([
      "ci/git-clone: metadata.resourceVersion '7' is set, but the API server owns it and a committed value makes applies conflict. Remove it (tekton-lint's no-resourceversion)",
    ]);
    expect(lintAfter(o => { o.task.metadata.resourceVersion = '7'; })).toContain('error no-resourceversion');
  });

  test('no-duplicate-env: a step cannot repeat a stepTemplate variable, and within one step names are map keys', () => {
    const { chart } = newChart();
    const task = new Task(chart, 'envs', { stepTemplate: { env: { HOME: '/root' } } });
    expect(() => task.addStep({ name: 's', image: ALPINE_IMAGE, env: { HOME: '/tmp' } })).toThrow(
      "ci/envs: spec.steps[s].env 'HOME' is also set by the stepTemplate (tekton-lint's no-duplicate-env)");
    expect(lintAfter(o => { o.task.spec.steps[0].env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }]; })).toContain('error no-duplicate-env');
  });

  test('no-undefined-volume: a mounted volume is always declared; two volumes cannot share a name', () => {
    const { chart } = newChart();
    const task = new Task(chart, 'mounts');
    task.addStep({ name: 's', image: ALPINE_IMAGE, volumeMounts: [{ volume: TaskVolume.emptyDir('scratch'), mountPath: '/scratch' }] });
    const objects = Testing.synth(chart);
    expect(objects[0].spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(tektonLintFindings(objects)).toEqual([]);
    expect(() => task.addStep({ name: 't', image: ALPINE_IMAGE, volumeMounts: [{ volume: TaskVolume.secret('scratch', 's'), mountPath: '/s' }] })).toThrow(
      "ci/mounts: spec.volumes 'scratch' is already the name of a different volume");
    expect(lintAfter(o => { o.task.spec.steps[0].volumeMounts = [{ name: 'nope', mountPath: '/x' }]; })).toContain('error no-undefined-volume');
  });

  test('no-missing-resource: a Task outside the app is a warning, since it may exist in the cluster', () => {
    const { app, p, ws } = pipelineFixture();
    p.addTask('fetch', Task.fromName('catalog-clone'), { workspaces: { output: ws } });
    expect(synthWarnings(app)).toContain(
      "ci/p: spec.tasks[fetch].taskRef 'Task 'catalog-clone' (outside this app)' is not part of this app, so tekton-lint reports it (no-missing-resource) and only what Task.fromName declares is checked. Define the Task with new Task(...) in this app if the output must be lint-clean");
    expect(lintAfter(o => { o.pipeline.spec.tasks[0].taskRef.name = 'catalog-clone'; })).toContain('error no-missing-resource');
  });

  test('no-undefined-param, in a Task and in a Pipeline', () => {
    const { app, chart, test, p, ws } = pipelineFixture();
    new Task(chart, 'echo', { steps: [{ name: 's', image: ALPINE_IMAGE, args: ['$(params.message)'] }] });
    p.addTask('test', test, { params: { package: '$(params.pkg)' }, workspaces: { source: ws } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[test].params[package] '$(params.pkg)' names a param that Pipeline 'p' does not declare (tekton-lint's no-undefined-param). Declare it with pipeline.addParam('pkg')",
      "ci/echo: spec.steps[s].args[0] '$(params.message)' names a param that Task 'echo' does not declare (tekton-lint's no-undefined-param). Declare it with addParam('message')",
    ]);
    expect(lintAfter(o => { o.task.spec.steps[0].script += 'echo $(params.message)\n'; })).toContain('error no-undefined-param');
    expect(lintAfter(o => { o.pipeline.spec.tasks[0].params[0].value = '$(params.pkg)'; })).toContain('error no-undefined-param');
  });

  test('no-pipeline-missing-parameters is configured but not implemented by tekton-lint 1.1; runs missing required params fail here', () => {
    const loader = fs.readFileSync(require.resolve('@ibm/tekton-lint/dist/rule-loader.js'), 'utf8');
    expect(loader).not.toContain('no-pipeline-missing-parameters');
    const { app, chart, clone, p, ws } = pipelineFixture();
    p.addTask('fetch', clone, { params: { url: p.addParam('url') }, workspaces: { output: ws } });
    new PipelineRun(chart, 'run', { pipeline: p, workspaces: { ws: RunWorkspace.emptyDir() } });
    expect(synthProblems(app)).toEqual([
      "ci/run: params 'url' is required by Pipeline 'p' (it has no default) but not given. Pass a value for 'url'",
    ]);
  });
});

describe('tekton-lint warnings this repository keeps out of its output', () => {
  test('no-latest-image is an error here', () => {
    const { chart } = newChart();
    expect(() => new Task(chart, 't', { steps: [{ name: 's', image: 'docker.io/library/alpine:latest' }] })).toThrow("uses the tag 'latest'");
    expect(lintAfter(o => { o.task.spec.steps[0].image = 'alpine:latest'; })).toContain('warning no-latest-image');
  });

  test('no-missing-hashbang is an error here', () => {
    const { chart } = newChart();
    expect(() => new Task(chart, 't', { steps: [{ name: 's', image: ALPINE_IMAGE, script: 'echo hi' }] })).toThrow("does not start with a hashbang (tekton-lint's no-missing-hashbang)");
    expect(lintAfter(o => { o.task.spec.steps[0].script = 'echo hi'; })).toContain('warning no-missing-hashbang');
  });

  test('no-unused-param and prefer-kebab-case are warnings here too', () => {
    const { app, chart } = newChart();
    const t = new Task(chart, 't', { steps: [{ name: 's', image: ALPINE_IMAGE }] });
    t.addParam('unused');
    expect(synthWarnings(app)).toEqual([expect.stringContaining("spec.params 'unused' is declared but nothing in the Task uses it (tekton-lint's no-unused-param)")]);
    expect(lintAfter(o => o.task.spec.params.push({ name: 'unused', type: 'string' }))).toContain('warning no-unused-param');
    expect(lintAfter(o => { o.pipeline.spec.tasks[0].name = 'Fetch'; o.pipeline.spec.tasks[1].params[0].value = '$(tasks.Fetch.results.commit)'; })).toContain('warning prefer-kebab-case');
  });
});
