import { Size, Testing } from 'cdk8s';
import { GitCloneTask } from '../../lib/catalog';
import { GIT_STEP_IMAGE, gitCloneScript } from '../../lib/catalog/scripts';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { newChart, objectOf, synthProblems, synthWarnings } from './fixtures';

describe('GitCloneTask', () => {
  test('snapshot', () => {
    const { chart } = newChart();
    new GitCloneTask(chart, 'clone');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('passes tekton-lint and the Tekton v1 CRD schema, with no synth problem or warning', () => {
    const { chart } = newChart();
    new GitCloneTask(chart, 'clone');
    const objects = Testing.synth(chart);
    expect(tektonLintFindings(objects)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    expect(synthProblems(chart)).toEqual([]);
    expect(synthWarnings(chart)).toEqual([]);
  });

  test('is named git-clone and declares exactly what the script reads, through typed handles', () => {
    const { chart } = newChart();
    const task = new GitCloneTask(chart, 'clone');
    const script = gitCloneScript();
    expect(task.name).toBe('git-clone');
    expect(task.params.map(p => p.name)).toEqual(script.params.map(p => p.name));
    expect(task.workspaces.map(w => w.name)).toEqual(script.workspaces.map(w => w.name));
    expect(task.results.map(r => r.name)).toEqual(script.results.map(r => r.name));
    expect([task.url, task.revision, task.depth, task.subdirectory].map(p => p.ref))
      .toEqual(['$(params.url)', '$(params.revision)', '$(params.depth)', '$(params.subdirectory)']);
    expect(task.url.required).toBe(true);
    expect(task.revision.default).toBe('');
    expect(task.output.path).toBe('$(workspaces.output.path)');
    expect(task.gitCredentials.optional).toBe(true);
    expect(task.commit.path).toBe('$(results.commit.path)');
  });

  test('the step runs the script in the pinned git image, every param passed through env', () => {
    const { chart } = newChart();
    new GitCloneTask(chart, 'clone');
    const step = objectOf(Testing.synth(chart), 'Task', 'git-clone').spec.steps[0];
    expect(step.name).toBe('clone');
    expect(step.image).toBe(GIT_STEP_IMAGE);
    expect(step.script).toBe(gitCloneScript().script);
    expect(step.script).not.toContain('$(params.');
    expect(step.env).toEqual(Object.entries(gitCloneScript().env).map(([name, value]) => ({ name, value })));
    expect(step.env).toContainEqual({ name: 'PARAM_REVISION', value: '$(params.revision)' });
  });

  test('props: name, depth default, image, resources, labels and annotations', () => {
    const { chart } = newChart();
    new GitCloneTask(chart, 'clone', {
      metadata: { name: 'fetch-source', labels: { team: 'ci' }, annotations: { 'example.com/owner': 'ci' } },
      depth: 0, image: 'registry.example.com/mirror/buildpack-deps:bookworm-scm',
      computeResources: { memory: { request: Size.mebibytes(256) } },
    });
    const task = objectOf(Testing.synth(chart), 'Task', 'fetch-source');
    expect(task.metadata.labels).toEqual({ team: 'ci' });
    expect(task.metadata.annotations).toEqual({ 'example.com/owner': 'ci' });
    expect(task.spec.params.find((p: any) => p.name === 'depth').default).toBe('0');
    expect(task.spec.steps[0].image).toBe('registry.example.com/mirror/buildpack-deps:bookworm-scm');
    expect(task.spec.steps[0].computeResources).toEqual({ requests: { memory: '256Mi' } });
  });

  test.each([
    [-1, "ci/clone: depth '-1' is not a whole number from 0. Use 1 to fetch the commit alone, 0 for the full history"],
    [1.5, "ci/clone: depth '1.5' is not a whole number from 0. Use 1 to fetch the commit alone, 0 for the full history"],
  ])('depth %p is refused with the path, the value and the fix', (depth, message) => {
    const { chart } = newChart();
    expect(() => new GitCloneTask(chart, 'clone', { depth })).toThrow(new Error(message));
  });

  test('an unpinned image is refused with the field and the fix', () => {
    const { chart } = newChart();
    expect(() => new GitCloneTask(chart, 'clone', { image: 'docker.io/library/buildpack-deps:latest' })).toThrow(new Error(
      "ci/clone: spec.steps[clone].image 'docker.io/library/buildpack-deps:latest' uses the tag 'latest', so every pull may get a different image. Pin a version tag or a digest"));
  });

  test('an invalid name is refused with the path and the fix', () => {
    const { chart } = newChart();
    expect(() => new GitCloneTask(chart, 'clone', { metadata: { name: 'Git_Clone' } })).toThrow(/^ci\/clone: metadata\.name 'Git_Clone' .+\. Use lower-case letters, digits and '-', starting with a letter$/);
  });
});
