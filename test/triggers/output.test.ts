// The trigger objects as the ops repo writes them: one file per object in the chart's folder, the same bytes
// every time, and no object defined twice (tekton-lint's no-duplicate-resource).
import { FolderChart } from '../../lib/output/folder-chart';
import { OpsApp } from '../../lib/output/ops-app';
import { renderApp } from '../../lib/output/render';
import { GitHubPush, TriggerBinding } from '../../lib/triggers';
import { tektonLintFindings } from '../support/conformance';
import { pushFlow } from './support/fixtures';

function render() {
  const app = new OpsApp({ outdir: 'unused' });
  pushFlow(new FolderChart(app, 'triggers', { folder: 'go-sample-app/triggers', namespace: 'ci' }));
  return renderApp(app);
}

describe('trigger output in dist/', () => {
  test('one file per object, including the RBAC, and identical bytes on every synthesis', () => {
    const files = render();
    expect([...files.keys()]).toEqual([
      '.generated-files',
      'go-sample-app/triggers/clusterrole-el-github-ci.yaml',
      'go-sample-app/triggers/clusterrolebinding-el-github-ci.yaml',
      'go-sample-app/triggers/eventlistener-github.yaml',
      'go-sample-app/triggers/role-el-github.yaml',
      'go-sample-app/triggers/rolebinding-el-github.yaml',
      'go-sample-app/triggers/serviceaccount-el-github.yaml',
      'go-sample-app/triggers/triggerbinding-github-push.yaml',
      'go-sample-app/triggers/triggertemplate-build.yaml',
    ]);
    expect(render()).toEqual(files);
    expect(files.get('go-sample-app/triggers/triggerbinding-github-push.yaml')).toBe([
      'apiVersion: triggers.tekton.dev/v1beta1',
      'kind: TriggerBinding',
      'metadata:',
      '  name: github-push',
      '  namespace: ci',
      'spec:',
      '  params:',
      '    - name: revision',
      '      value: $(body.head_commit.id)',
      '    - name: repo-url',
      '      value: $(body.repository.clone_url)',
      '',
    ].join('\n'));
  });

  test('no-duplicate-resource: two bindings of one name fail synthesis, as tekton-lint reports them', () => {
    const app = new OpsApp({ outdir: 'unused' });
    const chart = new FolderChart(app, 'triggers', { folder: 'triggers', namespace: 'ci' });
    new TriggerBinding(chart, 'a', { metadata: { name: 'push' }, params: { revision: GitHubPush.after } });
    new TriggerBinding(chart, 'b', { metadata: { name: 'push' }, params: { revision: GitHubPush.headCommitId } });
    expect(() => renderApp(app)).toThrow("triggers: metadata.name 'push' of the TriggerBinding at triggers/b is also the name of the TriggerBinding at triggers/a. Give each TriggerBinding its own name: the output is linted as one set of files, and tekton-lint's no-duplicate-resource ignores namespaces");
    const twice = [GitHubPush.after, GitHubPush.headCommitId].map(v => ({
      apiVersion: 'triggers.tekton.dev/v1beta1', kind: 'TriggerBinding', metadata: { name: 'push' }, spec: { params: [{ name: 'revision', value: v.toString() }] },
    }));
    expect(tektonLintFindings(twice)).toEqual(["error no-duplicate-resource: 'push' is already defined (as a 'TriggerBinding')"]);
  });
});
