import { ApiObject, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { PodSecurity } from '../../lib/core/pod-security';
import { FolderChart } from '../../lib/output/folder-chart';
import { ArgoCdHook, HookDeletePolicy, Pipeline, PipelineRun, RunWorkspace, When } from '../../lib/tekton';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { thrown } from '../support/synth';
import { gitClone, newChart, synthProblems, synthWarnings } from './fixtures';

function pipelineWithClone(namespace = 'ci') {
  const { app, chart } = newChart(namespace);
  const pipeline = new Pipeline(chart, 'clone-pipeline');
  const url = pipeline.addParam('repo-url');
  const depth = pipeline.addParam('depth', { enum: ['1', 'full'], default: '1' });
  const ws = pipeline.addWorkspace('source');
  const cache = pipeline.addWorkspace('cache', { optional: true });
  pipeline.addTask('fetch', gitClone(chart), { params: { url, revision: depth }, workspaces: { output: ws }, when: [When.in(cache.bound, ['true', 'false'])] });
  return { app, chart, pipeline };
}

describe('PipelineRun', () => {
  test('snapshot: an Argo CD PostSync hook with generateName by default; valid and lint-clean with its Pipeline', () => {
    const { app, chart, pipeline } = pipelineWithClone();
    const sa = new kplus.ServiceAccount(chart, 'build-bot', { metadata: { name: 'build-bot' } });
    new PipelineRun(chart, 'build-once', {
      pipeline,
      params: { 'repo-url': 'https://github.com/example/app.git', 'depth': 'full' },
      workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1), storageClassName: 'standard' }), cache: RunWorkspace.emptyDir() },
      serviceAccount: sa,
      timeouts: { pipeline: Duration.hours(1), tasks: Duration.minutes(50), finally: Duration.minutes(10) },
      metadata: { labels: { team: 'ci' } },
    });
    const objects = Testing.synth(chart);
    const run = objects.find(o => o.kind === 'PipelineRun');
    expect(run).toMatchSnapshot();
    expect(run.metadata.name).toBeUndefined();
    expect(run.metadata.generateName).toBe('build-once-');
    expect(run.spec.taskRunTemplate).toEqual({ serviceAccountName: 'build-bot', podTemplate: { automountServiceAccountToken: false, securityContext: {
      runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } } } });
    expect(synthProblems(app)).toEqual([]);
    expect(synthWarnings(app)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    expect(tektonLintFindings(objects.filter(o => o.apiVersion.startsWith('tekton.dev')))).toEqual([]);
  });

  test('another hook phase and delete policy', () => {
    const { chart, pipeline } = pipelineWithClone();
    new PipelineRun(chart, 'pre', {
      pipeline, params: { 'repo-url': 'x' }, workspaces: { source: RunWorkspace.emptyDir() },
      argoCdHook: ArgoCdHook.preSync(HookDeletePolicy.HOOK_SUCCEEDED), metadata: { annotations: { note: 'kept' } },
    });
    const run = Testing.synth(chart).find(o => o.kind === 'PipelineRun');
    expect(run.metadata.annotations).toEqual({ 'note': 'kept', 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' });
    expect([ArgoCdHook.sync().phase, ArgoCdHook.syncFail().phase, ArgoCdHook.postSync().deletePolicy]).toEqual(['Sync', 'SyncFail', 'BeforeHookCreation']);
  });

  test('without a hook: a fixed name and a warning about what Argo CD will do', () => {
    const { app, chart, pipeline } = pipelineWithClone();
    new PipelineRun(chart, 'one-off', { pipeline, params: { 'repo-url': 'x' }, workspaces: { source: RunWorkspace.emptyDir() }, argoCdHook: ArgoCdHook.none() });
    const run = Testing.synth(chart).find(o => o.kind === 'PipelineRun');
    expect(run.metadata).toEqual({ name: 'one-off', namespace: 'ci' });
    expect(synthWarnings(app)).toEqual([
      "ci/one-off: metadata.name 'one-off' is a fixed name without an Argo CD hook: Argo CD creates the run once, never runs it again, and prunes it with its logs once it leaves git. Keep the default ArgoCdHook.postSync(), or start runs from a TriggerTemplate or PipelineTrigger",
    ]);
  });

  test('params and workspaces are checked against the Pipeline, including params added to it later', () => {
    const { app, chart, pipeline } = pipelineWithClone();
    new PipelineRun(chart, 'bad', {
      pipeline,
      params: { 'repo-url': ['x'] as any, 'depth': 'shallow', 'extra': 'y' },
      workspaces: { cache: RunWorkspace.emptyDir(), nope: RunWorkspace.emptyDir() },
    });
    pipeline.addParam('late');
    expect(synthProblems(app)).toContain(
      "ci/bad: params.repo-url '[\"x\"]' is an array but Pipeline 'clone-pipeline' declares it as a string. Pass a string value");
    expect(synthProblems(app).filter(p => p.startsWith('ci/bad'))).toEqual([
      "ci/bad: params.repo-url '[\"x\"]' is an array but Pipeline 'clone-pipeline' declares it as a string. Pass a string value",
      "ci/bad: params.depth 'shallow' is not one of the values Pipeline 'clone-pipeline' allows. Use one of: 1, full",
      "ci/bad: params 'extra' is not a param of Pipeline 'clone-pipeline'. Use one of: repo-url, depth, late",
      "ci/bad: params 'late' is required by Pipeline 'clone-pipeline' (it has no default) but not given. Pass a value for 'late'",
      "ci/bad: workspaces 'nope' is not a workspace of Pipeline 'clone-pipeline'. Use one of: source, cache",
      "ci/bad: workspaces 'source' is required by Pipeline 'clone-pipeline' but not bound. Bind it, e.g. with RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) })",
    ]);
  });

  test('a Pipeline outside the app is run by name, unchecked', () => {
    const { app, chart } = newChart();
    new PipelineRun(chart, 'ext', { pipeline: Pipeline.fromName('catalog-pipeline'), params: { anything: 'x' } });
    expect(synthProblems(app)).toEqual([]);
    expect(Testing.synth(chart)[0].spec).toEqual({ pipelineRef: { name: 'catalog-pipeline' }, params: [{ name: 'anything', value: 'x' }],
      taskRunTemplate: { podTemplate: { automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } } } } });
  });

  test('podSecurity: an opt-out needs a reason and lands in the annotations', () => {
    const { app, chart } = newChart();
    expect(thrown(() => new PipelineRun(chart, 'bad', { pipeline: Pipeline.fromName('p'), podSecurity: PodSecurity.baseline('') })))
      .toMatch(/^ci\/bad: podSecurity.reason '' does not state why the pods cannot be restricted/);
    expect(thrown(() => new PipelineRun(chart, 'js', { pipeline: Pipeline.fromName('p'), podSecurity: 'privileged' as any })))
      .toMatch(/^ci\/js: podSecurity 'privileged' is not a PodSecurity\. Leave it out/);
    new PipelineRun(chart, 'dind', { pipeline: Pipeline.fromName('p'), podSecurity: PodSecurity.privileged('docker-in-docker needs a privileged sidecar') });
    expect(synthProblems(app)).toEqual([]);
    const run = Testing.synth(chart).find(o => o.metadata.generateName === 'dind-');
    expect(run.metadata.annotations['cdk8s-push-delivery.dev/pod-security']).toBe('privileged');
    expect(run.spec.taskRunTemplate).toEqual({ podTemplate: { automountServiceAccountToken: false } });
  });

  test('a run in another namespace than its Pipeline', () => {
    const { app, pipeline } = pipelineWithClone('ci');
    const other = new FolderChart(app, 'other', { folder: 'other', namespace: 'elsewhere' });
    new PipelineRun(other, 'run', { pipeline, params: { 'repo-url': 'x' }, workspaces: { source: RunWorkspace.emptyDir() } });
    expect(synthProblems(app)).toEqual([
      "other/run: spec.pipelineRef 'clone-pipeline' is in namespace 'ci', but the run is in 'elsewhere', where Tekton looks it up. Create the run in the Pipeline's namespace",
    ]);
  });

  test('two one-off runs with one name, and a committed resourceVersion', () => {
    const { app, chart, pipeline } = pipelineWithClone();
    const common = { pipeline, params: { 'repo-url': 'x' }, workspaces: { source: RunWorkspace.emptyDir() }, argoCdHook: ArgoCdHook.none() };
    new PipelineRun(chart, 'a', { ...common, metadata: { name: 'same' } });
    const second = new PipelineRun(chart, 'b', { ...common, metadata: { name: 'same' } });
    ApiObject.of(second).metadata.add('resourceVersion', '42');
    expect(synthProblems(app)).toEqual([
      "ci: metadata.name 'same' of the PipelineRun at ci/b is also the name of the PipelineRun at ci/a. Give each PipelineRun its own name: the output is linted as one set of files, and tekton-lint's no-duplicate-resource ignores namespaces",
      "ci/b: metadata.resourceVersion '42' is set, but the API server owns it and a committed value makes applies conflict. Remove it (tekton-lint's no-resourceversion)",
    ]);
  });

  test('names are checked at once, with room for the generated suffix', () => {
    const { chart, pipeline } = pipelineWithClone();
    expect(() => new PipelineRun(chart, 'x'.repeat(58), { pipeline })).toThrow(
      `ci/${'x'.repeat(58)}: metadata.generateName '${'x'.repeat(58)}' is 58 characters long, more than the 57 allowed`);
    expect(() => new PipelineRun(chart, 'ok', { pipeline, serviceAccount: 'Build_Bot' })).toThrow(
      "ci/ok: serviceAccount 'Build_Bot' is not a DNS-1123 subdomain");
  });
});
