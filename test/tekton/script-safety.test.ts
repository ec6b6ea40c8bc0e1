// Values reach step scripts as data: typed env from param handles, and a synth warning for a param or another
// task's result pasted into a script.
import { Testing } from 'cdk8s';
import { InlineTask, Pipeline, Task } from '../../lib/tekton';
import { synthProblems, synthWarnings } from '../support/synth';

describe('script safety', () => {
  test('a param handle given to env renders as its reference, read by the script as data', () => {
    const chart = Testing.chart();
    const task = new Task(chart, 'clone');
    const url = task.addParam('url');
    task.addStep({ name: 'clone', image: 'docker.io/alpine/git:2.45.2', env: { URL: url }, script: '#!/bin/sh\nset -eu\ngit clone -- "$URL" .\n' });
    const step = Testing.synth(chart)[0].spec.steps[0];
    expect(step.env).toEqual([{ name: 'URL', value: '$(params.url)' }]);
    expect(synthWarnings(chart)).toEqual([]);
  });

  test('a param pasted into a script is a warning naming the step and showing the env form', () => {
    const chart = Testing.chart();
    const task = new Task(chart, 'clone', { params: { url: {} } });
    task.addStep({ name: 'clone', image: 'docker.io/alpine/git:2.45.2', script: '#!/bin/sh\ngit clone "$(params.url)" .\n' });
    expect(synthWarnings(chart)).toEqual([expect.stringMatching(
      /clone: spec\.steps\[clone\]\.script '\$\(params\.url\)' is pasted into the script text.*Pass it through the step's env instead: env: \{ URL: \$\(params\.url\) \}, and read "\$URL" in the script/)]);
  });

  test('another task\'s result pasted into an inline Task\'s script is a warning too', () => {
    const chart = Testing.chart();
    const pipeline = new Pipeline(chart, 'p');
    const fetch = pipeline.addTask('fetch', new InlineTask(chart, 'fetch', {
      results: { commit: {} },
      steps: [{ name: 'f', image: 'docker.io/alpine/git:2.45.2', env: { OUT: '$(results.commit.path)' }, script: '#!/bin/sh\nprintf abc > "$OUT"\n' }],
    }));
    const show = new InlineTask(chart, 'show', {
      steps: [{ name: 'say', image: 'docker.io/alpine/git:2.45.2', script: `#!/bin/sh\necho "${fetch.result('commit').ref}"\n` }],
    });
    pipeline.addTask('show', show, { runAfter: [fetch] });
    const all = [...synthProblems(chart), ...synthWarnings(chart)].join('\n');
    expect(all).toMatch(/spec\.steps\[say\]\.script '\$\(tasks\.fetch\.results\.commit\)' is pasted into the script text.*env: \{ FETCH_COMMIT: \$\(tasks\.fetch\.results\.commit\) \}/);
  });
});
