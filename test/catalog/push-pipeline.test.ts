import { Testing } from 'cdk8s';
import { GitCloneTask, GoLintTask, GoTestTask, PinRevisionTask } from '../../lib/catalog';
import { Pipeline } from '../../lib/tekton';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { newChart, objectOf, synthProblems, synthWarnings } from './fixtures';

/** The push flow's Pipeline: fetch, then lint and test in parallel, then pin the tested commit. */
function pushPipeline(pinParams: { [name: string]: string } = { app: 'go-sample-app' }) {
  const { chart } = newChart();
  const clone = new GitCloneTask(chart, 'git-clone');
  const lint = new GoLintTask(chart, 'golangci-lint');
  const test = new GoTestTask(chart, 'golang-test');
  const pin = new PinRevisionTask(chart, 'pin-revision', { opsUrl: 'https://github.com/example/go-sample-app-ops.git' });
  const pipeline = new Pipeline(chart, 'push');
  const repoUrl = pipeline.addParam('repo-url');
  const revision = pipeline.addParam('revision');
  const source = pipeline.addWorkspace('source');
  const scratch = pipeline.addWorkspace('scratch');
  const credentials = pipeline.addWorkspace('git-credentials');
  const fetch = pipeline.addTask('fetch', clone, {
    params: { [clone.url.name]: repoUrl, [clone.revision.name]: revision, [clone.subdirectory.name]: 'app' },
    workspaces: { [clone.output.name]: source, [clone.gitCredentials.name]: credentials },
  });
  const lintTask = pipeline.addTask('lint', lint, { workspaces: { [lint.source.name]: source.subPath('app') }, runAfter: [fetch] });
  const testTask = pipeline.addTask('test', test, { workspaces: { [test.source.name]: source.subPath('app') }, runAfter: [fetch] });
  pipeline.addTask('pin', pin, {
    params: { ...pinParams, [pin.revision.name]: fetch.result(clone.commit.name) },
    workspaces: { [pin.appSource.name]: source.subPath('app'), [pin.opsCheckout.name]: scratch, [pin.gitCredentials.name]: credentials },
    runAfter: [lintTask, testTask],
  });
  return chart;
}

describe('the catalog Tasks in the push Pipeline', () => {
  test('wire up through their handles and pass the synth checks, tekton-lint and the CRD schema', () => {
    const chart = pushPipeline();
    const objects = Testing.synth(chart);
    expect(synthProblems(chart)).toEqual([]);
    expect(synthWarnings(chart)).toEqual([]);
    expect(tektonLintFindings(objects)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    const pin = objectOf(objects, 'Pipeline', 'push').spec.tasks.find((t: any) => t.name === 'pin');
    expect(pin.params).toEqual([{ name: 'app', value: 'go-sample-app' }, { name: 'revision', value: '$(tasks.fetch.results.commit)' }]);
    expect(pin.runAfter).toEqual(['lint', 'test']);
  });

  test('a missing required param of a catalog Task fails synth, naming the pipeline task and the fix', () => {
    const problems = synthProblems(pushPipeline({}));
    expect(problems).toEqual(["ci/push: spec.tasks[pin].params 'app' is required by Task 'pin-revision' (it has no default) but not passed (tekton-lint's no-missing-param). Pass it: params: { 'app': ... }"]);
  });
});
