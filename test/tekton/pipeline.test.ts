import { Duration, Testing } from 'cdk8s';
import {
  InlineTask, Pipeline, PipelineContext, PipelineTaskOnError, Task, When,
} from '../../lib/tekton';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { ALPINE_IMAGE, gitClone, goTest, newChart, synthProblems, synthWarnings } from './fixtures';

/** The tutorial's build-pipeline: clone, lint and test in parallel, clone the ops repo, pin the revision. */
function buildPipeline() {
  const { app, chart } = newChart();
  const clone = gitClone(chart);
  const test = goTest(chart);
  const lint = goTest(chart, 'golangci-lint');
  const pin = new Task(chart, 'update-image-revision');
  const revision = pin.addParam('revision');
  const src = pin.addWorkspace('source');
  pin.addStep({ name: 'pin', image: ALPINE_IMAGE, workingDir: src.path, env: { REVISION: revision.ref }, script: '#!/bin/sh\necho "$REVISION" > revision\n' });
  const notify = new InlineTask(chart, 'notify', {
    params: { status: {}, run: {} },
    steps: [{ name: 'notify', image: ALPINE_IMAGE, env: { RUN: '$(params.run)', STATUS: '$(params.status)' }, script: '#!/bin/sh\necho "$RUN: $STATUS"\n' }],
  });

  const pipeline = new Pipeline(chart, 'build-pipeline', { description: 'Tests a commit and pins it for kpack' });
  const repoUrl = pipeline.addParam('repo-url', { description: 'App repository' });
  const rev = pipeline.addParam('revision', { default: 'main' });
  const opsUrl = pipeline.addParam('ops-url', { default: 'https://github.com/example/go-sample-app-ops.git' });
  const shared = pipeline.addWorkspace('shared-workspace');
  const ops = pipeline.addWorkspace('shared-ops-workspace');

  const fetch = pipeline.addTask('fetch-repository', clone, { params: { url: repoUrl, revision: rev }, workspaces: { output: shared } });
  const lintTask = pipeline.addTask('lint', lint, { params: { package: fetch.result('commit') }, workspaces: { source: shared } });
  const testTask = pipeline.addTask('test', test, { params: { package: 'go-sample-app' }, workspaces: { source: shared }, runAfter: [fetch], retries: 1 });
  const fetchOps = pipeline.addTask('fetch-ops-repository', clone, {
    params: { url: opsUrl }, workspaces: { output: ops }, runAfter: [lintTask, testTask], timeout: Duration.minutes(5),
  });
  pipeline.addTask('update-image-revision', pin, {
    params: { revision: fetch.result('commit') }, workspaces: { source: ops }, runAfter: [fetchOps],
    when: [When.notIn(rev, ['skip'])], onError: PipelineTaskOnError.STOP_AND_FAIL,
  });
  pipeline.addFinally('notify', notify, { params: { status: PipelineContext.tasksStatus, run: PipelineContext.pipelineRunName } });
  pipeline.addResult('commit', fetch.result('commit'), { description: 'The tested commit' });
  return { app, chart, pipeline, fetch };
}

describe('Pipeline', () => {
  test('snapshot of the tutorial\'s build-pipeline: valid against the CRDs, lint-clean, no warnings', () => {
    const { app, chart } = buildPipeline();
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'Pipeline')).toMatchSnapshot();
    expect(synthProblems(app)).toEqual([]);
    expect(synthWarnings(app)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    expect(tektonLintFindings(objects)).toEqual([]);
  });

  test('reading a result orders the task without writing runAfter; explicit runAfter is kept as given', () => {
    const { chart } = buildPipeline();
    const tasks = Testing.synth(chart).find(o => o.kind === 'Pipeline').spec.tasks;
    const byName = Object.fromEntries(tasks.map((t: any) => [t.name, t]));
    expect(byName.lint.runAfter).toBeUndefined();
    expect(byName.lint.params).toEqual([{ name: 'package', value: '$(tasks.fetch-repository.results.commit)' }]);
    expect(byName['fetch-ops-repository'].runAfter).toEqual(['lint', 'test']);
    expect(byName.test.retries).toBe(1);
    expect(byName['fetch-ops-repository'].timeout).toBe('5m0s');
  });

  test('an embedded Task renders as taskSpec, a Task of the app as taskRef', () => {
    const { chart } = buildPipeline();
    const spec = Testing.synth(chart).find(o => o.kind === 'Pipeline').spec;
    expect(spec.finally[0].taskSpec.steps[0].name).toBe('notify');
    expect(spec.finally[0].taskRef).toBeUndefined();
    expect(spec.tasks[0].taskRef).toEqual({ name: 'git-clone' });
  });

  test('is the reference runs check against; params and workspaces added later count', () => {
    const { pipeline } = buildPipeline();
    pipeline.addParam('late', { enum: ['a', 'b'], default: 'a' });
    expect(pipeline.name).toBe('build-pipeline');
    expect(pipeline.declaredParams).toEqual([
      { name: 'repo-url', type: 'string', required: true },
      { name: 'revision', type: 'string', required: false },
      { name: 'ops-url', type: 'string', required: false },
      { name: 'late', type: 'string', required: false, enum: ['a', 'b'] },
    ]);
    expect(pipeline.declaredWorkspaces).toEqual([{ name: 'shared-workspace', optional: false }, { name: 'shared-ops-workspace', optional: false }]);
  });

  test('handles render pipeline variables', () => {
    const { pipeline, fetch } = buildPipeline();
    expect(`${fetch.result('commit')}`).toBe('$(tasks.fetch-repository.results.commit)');
    expect(fetch.result('files').all.ref).toBe('$(tasks.fetch-repository.results.files[*])');
    expect(fetch.result('files').item(2).ref).toBe('$(tasks.fetch-repository.results.files[2])');
    expect(fetch.result('obj').key('k').ref).toBe('$(tasks.fetch-repository.results.obj.k)');
    expect([fetch.status, fetch.reason]).toEqual(['$(tasks.fetch-repository.status)', '$(tasks.fetch-repository.reason)']);
    expect(pipeline.workspace('shared-workspace').bound).toBe('$(workspaces.shared-workspace.bound)');
    expect(pipeline.task('notify').result('x').ref).toBe('$(finally.notify.results.x)');
    expect(() => pipeline.task('nope')).toThrow("ci/build-pipeline: spec.tasks 'nope' is not a task of this Pipeline. Use one of: fetch-repository, lint, test, fetch-ops-repository, update-image-revision, notify");
  });

  test('array and object params pass whole values; CEL when expressions render', () => {
    const { app, chart } = newChart();
    const t = new Task(chart, 'args');
    const flags = t.addParam('flags', { type: 'array' });
    const cfg = t.addParam('cfg', { properties: ['url'] });
    t.addStep({ name: 's', image: ALPINE_IMAGE, args: [flags.ref] });
    t.addStep({ name: 'u', image: ALPINE_IMAGE, args: [cfg.key('url')] });
    const p = new Pipeline(chart, 'p');
    const pf = p.addParam('flags', { type: 'array', default: ['-v'] });
    const pc = p.addParam('cfg', { type: 'object', properties: ['url'] });
    p.addTask('a', t, { params: { flags: pf, cfg: pc }, when: [When.cel("'$(context.pipelineRun.name)' != ''")] });
    p.addTask('b', t, { params: { flags: ['-x', '-y'], cfg: { url: 'https://x' } } });
    const spec = Testing.synth(chart).find(o => o.kind === 'Pipeline').spec;
    expect(spec.tasks[0].params).toEqual([{ name: 'flags', value: '$(params.flags[*])' }, { name: 'cfg', value: '$(params.cfg[*])' }]);
    expect(spec.tasks[0].when).toEqual([{ cel: "'$(context.pipelineRun.name)' != ''" }]);
    expect(spec.tasks[1].params[1]).toEqual({ name: 'cfg', value: { url: 'https://x' } });
    expect(synthProblems(app)).toEqual([]);
    expect(crdViolations(Testing.synth(chart))).toEqual([]);
  });

  test('whole array results pass to array params and make an array Pipeline result; tekton-lint\'s misreading is a warning', () => {
    const { app, chart } = newChart();
    const list = new Task(chart, 'list');
    const files = list.addResult('files', { type: 'array' });
    list.addStep({ name: 's', image: ALPINE_IMAGE, script: `#!/bin/sh\necho '["a"]' > ${files.path}\n` });
    const use = new Task(chart, 'use');
    const args = use.addParam('args', { type: 'array' });
    use.addStep({ name: 's', image: ALPINE_IMAGE, args: [args.ref] });
    const p = new Pipeline(chart, 'p');
    const l = p.addTask('list', list);
    p.addTask('use', use, { params: { args: l.result('files').all } });
    p.addResult('files', l.result('files').all);
    expect(synthProblems(app)).toEqual([]);
    expect(p.renderSpec().results).toEqual([{ name: 'files', type: 'array', value: '$(tasks.list.results.files[*])' }]);
    expect(synthWarnings(app)).toEqual([
      "ci/p: spec.tasks[use].params[0].value '$(tasks.list.results.files[*])' is valid Tekton, but tekton-lint's no-undefined-result reads 'files[*]' as a name and reports an error. Use a string param or result here if the output must pass tekton-lint",
      "ci/p: spec.results[files] '$(tasks.list.results.files[*])' is valid Tekton, but tekton-lint's no-undefined-result reads 'files[*]' as a name and reports an error. Use a string param or result here if the output must pass tekton-lint",
    ]);
  });

  test('a result read in a when expression orders the task too (shown by the cycle it closes)', () => {
    const { app, chart } = newChart();
    const clone = gitClone(chart);
    const p = new Pipeline(chart, 'p');
    const ws = p.addWorkspace('ws');
    const a = p.addTask('a', clone, { params: { url: 'x' }, workspaces: { output: ws } });
    const b = p.addTask('b', clone, { params: { url: 'y' }, workspaces: { output: ws }, when: [When.in(a.result('commit'), ['abc'])] });
    expect(synthProblems(app)).toEqual([]);
    a.addRunAfter(b);
    expect(synthProblems(app)).toEqual([expect.stringContaining("ci/p: spec.tasks 'a -> b -> a' is a cycle")]);
  });

  test('a Task outside the app is referenced by name, checked against what it declares, and warned about', () => {
    const { app, chart } = newChart();
    const external = Task.fromName('git-clone', { params: { url: {}, depth: { optional: true } }, workspaces: { output: {} }, results: { commit: {} } });
    const p = new Pipeline(chart, 'p');
    const ws = p.addWorkspace('ws');
    const fetch = p.addTask('fetch', external, { params: { url: 'https://x' }, workspaces: { output: ws } });
    p.addTask('use', external, { params: { url: fetch.result('sha') }, workspaces: { output: ws } });
    expect(p.renderSpec().tasks[0].taskRef).toEqual({ name: 'git-clone' });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[use].params[url] '$(tasks.fetch.results.sha)' names a result that Task 'git-clone' (outside this app) (task 'fetch') does not declare (tekton-lint's no-undefined-result). Declare it on the Task with addResult('sha'), or use one of: commit",
    ]);
    expect(synthWarnings(app)).toEqual([
      "ci/p: spec.tasks[fetch].taskRef 'Task 'git-clone' (outside this app)' is not part of this app, so tekton-lint reports it (no-missing-resource) and only what Task.fromName declares is checked. Define the Task with new Task(...) in this app if the output must be lint-clean",
      "ci/p: spec.tasks[use].taskRef 'Task 'git-clone' (outside this app)' is not part of this app, so tekton-lint reports it (no-missing-resource) and only what Task.fromName declares is checked. Define the Task with new Task(...) in this app if the output must be lint-clean",
    ]);
  });
});

describe('Pipeline arguments rejected at once', () => {
  const { chart } = newChart();
  const clone = gitClone(chart);
  const p = new Pipeline(chart, 'p');
  p.addParam('x');
  p.addWorkspace('w');
  p.addTask('a', clone);
  test.each<[string, () => unknown, string]>([
    ['a duplicate task name', () => p.addTask('a', clone), "ci/p: spec.tasks 'a' is the name of another task of this Pipeline. Give each task its own name"],
    ['a finally task with a task\'s name', () => p.addFinally('a', clone), "ci/p: spec.finally 'a' is the name of another task of this Pipeline"],
    ['a task name that is not a label', () => p.addTask('Fetch_Repo', clone), "ci/p: spec.tasks 'Fetch_Repo' is not a DNS-1123 label"],
    ['a duplicate param', () => p.addParam('x'), "ci/p: spec.params 'x' is declared twice (tekton-lint's no-duplicate-param). Give each param its own name"],
    ['a duplicate workspace', () => p.addWorkspace('w'), "ci/p: spec.workspaces 'w' is declared twice. Give each workspace its own name"],
    ['a duplicate param value', () => p.task('a').addParam('url', 'x') ?? p.task('a').addParam('url', 'y'), "ci/p: spec.tasks[a].params 'url' is given twice (tekton-lint's no-duplicate-param). Give each param one value"],
    ['a workspace bound twice', () => p.task('a').addWorkspace('output', p.workspace('w')) ?? p.task('a').addWorkspace('output', p.workspace('w')), "ci/p: spec.tasks[a].workspaces 'output' is bound twice. Bind each workspace of the Task once"],
    ['negative retries', () => p.addTask('r', clone, { retries: -1 }), "ci/p: spec.tasks[r].retries '-1' is not a whole number from 0. Give the number of retries, e.g. 2"],
    ['a subPath leaving the workspace', () => p.workspace('w').subPath('../x'), "ci/p: spec.workspaces[w] '../x' is not a relative path inside the workspace. Use a path such as 'app' or 'repos/app'"],
    ['a duplicate result', () => p.addResult('r', '$(tasks.a.results.commit)') ?? p.addResult('r', 'x'), "ci/p: spec.results 'r' is declared twice. Give each result its own name"],
    ['a When without values', () => p.addTask('w1', clone, { when: [When.in('x', [])] }), "ci/p: spec.tasks[w1].when[0].values '[]' is empty, which Tekton rejects. List at least one value"],
    ['an empty CEL expression', () => p.task('a').addWhen(When.in('x', ['y']), When.cel(' ')), "ci/p: spec.tasks[a].when[1].cel ' ' is empty. Give a CEL expression"],
    ['a When that is not a When', () => p.task('a').addWhen('x' as any), "ci/p: spec.tasks[a].when 'x' is a string, not a When. Use When.in(...)"],
    ['a Pipeline name with a dot', () => new Pipeline(chart, 'a.b'), "ci/a.b: metadata.name 'a.b' is not a DNS-1123 label"],
  ])('%s', (_what, act, message) => {
    expect(act).toThrow(message);
  });
});
