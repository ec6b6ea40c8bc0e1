// Param values and scripts, whatever they hold, reach the output as given: they parse back to the same
// value, nothing escapes its field, and a value Tekton would misread is refused in our format.
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { renderApp } from '../../lib/output/render';
import { Pipeline, Task } from '../../lib/tekton';
import { ALPINE_IMAGE, newChart } from './fixtures';
import { thrown } from '../support/synth';

/** Strings with the characters that break naive YAML or shell: quotes, newlines, '#', ': ', '$', unicode. */
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('a: b', '# not a comment', '- item', '"; rm -rf / #', "'", '\\', '\n', '  \n', '\t', '{}', '[]', 'null', 'true', '0x10',
    '$HOME', '`id`', '$(id)', '${x}', 'line1\nline2\n', ' lead', 'trail '),
).filter(s => !s.includes('$(')); // Tekton expressions are checked separately

function pipelineWith(value: string, script: string) {
  const { app, chart } = newChart();
  const task = new Task(chart, 'echo');
  const message = task.addParam('message');
  task.addStep({ name: 'echo', image: ALPINE_IMAGE, env: { MESSAGE: message.ref }, script: `#!/bin/sh\n${script}` });
  const pipeline = new Pipeline(chart, 'p');
  pipeline.addTask('echo', task, { params: { message: value } });
  return app;
}

describe('param values and scripts', () => {
  test('any value and any script text parse back exactly, in their own fields (2,000 cases)', () => {
    fc.assert(fc.property(nasty, nasty, (value, script) => {
      const files = renderApp(pipelineWith(value, script));
      const pipeline = YAML.parse(files.get('ci/pipeline-p.yaml')!);
      const task = YAML.parse(files.get('ci/task-echo.yaml')!);
      expect(pipeline.spec.tasks).toEqual([{ name: 'echo', params: [{ name: 'message', value }], taskRef: { name: 'echo' } }]);
      expect(task.spec.steps[0].script).toBe(`#!/bin/sh\n${script}`);
      expect(Object.keys(task.spec.steps[0]).sort()).toEqual(['env', 'image', 'name', 'script']);
    }), { numRuns: 2000 });
  });

  test('a misspelt Tekton reference in a value is refused in our format', () => {
    const message = thrown(() => renderApp(pipelineWith('$(params.nope)', 'echo "$MESSAGE"\n')));
    expect(message).toContain("ci/p: spec.tasks[echo].params[message] '$(params.nope)' names a param that Pipeline 'p' does not declare");
  });
});
