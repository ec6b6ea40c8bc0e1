import { ApiObject, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Warnings } from '../../lib/core/warnings';
import { validateTree } from '../../lib/output/render';
import { Pipeline } from '../../lib/tekton/pipeline';
import { RunWorkspace } from '../../lib/tekton/run';
import { GitHubPush, TriggerBinding, TriggerTemplate } from '../../lib/triggers';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { BUILD_PIPELINE, BUILD_PIPELINE_OBJECTS, chartInCi } from './support/fixtures';

const source = { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) };

function buildTemplate() {
  const { app, chart } = chartInCi();
  const template = new TriggerTemplate(chart, 'build');
  const revision = template.addParam('revision', { description: 'The commit to build' });
  const repoUrl = template.addParam('repo-url', { default: 'https://github.com/octo/app.git' });
  return { app, chart, template, revision, repoUrl };
}

describe('TriggerTemplate', () => {
  test('snapshot', () => {
    const { chart, template, revision, repoUrl } = buildTemplate();
    template.addPipelineRun({
      pipeline: BUILD_PIPELINE,
      params: { 'revision': revision, 'repo-url': repoUrl, 'context': `apps/${revision}` },
      workspaces: source,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'runner', 'build-bot'),
      timeouts: { pipeline: Duration.minutes(30) },
      labels: { 'app.kubernetes.io/part-of': 'go-sample-app' },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('params render $(tt.params.x); the PipelineRun is the v1 shape with generateName', () => {
    const { chart, template, revision, repoUrl } = buildTemplate();
    expect(revision.ref).toBe('$(tt.params.revision)');
    expect(`${repoUrl}`).toBe('$(tt.params.repo-url)');
    template.addPipelineRun({
      pipeline: BUILD_PIPELINE,
      params: { 'revision': revision, 'repo-url': repoUrl },
      workspaces: source,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'runner', 'build-bot'),
    });
    const [obj] = Testing.synth(chart);
    expect(obj.apiVersion).toBe('triggers.tekton.dev/v1beta1');
    expect(obj.metadata).toEqual({ name: 'build', namespace: 'ci' });
    expect(obj.spec.params).toEqual([
      { name: 'revision', description: 'The commit to build' },
      { name: 'repo-url', default: 'https://github.com/octo/app.git' },
    ]);
    const run = obj.spec.resourcetemplates[0];
    expect(run.metadata).toEqual({ generateName: 'build-run-' });
    expect(run.spec.params).toEqual([{ name: 'revision', value: '$(tt.params.revision)' }, { name: 'repo-url', value: '$(tt.params.repo-url)' }]);
    expect(run.spec.taskRunTemplate).toEqual({ serviceAccountName: 'build-bot', podTemplate: { automountServiceAccountToken: false, securityContext: {
      runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } } } });
    expect(run.spec.serviceAccountName).toBeUndefined();
    expect((template.node.defaultChild as ApiObject).kind).toBe('TriggerTemplate');
    expect(template.paramSpecs).toEqual([{ name: 'revision', hasDefault: false }, { name: 'repo-url', hasDefault: true }]);
    expect(template.createdKinds).toEqual(['tekton.dev/PipelineRun']);
  });

  test('a binding param declares the template param it fills', () => {
    const { chart } = chartInCi();
    const binding = new TriggerBinding(chart, 'b', { params: { 'git-revision': GitHubPush.after } });
    const template = new TriggerTemplate(chart, 't');
    expect(template.addParam(binding.param('git-revision')).ref).toBe('$(tt.params.git-revision)');
    expect(template.param('git-revision').name).toBe('git-revision');
  });

  test('runs added after construction appear (lazy rendering), and a generateName can be given', () => {
    const { chart, template, revision, repoUrl } = buildTemplate();
    const synthOnce = () => Testing.synth(chart)[0].spec.resourcetemplates;
    template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': repoUrl }, workspaces: source });
    template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': repoUrl }, workspaces: source, generateName: 'verify-' });
    expect(synthOnce().map((r: any) => r.metadata.generateName)).toEqual(['build-run-', 'verify-']);
  });

  test('an external Pipeline is not checked: its params are unknown', () => {
    const { app, template, revision } = buildTemplate();
    template.param('repo-url');
    template.addPipelineRun({ pipeline: Pipeline.fromName('elsewhere'), params: { anything: revision, url: template.param('repo-url') } });
    expect(() => validateTree(app)).not.toThrow();
  });

  test('passes tekton-lint together with its Pipeline', () => {
    const { chart, template, revision, repoUrl } = buildTemplate();
    template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': repoUrl }, workspaces: source });
    const objects = Testing.synth(chart);
    expect(tektonLintFindings([...objects, ...BUILD_PIPELINE_OBJECTS])).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
  });

  describe('rejects', () => {
    test('$(params.x), the form Triggers dropped in v0.7 (the tutorial\'s bug), with a hint', () => {
      const { app, template, repoUrl } = buildTemplate();
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': '$(params.revision)', 'repo-url': repoUrl }, workspaces: source });
      expect(() => validateTree(app)).toThrow(
        "test/build: spec.resourcetemplates[0].spec.params[0].value '$(params.revision)' is not substituted: since Triggers v0.7 a template param is written $(tt.params.<name>), "
        + "and $(params.<name>) reaches the run unchanged. Use the template param's handle, which renders $(tt.params.revision)");
    });

    test('a $(tt.params.x) the template does not declare', () => {
      const { app, chart, template, revision } = buildTemplate();
      const foreign = new TriggerTemplate(chart, 'other').addParam('url');
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': foreign }, workspaces: source });
      expect(() => validateTree(app)).toThrow(
        "test/build: spec.resourcetemplates[0].spec.params[1].value '$(tt.params.url)' uses param 'url', which this template does not declare. Declare it with addParam('url'), or use a param handle of this template");
    });

    test('reading the event in a template', () => {
      const { app, template, revision } = buildTemplate();
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': '$(body.repository.clone_url)' }, workspaces: source });
      expect(() => validateTree(app)).toThrow(
        "test/build: spec.resourcetemplates[0].spec.params[1].value '$(body.repository.clone_url)' reads the event, which only a TriggerBinding can; a template sees only its params. "
        + 'Bind the value to a template param in a TriggerBinding and use the param here');
    });

    test('params the Pipeline does not declare, and required params not given', () => {
      const { app, template, revision } = buildTemplate();
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { rev: revision }, workspaces: source });
      const run = () => validateTree(app);
      expect(run).toThrow("test/build: spec.resourcetemplates[0].spec.params 'rev' is not a param of Pipeline 'build'. Use one of: revision, repo-url, context");
      expect(run).toThrow("test/build: spec.resourcetemplates[0].spec.params 'revision' is required by Pipeline 'build' (it has no default) but not given. Pass a value for 'revision'");
    });

    test('an unbound workspace, required or optional', () => {
      const { app, template, revision, repoUrl } = buildTemplate();
      const pipeline = { ...BUILD_PIPELINE, declaredWorkspaces: [{ name: 'source', optional: false }, { name: 'cache', optional: true }] };
      template.addPipelineRun({ pipeline, params: { 'revision': revision, 'repo-url': repoUrl } });
      const run = () => validateTree(app);
      expect(run).toThrow("test/build: spec.resourcetemplates[0].spec.workspaces 'source' is required by Pipeline 'build' but not bound. Bind it, e.g. with RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) })");
      expect(run).toThrow("test/build: spec.resourcetemplates[0].spec.workspaces 'cache' is an optional workspace of Pipeline 'build' left unbound, which tekton-lint (no-missing-workspace) rejects in a TriggerTemplate. Bind it, e.g. with RunWorkspace.emptyDir()");
    });

    test('a template without resources', () => {
      const { app } = buildTemplate();
      expect(() => validateTree(app)).toThrow("test/build: spec.resourcetemplates '[]' is empty; Triggers rejects a template without resources. Add a run with addPipelineRun()");
    });

    test('a generateName that makes run names longer than a label', () => {
      const { template, revision, repoUrl } = buildTemplate();
      const generateName = `${'x'.repeat(58)}-`;
      expect(() => template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': repoUrl }, workspaces: source, generateName })).toThrow(
        `test/build: generateName '${generateName}' is 58 characters long, more than the 57 allowed (a run name is generateName plus 5 characters and must be a label). `
        + "Use a shorter generateName of lower-case letters, digits and '-', e.g. 'build-run-'");
    });

    test('a param declared twice or with an invalid name', () => {
      const { template } = buildTemplate();
      expect(() => template.addParam('revision')).toThrow("test/build: spec.params 'revision' is declared twice. Declare each param once and reuse its handle");
      expect(() => template.addParam('1st')).toThrow("test/build: spec.params '1st' is not a valid param name");
      expect(() => template.param('nope')).toThrow("test/build: spec.params 'nope' is not a param of this template. Use one of: revision, repo-url");
    });

    test('warns about a declared param no resource uses', () => {
      const { app, template, revision, repoUrl } = buildTemplate();
      template.addParam('image');
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': repoUrl }, workspaces: source });
      validateTree(app);
      expect(Warnings.collect(app)).toEqual([
        "test/build: spec.params 'image' is declared but not used in any resource template. Use it as $(tt.params.image) (e.g. as a PipelineRun param value) or remove it",
      ]);
    });
  });
});
