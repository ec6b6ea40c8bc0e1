// A TriggerTemplate running a real Pipeline construct (lib/tekton): checked against the Pipeline's declared
// params and workspaces, linted together, and played with a real push payload.
import { Size, Testing } from 'cdk8s';
import { validateTree } from '../../lib/output/render';
import { Pipeline, RunWorkspace, Task } from '../../lib/tekton';
import { Cel, EventListener, GitHubPush, Interceptor, TriggerBinding, TriggerTemplate } from '../../lib/triggers';
import { tektonLintFindings } from '../support/conformance';
import { chartInCi, SECRETS, WEBHOOK_SECRET } from './support/fixtures';
import { BRANCH_PUSHES, EXAMPLE_BRANCH } from './support/payloads';
import { deliver } from './support/simulate';

function withPipeline() {
  const { app, chart } = chartInCi();
  const task = new Task(chart, 'git-clone');
  const url = task.addParam('url');
  const revision = task.addParam('revision');
  const output = task.addWorkspace('output');
  task.addStep({ name: 'clone', image: 'cgr.dev/chainguard/git:2.45.0', workingDir: output.path, script: `#!/bin/sh\nset -eu\ngit clone "${url}" . && git checkout "${revision}"\n` });
  const pipeline = new Pipeline(chart, 'build');
  const repoUrl = pipeline.addParam('repo-url');
  const rev = pipeline.addParam('revision');
  const source = pipeline.addWorkspace('source');
  pipeline.addTask('fetch', task, { params: { url: repoUrl, revision: rev }, workspaces: { output: source } });

  const template = new TriggerTemplate(chart, 'build-on-push');
  const ttRevision = template.addParam('revision');
  const ttUrl = template.addParam('repo-url');
  const binding = new TriggerBinding(chart, 'github-push');
  binding.addParam(ttRevision, GitHubPush.headCommitId);
  binding.addParam(ttUrl, GitHubPush.cloneUrl);
  const listener = new EventListener(chart, 'github');
  listener.addTrigger('push', {
    interceptors: [Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes: ['push'] }), Interceptor.cel({ filter: Cel.pushToBranch(EXAMPLE_BRANCH) })],
    bindings: [binding],
    template,
  });
  return { app, chart, pipeline, template, ttRevision, ttUrl };
}

describe('TriggerTemplate with a Pipeline construct', () => {
  test('lints clean with the Pipeline and Task, and a push creates a run of the pushed commit', () => {
    const { chart, pipeline, template, ttRevision, ttUrl } = withPipeline();
    template.addPipelineRun({ pipeline, params: { 'revision': ttRevision, 'repo-url': ttUrl }, workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) } });
    const objects = Testing.synth(chart);
    expect(tektonLintFindings(objects)).toEqual([]);
    const [outcome] = deliver(objects, 'github', { event: 'push', payload: BRANCH_PUSHES[0], signWith: WEBHOOK_SECRET }, SECRETS);
    expect(outcome.accepted).toBe(true);
    if (outcome.accepted) {
      expect(outcome.resources[0].spec.pipelineRef).toEqual({ name: 'build' });
      expect(outcome.resources[0].spec.params).toEqual([
        { name: 'revision', value: BRANCH_PUSHES[0].head_commit!.id },
        { name: 'repo-url', value: BRANCH_PUSHES[0].repository.clone_url },
      ]);
    }
  });

  test('the Pipeline\'s params and workspaces are checked', () => {
    const { app, pipeline, template, ttRevision } = withPipeline();
    template.param('repo-url');
    template.addPipelineRun({ pipeline, params: { revision: ttRevision, url: template.param('repo-url') } });
    const run = () => validateTree(app);
    expect(run).toThrow("test/build-on-push: spec.resourcetemplates[0].spec.params 'url' is not a param of Pipeline 'build'. Use one of: repo-url, revision");
    expect(run).toThrow("test/build-on-push: spec.resourcetemplates[0].spec.params 'repo-url' is required by Pipeline 'build' (it has no default) but not given");
    expect(run).toThrow("test/build-on-push: spec.resourcetemplates[0].spec.workspaces 'source' is required by Pipeline 'build' but not bound");
  });
});
