import { App, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { FolderChart } from '../../lib/output/folder-chart';
import { Pipeline, Task } from '../../lib/tekton';
export { synthProblems, synthWarnings } from '../support/synth';

/** Images used by the test Tasks: pinned, as the constructs require. */
export const GIT_IMAGE = 'cgr.dev/chainguard/git:2.45.0';
export const GO_IMAGE = 'docker.io/library/golang:1.23.4';
export const ALPINE_IMAGE = 'docker.io/library/alpine:3.20';

/** A fresh app with one FolderChart in namespace `ci`. */
export function newChart(namespace: string | undefined = 'ci'): { app: App; chart: FolderChart } {
  const app = Testing.app();
  const chart = new FolderChart(app, 'ci', { folder: 'ci', ...(namespace ? { namespace } : {}) });
  return { app, chart };
}

/** A git-clone Task: params url (required) and revision (default main), workspace output, result commit. */
export function gitClone(scope: Construct, id = 'git-clone'): Task {
  const task = new Task(scope, id, { description: 'Clones a repository' });
  const url = task.addParam('url', { description: 'Repository URL' });
  const revision = task.addParam('revision', { default: 'main' });
  const output = task.addWorkspace('output');
  const commit = task.addResult('commit');
  task.addStep({
    name: 'clone', image: GIT_IMAGE, workingDir: output.path,
    env: { URL: url.ref, REVISION: revision.ref },
    script: `#!/bin/sh\nset -eu\ngit clone -- "$URL" . && git checkout "$REVISION" --\nprintf %s "$(git rev-parse HEAD)" > ${commit.path}\n`,
  });
  return task;
}

/** A go test Task: param package (required), workspace source. */
export function goTest(scope: Construct, id = 'golang-test'): Task {
  const task = new Task(scope, id);
  const pkg = task.addParam('package');
  const source = task.addWorkspace('source');
  task.addStep({ name: 'test', image: GO_IMAGE, workingDir: source.path, command: ['go'], args: ['test', pkg.ref] });
  return task;
}

/** A chart with the git-clone and golang-test Tasks and an empty Pipeline `p` with one workspace `ws`. */
export function pipelineFixture() {
  const { app, chart } = newChart();
  const clone = gitClone(chart);
  const test = goTest(chart);
  const p = new Pipeline(chart, 'p');
  const ws = p.addWorkspace('ws');
  return { app, chart, clone, test, p, ws };
}
