// Shared fixtures: the Pipeline a trigger starts (as the IPipeline run.ts checks against, and as the
// Tekton objects tekton-lint cross-checks TriggerTemplates with), and the standard GitHub push flow.
import { App, Chart, Size, Testing } from 'cdk8s';
import { IPipeline, RunWorkspace } from '../../../lib/tekton/run';
import { Cel, EventListener, GitHubPush, Interceptor, TriggerBinding, TriggerTemplate } from '../../../lib/triggers';
import { EXAMPLE_BRANCH } from './payloads';

/** The webhook secret of the tests: only ever in the simulated cluster's Secrets, never in a manifest. */
export const WEBHOOK_SECRET = 'test-webhook-secret';
export const SECRETS = { 'github-webhook': { secret: WEBHOOK_SECRET } };

/** The `build` Pipeline: required params revision and repo-url, optional param context, workspace source. */
export const BUILD_PIPELINE: IPipeline = {
  name: 'build',
  declaredParams: [
    { name: 'revision', type: 'string', required: true },
    { name: 'repo-url', type: 'string', required: true },
    { name: 'context', type: 'string', required: false },
  ],
  declaredWorkspaces: [{ name: 'source', optional: false }],
};

/** The same Pipeline and its Task as Tekton objects, written to pass tekton-lint. */
export const BUILD_PIPELINE_OBJECTS: any[] = [
  {
    apiVersion: 'tekton.dev/v1',
    kind: 'Pipeline',
    metadata: { name: 'build', namespace: 'ci' },
    spec: {
      params: [{ name: 'revision', type: 'string' }, { name: 'repo-url', type: 'string' }, { name: 'context', type: 'string', default: '.' }],
      workspaces: [{ name: 'source' }],
      tasks: [{
        name: 'fetch',
        taskRef: { name: 'fetch' },
        params: [{ name: 'url', value: '$(params.repo-url)' }, { name: 'revision', value: '$(params.revision)' }, { name: 'subdirectory', value: '$(params.context)' }],
        workspaces: [{ name: 'output', workspace: 'source' }],
      }],
    },
  },
  {
    apiVersion: 'tekton.dev/v1',
    kind: 'Task',
    metadata: { name: 'fetch', namespace: 'ci' },
    spec: {
      params: [{ name: 'url', type: 'string' }, { name: 'revision', type: 'string' }, { name: 'subdirectory', type: 'string' }],
      workspaces: [{ name: 'output' }],
      steps: [{
        name: 'clone',
        image: 'docker.io/alpine/git:2.45.2',
        script: '#!/bin/sh\nset -eu\ngit clone "$(params.url)" "$(workspaces.output.path)/$(params.subdirectory)"\ncd "$(workspaces.output.path)/$(params.subdirectory)"\ngit checkout "$(params.revision)"\n',
      }],
    },
  },
];

/** A fresh app and a chart in namespace `ci` with unhashed names, as a FolderChart would make them. */
export function chartInCi(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test', { namespace: 'ci', disableResourceNameHashes: true }) };
}

/** The standard flow: GitHub push to the tracked branch -> binding -> template -> PipelineRun of `build`. */
export function pushFlow(chart: Chart, branch: string = EXAMPLE_BRANCH) {
  const template = new TriggerTemplate(chart, 'build');
  const revision = template.addParam('revision', { description: 'The commit to build' });
  const repoUrl = template.addParam('repo-url', { description: 'The repository to clone' });
  template.addPipelineRun({
    pipeline: BUILD_PIPELINE,
    params: { 'revision': revision, 'repo-url': repoUrl },
    workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) },
  });
  const binding = new TriggerBinding(chart, 'github-push');
  binding.addParam(revision, GitHubPush.headCommitId);
  binding.addParam(repoUrl, GitHubPush.cloneUrl);
  const listener = new EventListener(chart, 'github');
  listener.addTrigger('push', {
    interceptors: [
      Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes: ['push'] }),
      Interceptor.cel({ filter: Cel.pushToBranch(branch) }),
    ],
    bindings: [binding],
    template,
  });
  return { template, binding, listener, revision, repoUrl };
}
