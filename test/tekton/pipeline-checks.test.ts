import { FolderChart } from '../../lib/output/folder-chart';
import { Pipeline, Task, When } from '../../lib/tekton';
import { ALPINE_IMAGE, newChart, pipelineFixture, synthProblems, synthWarnings } from './fixtures';

describe('Pipeline checks at synth', () => {
  test('required params missing, unknown params, type and enum mismatches, undeclared pipeline params', () => {
    const { app, chart, clone, test, p, ws } = pipelineFixture();
    const modes = new Task(chart, 'modes');
    const mode = modes.addParam('mode', { enum: ['fast', 'full'] });
    const keys = modes.addParam('cfg', { properties: ['a', 'b'] });
    modes.addStep({ name: 's', image: ALPINE_IMAGE, args: [mode.ref, keys.key('a'), keys.key('b')] });
    const wide = p.addParam('wide', { enum: ['fast', 'full', 'slow'] });
    p.addTask('fetch', clone, { params: { revision: ['a'], depth: '1' }, workspaces: { output: ws } });
    p.addTask('test', test, { params: { package: '$(params.pkg)' }, workspaces: { source: ws } });
    p.addTask('m1', modes, { params: { mode: 'slow', cfg: { a: 'x' } } });
    p.addTask('m2', modes, { params: { mode: wide, cfg: { a: 'x', b: 'y' } } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[fetch].params[revision] '[\"a\"]' is an array but Task 'git-clone' declares 'revision' as a string. Pass a string value",
      "ci/p: spec.tasks[fetch].params 'depth' is not a param of Task 'git-clone' (tekton-lint's no-extra-param). Pass one of: url, revision",
      "ci/p: spec.tasks[fetch].params 'url' is required by Task 'git-clone' (it has no default) but not passed (tekton-lint's no-missing-param). Pass it: params: { 'url': ... }",
      "ci/p: spec.tasks[test].params[package] '$(params.pkg)' names a param that Pipeline 'p' does not declare (tekton-lint's no-undefined-param). Declare it with pipeline.addParam('pkg'), or use one of: wide",
      "ci/p: spec.tasks[m1].params[mode] 'slow' is not one of the values Task 'modes' allows. Use one of: fast, full",
      "ci/p: spec.tasks[m1].params[cfg] '{\"a\":\"x\"}' lacks the keys b that Task 'modes' declares. Give a value for every key",
      "ci/p: spec.tasks[m2].params[mode] '$(params.wide)' may be slow, which Task 'modes' does not allow for 'mode'. Limit the Pipeline param's enum to: fast, full",
    ]);
  });

  test('workspaces: required not bound, unknown task workspace, optional bound to required, another Pipeline\'s', () => {
    const { app, chart, clone, test, p } = pipelineFixture();
    const maybe = p.addWorkspace('maybe', { optional: true });
    const other = new Pipeline(chart, 'other');
    const foreign = other.addWorkspace('foreign');
    p.addTask('fetch', clone, { params: { url: 'x' }, workspaces: { source: maybe } });
    p.addTask('test', test, { params: { package: 'x' }, workspaces: { source: maybe } });
    p.addTask('again', test, { params: { package: 'x' }, workspaces: { source: foreign } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[fetch].workspaces 'source' is not a workspace of Task 'git-clone'. Bind one of: output",
      "ci/p: spec.tasks[fetch].workspaces 'output' is required by Task 'git-clone' but not bound (tekton-lint's no-missing-workspace). Bind it: workspaces: { 'output': pipeline.addWorkspace('...') }",
      "ci/p: spec.tasks[test].workspaces[source] 'maybe' is optional in Pipeline 'p' but bound to the required workspace 'source' of Task 'golang-test'. Make the Pipeline workspace required, or the Task workspace optional",
      "ci/p: spec.tasks[again].workspaces[source] 'foreign' is a workspace of another Pipeline (ci/other) (tekton-lint's no-missing-workspace). Bind a workspace of Pipeline 'p' (pipeline.addWorkspace)",
      "ci/other: spec.tasks '[]' is empty: a Pipeline needs at least one task. Add one with addTask(name, task)",
    ]);
  });

  test('results: undeclared result, a task\'s own result, a finally task\'s result, unknown task, status outside finally', () => {
    const { app, clone, test, p, ws } = pipelineFixture();
    const fetch = p.addTask('fetch', clone, { params: { url: 'x' }, workspaces: { output: ws } });
    const fin = p.addFinally('fin', test, { params: { package: fetch.status }, workspaces: { source: ws } });
    const t = p.addTask('test', test, { params: { package: fetch.result('digest') }, workspaces: { source: ws } });
    t.addWhen(When.in(fin.result('x'), ['y']), When.in('$(tasks.nope.results.r)', ['y']), When.in(fetch.status, ['Succeeded']));
    p.addTask('self', clone, { params: { url: '$(tasks.self.results.commit)' }, workspaces: { output: ws } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[test].params[package] '$(tasks.fetch.results.digest)' names a result that Task 'git-clone' (task 'fetch') does not declare (tekton-lint's no-undefined-result). Declare it on the Task with addResult('digest'), or use one of: commit",
      "ci/p: spec.tasks[test].when[0].input '$(finally.fin.results.x)' is only available to the Pipeline's results. Read finally results in pipeline.addResult(...) only",
      "ci/p: spec.tasks[test].when[1].input '$(tasks.nope.results.r)' names a task that Pipeline 'p' does not have. Use one of: fetch, test, self",
      "ci/p: spec.tasks[test].when[2].input '$(tasks.fetch.status)' is only available to finally tasks. Read it in a task added with addFinally",
      "ci/p: spec.tasks[self].params[url] '$(tasks.self.results.commit)' reads a result of the task itself. Read results of other tasks only",
    ]);
  });

  test('runAfter: a task of another Pipeline, a finally task, runAfter on a finally task', () => {
    const { app, chart, clone, test, p, ws } = pipelineFixture();
    const other = new Pipeline(chart, 'other');
    const ows = other.addWorkspace('ws');
    const foreign = other.addTask('foreign', clone, { params: { url: 'x' }, workspaces: { output: ows } });
    const fetch = p.addTask('fetch', clone, { params: { url: 'x' }, workspaces: { output: ws } });
    const fin = p.addFinally('fin', test, { params: { package: 'x' }, workspaces: { source: ws }, runAfter: [fetch] });
    p.addTask('test', test, { params: { package: 'x' }, workspaces: { source: ws }, runAfter: [foreign, fin] });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[test].runAfter 'foreign' is a task of another Pipeline (ci/other) (tekton-lint's no-pipeline-missing-task). Use a task returned by addTask on Pipeline 'p'",
      "ci/p: spec.tasks[test].runAfter 'fin' is a finally task, which runs after all tasks. Remove it from runAfter",
      "ci/p: spec.finally[fin].runAfter '[\"fetch\"]' is set on a finally task, which Tekton rejects: finally tasks run after all tasks. Remove runAfter",
    ]);
  });

  test('a cycle through runAfter and a result reference is named', () => {
    const { app, clone, test, p, ws } = pipelineFixture();
    const a = p.addTask('a', clone, { params: { url: 'x' }, workspaces: { output: ws } });
    const b = p.addTask('b', test, { params: { package: a.result('commit') }, workspaces: { source: ws } });
    const c = p.addTask('c', test, { params: { package: 'x' }, workspaces: { source: ws }, runAfter: [b] });
    a.addRunAfter(c);
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks 'a -> b -> c -> a' is a cycle: each task runs after the one before it, so none can start (tekton-lint's no-pipeline-task-cycle). Remove one of these runAfter entries or result references",
    ]);
  });

  test('handles of another Pipeline or of a Task are rejected as param values', () => {
    const { app, chart, clone, test, p, ws } = pipelineFixture();
    const other = new Pipeline(chart, 'other');
    const op = other.addParam('x');
    const ows = other.addWorkspace('w');
    const ot = other.addTask('t', clone, { params: { url: op }, workspaces: { output: ows } });
    p.addTask('a', clone, { params: { url: op }, workspaces: { output: ws } });
    p.addTask('b', test, { params: { package: ot.result('commit') }, workspaces: { source: ws } });
    p.addTask('c', test, { params: { package: clone.param('url') }, workspaces: { source: ws } });
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[a].params[url] '$(params.x)' is a param of another Pipeline (ci/other) (tekton-lint's no-undefined-param). Pass a param of Pipeline 'p' (pipeline.addParam) or a result of one of its tasks",
      "ci/p: spec.tasks[b].params[package] '$(tasks.t.results.commit)' is a result of a task of another Pipeline (ci/other). Pass a param of Pipeline 'p' (pipeline.addParam) or a result of one of its tasks",
      "ci/p: spec.tasks[c].params[package] '$(params.url)' is a param of a Task (ci/git-clone), which a Pipeline cannot read. Pass a param of Pipeline 'p' (pipeline.addParam) or a result of one of its tasks",
    ]);
  });

  test('pipeline results must be made of task results', () => {
    const { app, clone, p, ws } = pipelineFixture();
    const fetch = p.addTask('fetch', clone, { params: { url: 'x' }, workspaces: { output: ws } });
    p.addResult('literal', 'abc');
    p.addResult('param', '$(params.x)');
    p.addResult('ok', `${fetch.result('commit')}`);
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.results[literal] 'abc' is not made of task results, which Tekton requires of a Pipeline result. Use pipelineTask.result('name')",
      "ci/p: spec.results[param] '$(params.x)' is not a task result; a Pipeline result can only be made of task results. Use pipelineTask.result('name')",
      "ci/p: spec.results[param] '$(params.x)' is not made of task results, which Tekton requires of a Pipeline result. Use pipelineTask.result('name')",
    ]);
  });

  test('a Task in another namespace than the Pipeline', () => {
    const { app, chart } = newChart('ci');
    const tools = new FolderChart(app, 'tools', { folder: 'tools', namespace: 'tools' });
    const task = new Task(tools, 'echo', { steps: [{ name: 's', image: ALPINE_IMAGE }] });
    new Pipeline(chart, 'p').addTask('echo', task);
    expect(synthProblems(app)).toEqual([
      "ci/p: spec.tasks[echo].taskRef 'Task 'echo'' is in namespace 'tools', but a run of Pipeline 'p' looks Tasks up in 'ci'. Create the Task in the Pipeline's namespace (a FolderChart of that namespace; apps that share Tasks can share one CI namespace, AppDelivery namespaces.ci)",
    ]);
  });

  test('unused params and workspaces, and names tekton-lint wants kebab-case, are warnings', () => {
    const { app, chart, p } = pipelineFixture();
    const upper = new Task(chart, 'upper');
    const token = upper.addParam('GITHUB_TOKEN');
    upper.addStep({ name: 's', image: ALPINE_IMAGE, args: [token.ref] });
    p.addParam('unused');
    const used = p.addParam('Token_Name');
    p.addTask('a', upper, { params: { GITHUB_TOKEN: used } });
    expect(synthProblems(app)).toEqual([]);
    expect(synthWarnings(app)).toEqual([
      "ci/p: spec.params 'unused' is declared but no task uses it (tekton-lint's no-unused-param). Pass it to a task, or remove it",
      "ci/p: spec.workspaces 'ws' is declared but no task uses it. Bind it to a task's workspace, or remove it",
      "ci/p: spec.tasks[a].params[GITHUB_TOKEN].name 'GITHUB_TOKEN' is not kebab-case (tekton-lint's prefer-kebab-case). Use lower-case letters, digits and '-'",
      "ci/p: spec.tasks[a].params[GITHUB_TOKEN].value '$(params.Token_Name)' refers to the param 'Token_Name', which is not kebab-case (tekton-lint's prefer-kebab-case). Rename the param in lower-case letters, digits and '-'",
    ]);
  });
});
