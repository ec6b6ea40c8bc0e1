// The delivery Pipeline's checks: any number, each on a tree of its own, the pin after all of them, and typed
// handles to add a task between the checks and the pin or a finally task without knowing a name.
import * as fs from 'fs';
import * as YAML from 'yaml';
import { renderApp } from '../../lib/output/render';
import { InlineTask, Task } from '../../lib/tekton';
import { AppDelivery } from '../../lib/delivery';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { delivery, opsRepo, opsRoot } from './fixtures';

let root: string;
beforeEach(() => { root = opsRoot(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const PIPELINE = 'go-sample-app/tekton/pipeline-go-sample-app-delivery.yaml';

/** A check Task of the app's CI folder that writes into its workspace, as npm ci and Maven do. */
function writer(app: AppDelivery, name: string): Task {
  const task = new Task(app.ciChart, name, { workspaces: { source: { description: 'The tree to check' } } });
  task.addStep({
    name: 'write', image: 'docker.io/library/node:22.21.1-bookworm-slim', workingDir: task.workspace('source').path,
    script: '#!/bin/sh\nset -eu\nmkdir -p node_modules\n',
  });
  return task;
}

/** Renders the ops repo; returns the objects by file. */
function render(ops: any): Map<string, any> {
  const files = renderApp(ops);
  files.delete('.generated-files');
  return new Map([...files].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c as string)]));
}

/** The `source` subPath each task of the Pipeline binds, by task name. */
function sourceTrees(pipeline: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of pipeline.spec.tasks) {
    for (const w of t.workspaces ?? []) if (w.workspace === 'source') out.set(`${t.name}/${w.name}`, w.subPath ?? '');
  }
  return out;
}

/** True when `a` is `b` or one contains the other. */
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`) || a === '' || b === '';

describe('checks of the delivery Pipeline', () => {
  test('three checks never share a writable tree: each has its own copy, apart from the clone the pin reads', () => {
    const { ops, kpush } = opsRepo(root);
    const app = delivery(ops, kpush);
    const extra = app.pipeline.addCheck({ name: 'audit', task: writer(app, 'go-sample-app-audit') });
    const objects = render(ops);
    const pipeline = objects.get(PIPELINE);
    const trees = sourceTrees(pipeline);
    const checks = ['lint', 'test', 'audit'];
    const checkTrees = checks.map(c => trees.get(`${c}/source`)!);
    expect(checkTrees).toEqual(['checks/lint', 'checks/test', 'checks/audit']);
    for (const [i, a] of checkTrees.entries()) {
      for (const b of checkTrees.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
      expect(overlaps(a, trees.get('fetch-source/output')!)).toBe(false);
      expect(overlaps(a, trees.get('pin-revision/app-source')!)).toBe(false);
    }
    // The copy task makes exactly those copies, after the clone and before every check.
    const copy = pipeline.spec.tasks.find((t: any) => t.name === 'copy-checkout');
    expect(copy.params).toEqual([{ name: 'names', value: 'lint test audit' }]);
    expect(copy.runAfter).toEqual(['fetch-source']);
    expect(trees.get('copy-checkout/checkout')).toBe('checkout');
    expect(trees.get('copy-checkout/copies')).toBe('checks');
    for (const c of checks) expect(pipeline.spec.tasks.find((t: any) => t.name === c).runAfter).toEqual(['copy-checkout']);
    expect(pipeline.spec.tasks.find((t: any) => t.name === 'pin-revision').runAfter).toEqual(['lint', 'test', 'audit']);
    expect(app.pipeline.checks.map(c => c.name)).toEqual(checks);
    expect(extra.name).toBe('audit');
    expect(crdViolations([...objects.values()])).toEqual([]);
    expect(tektonLintFindings([...objects.values()])).toEqual([]);
  });

  test('a Task goes between the checks and the pin, and a finally task after everything, through handles only', () => {
    const { ops, kpush } = opsRepo(root);
    const app = delivery(ops, kpush);
    const p = app.pipeline;
    const scan = new Task(app.ciChart, 'scan', { metadata: { name: 'go-sample-app-scan' }, params: { commit: {} }, workspaces: { source: { readOnly: true } } });
    scan.addStep({
      name: 'scan', image: 'docker.io/library/alpine:3.22.2', workingDir: scan.workspace('source').path,
      env: { COMMIT: scan.param('commit').ref }, script: '#!/bin/sh\nset -eu\nprintf \'%s\\n\' "$COMMIT"\nls\n',
    });
    const scanned = p.addBeforePin('scan', scan, { params: { commit: p.commit }, workspaces: { source: p.checkout } });
    const notify = new InlineTask(app.ciChart, 'notify', { params: { status: {} }, steps: [] });
    notify.addStep({ name: 'say', image: 'docker.io/library/alpine:3.22.2', env: { STATUS: notify.param('status').ref }, script: '#!/bin/sh\nprintf \'%s\\n\' "$STATUS"\n' });
    p.pipeline.addFinally('notify', notify, { params: { status: p.pin.status } });
    const pipeline = render(ops).get(PIPELINE);
    const byName = (n: string) => pipeline.spec.tasks.find((t: any) => t.name === n);
    expect(byName('scan').runAfter).toEqual(['lint', 'test']);
    expect(byName('scan').params).toEqual([{ name: 'commit', value: '$(tasks.fetch-source.results.commit)' }]);
    expect(byName('pin-revision').runAfter).toEqual(['lint', 'test', 'scan']);
    expect(scanned.name).toBe('scan');
    expect(pipeline.spec.finally.map((t: any) => [t.name, t.params])).toEqual([['notify', [{ name: 'status', value: '$(tasks.pin-revision.status)' }]]]);
  });

  test('a check is refused with its path and a fix: reserved or repeated names, no Task, an empty list', () => {
    const { ops, kpush } = opsRepo(root);
    const task = (scope: any) => new InlineTask(scope, 't', { workspaces: { source: {} }, steps: [{ name: 's', image: 'docker.io/library/alpine:3.22.2', script: '#!/bin/sh\ntrue\n' }] });
    const app = delivery(ops, kpush);
    expect(() => app.pipeline.addCheck({ name: 'pin-revision', task: task(app.ciChart) }))
      .toThrow(/checks\[pin-revision\]\.name 'pin-revision' is the name of one of the delivery Pipeline's own tasks\. Give the check another name/);
    expect(() => app.pipeline.addCheck({ name: 'x', task: 'my-task' as any })).toThrow(/checks\[x\]\.task 'my-task' .*Pass a Task object/);
    const { ops: ops2, kpush: kpush2 } = opsRepo(opsRoot());
    expect(() => delivery(ops2, kpush2, { ci: { gitCredentialsSecret: 'git', checks: [] } }))
      .toThrow(/go-sample-app\/ci\/pipeline: checks '\[\]' is empty, so every pushed commit would be pinned untested/);
  });
});
