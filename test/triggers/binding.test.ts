import { ApiObject, Testing } from 'cdk8s';
import { validateTree } from '../../lib/output/render';
import { ClusterTriggerBinding, EventValue, GitHubPush, TriggerBinding, TriggerTemplate } from '../../lib/triggers';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { chartInCi } from './support/fixtures';

describe('TriggerBinding', () => {
  test('snapshot', () => {
    const { chart } = chartInCi();
    new TriggerBinding(chart, 'github-push', {
      params: { 'revision': GitHubPush.headCommitId, 'repo-url': '$(body.repository.clone_url)', 'event': EventValue.header('X-GitHub-Event') },
    });
    new ClusterTriggerBinding(chart, 'github-ref', { params: { ref: GitHubPush.ref } });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('renders triggers.tekton.dev/v1beta1 with the id as name, the chart namespace and params in order', () => {
    const { chart } = chartInCi();
    const binding = new TriggerBinding(chart, 'github-push', { params: { revision: GitHubPush.after } });
    binding.addParam('url', GitHubPush.cloneUrl);
    expect(binding.node.defaultChild).toBeInstanceOf(ApiObject);
    expect((binding.node.defaultChild as ApiObject).kind).toBe('TriggerBinding');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'triggers.tekton.dev/v1beta1',
      kind: 'TriggerBinding',
      metadata: { name: 'github-push', namespace: 'ci' },
      spec: { params: [{ name: 'revision', value: '$(body.after)' }, { name: 'url', value: '$(body.repository.clone_url)' }] },
    }]);
    expect(binding.paramNames).toEqual(['revision', 'url']);
    expect(binding.param('url').value.toString()).toBe('$(body.repository.clone_url)');
  });

  test('a ClusterTriggerBinding has no namespace, even in a chart with one', () => {
    const { chart } = chartInCi();
    const binding = new ClusterTriggerBinding(chart, 'shared', { metadata: { name: 'github-shared' }, params: { revision: GitHubPush.after } });
    const [obj] = Testing.synth(chart);
    expect(obj.kind).toBe('ClusterTriggerBinding');
    expect(obj.metadata).toEqual({ name: 'github-shared' });
    expect(binding.namespace).toBeUndefined();
    expect(binding.kind).toBe('ClusterTriggerBinding');
  });

  test('a template param handle names the binding param', () => {
    const { chart } = chartInCi();
    const template = new TriggerTemplate(chart, 'build');
    const revision = template.addParam('git-revision');
    const binding = new TriggerBinding(chart, 'b');
    expect(binding.addParam(revision, GitHubPush.headCommitId).name).toBe('git-revision');
  });

  test('importers stand for bindings outside the app', () => {
    expect(TriggerBinding.fromName('github-pr', { paramNames: ['revision'] })).toEqual({ name: 'github-pr', kind: 'TriggerBinding', namespace: undefined, paramNames: ['revision'] });
    expect(ClusterTriggerBinding.fromName('github-push')).toEqual({ name: 'github-push', kind: 'ClusterTriggerBinding', paramNames: undefined });
  });

  test('passes the CRD check (Triggers CRDs have no schema) and tekton-lint', () => {
    const { chart } = chartInCi();
    new TriggerBinding(chart, 'github-push', { params: { revision: GitHubPush.after } });
    const objects = Testing.synth(chart);
    expect(crdViolations(objects)).toEqual([]);
    expect(tektonLintFindings(objects)).toEqual([]);
  });

  describe('rejects', () => {
    test('a param name tekton-lint and Triggers would not accept', () => {
      const { chart } = chartInCi();
      const binding = new TriggerBinding(chart, 'b');
      expect(() => binding.addParam('git.revision', GitHubPush.after)).toThrow(
        "test/b: spec.params 'git.revision' is not a valid param name (letters, digits, '_' and '-', starting with a letter or '_'). Rename the param, e.g. 'git-revision'");
    });

    test('a param bound twice', () => {
      const { chart } = chartInCi();
      const binding = new TriggerBinding(chart, 'b', { params: { revision: GitHubPush.after } });
      expect(() => binding.addParam('revision', GitHubPush.headCommitId)).toThrow("test/b: spec.params 'revision' is defined twice. Give each param one value");
    });

    test('a malformed value', () => {
      const { chart } = chartInCi();
      expect(() => new TriggerBinding(chart, 'b', { params: { revision: '$(params.revision)' } })).toThrow(
        "test/b: spec.params.revision '$(params.revision)' is not a valid binding value: '$(params.revision)' reads 'params', but a TriggerBinding can read only body, header and extensions. "
        + "Use EventValue.body(), .header() or .extension(), or text such as '$(body.repository.clone_url)'");
    });

    test('a value that is neither text nor an EventValue', () => {
      const { chart } = chartInCi();
      const binding = new TriggerBinding(chart, 'b');
      expect(() => binding.addParam('revision', undefined as any)).toThrow(
        "test/b: spec.params.revision 'undefined' is not a binding value. Give an EventValue (e.g. GitHubPush.headCommitId) or text");
    });

    test('a binding without params', () => {
      const { app, chart } = chartInCi();
      new TriggerBinding(chart, 'b');
      expect(() => validateTree(app)).toThrow(
        "test/b: spec.params '[]' is empty; Triggers rejects a binding without params. Add a param with addParam(), e.g. addParam('revision', GitHubPush.headCommitId)");
    });

    test('a name starting with a digit, or not a DNS name', () => {
      const { chart } = chartInCi();
      expect(() => new TriggerBinding(chart, '1-push')).toThrow(
        "test/1-push: metadata.name '1-push' does not start with a letter, which tekton-lint (no-invalid-name) rejects. Start the name with a lower-case letter");
      expect(() => new TriggerBinding(chart, 'Push')).toThrow("test/Push: metadata.name 'Push' is not a DNS-1123 subdomain");
    });

    test('an unknown param', () => {
      const { chart } = chartInCi();
      const binding = new TriggerBinding(chart, 'b', { params: { revision: GitHubPush.after } });
      expect(() => binding.param('rev')).toThrow("test/b: spec.params 'rev' is not a param of this binding. Use one of: revision");
    });
  });
});
