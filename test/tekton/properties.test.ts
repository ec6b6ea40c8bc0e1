import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Pipeline, PipelineTask, Task } from '../../lib/tekton';
import { ALPINE_IMAGE, newChart, synthProblems } from './fixtures';

type Dep = { on: number; kind: 'runAfter' | 'result' };

/** For each task i, a set of dependencies on earlier tasks, each by runAfter or by reading a result. */
const dags = fc.integer({ min: 1, max: 7 }).chain(n => fc.tuple(...Array.from({ length: n }, (_, i) =>
  fc.uniqueArray(fc.record({ on: fc.integer({ min: 0, max: Math.max(0, i - 1) }), kind: fc.constantFrom<'runAfter' | 'result'>('runAfter', 'result') }),
    { selector: d => d.on, maxLength: i }),
)));

function build(deps: Dep[][]) {
  const { app, chart } = newChart();
  const worker = new Task(chart, 'worker');
  const inputs = worker.addParam('inputs', { type: 'array', default: [] });
  const out = worker.addResult('out');
  worker.addStep({ name: 'work', image: ALPINE_IMAGE, command: ['echo'], args: [inputs.ref] });
  worker.addStep({ name: 'write', image: ALPINE_IMAGE, script: `#!/bin/sh\necho done > ${out.path}\n` });
  const pipeline = new Pipeline(chart, 'dag');
  const tasks: PipelineTask[] = [];
  deps.forEach((ds, i) => {
    const results = ds.filter(d => d.kind === 'result').map(d => `${tasks[d.on].result('out')}`);
    tasks.push(pipeline.addTask(`t${i}`, worker, {
      params: results.length ? { inputs: results } : {},
      runAfter: ds.filter(d => d.kind === 'runAfter').map(d => tasks[d.on]),
    }));
  });
  return { app, chart, pipeline, tasks };
}

/** The dependencies Tekton sees in rendered tasks: runAfter plus result references in params. */
function renderedDeps(spec: any): Map<string, Set<string>> {
  return new Map(spec.tasks.map((t: any) => {
    const refs = JSON.stringify(t.params ?? []).match(/\$\(tasks\.([a-z0-9-]+)\.results\./g) ?? [];
    return [t.name, new Set([...(t.runAfter ?? []), ...refs.map((r: string) => r.split('.')[1])])];
  }));
}

describe('random DAGs', () => {
  test('output keeps explicit runAfter as given, wires results as references, is acyclic and valid', () => {
    fc.assert(fc.property(dags, deps => {
      const { app, chart } = build(deps);
      expect(synthProblems(app)).toEqual([]);
      const spec = Testing.synth(chart).find(o => o.kind === 'Pipeline').spec;
      spec.tasks.forEach((t: any, i: number) => {
        const explicit = deps[i].filter(d => d.kind === 'runAfter').map(d => `t${d.on}`);
        expect(t.runAfter ?? []).toEqual(explicit);
      });
      const graph = renderedDeps(spec);
      deps.forEach((ds, i) => expect([...graph.get(`t${i}`)!].sort()).toEqual(ds.map(d => `t${d.on}`).sort()));
      // Kahn's algorithm consumes every task exactly when the graph is acyclic.
      const remaining = new Map([...graph].map(([k, v]) => [k, new Set(v)]));
      while (remaining.size) {
        const ready = [...remaining].filter(([, v]) => v.size === 0).map(([k]) => k);
        expect(ready.length).toBeGreaterThan(0);
        ready.forEach(r => { remaining.delete(r); remaining.forEach(v => v.delete(r)); });
      }
    }), { numRuns: 60 });
  });

  test('closing a chain into a loop is reported once, naming the tasks in order', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.constantFrom<'runAfter' | 'result'>('runAfter', 'result'), { minLength: 6, maxLength: 6 }), (n, kinds) => {
      const deps: Dep[][] = Array.from({ length: n + 1 }, (_, i) => (i === 0 ? [] : [{ on: i - 1, kind: kinds[i - 1] }]));
      const { app, tasks } = build(deps);
      tasks[0].addRunAfter(tasks[n]);
      const names = [...tasks.map(t => t.name), 't0'].join(' -> ');
      expect(synthProblems(app)).toEqual([
        `ci/dag: spec.tasks '${names}' is a cycle: each task runs after the one before it, so none can start (tekton-lint's no-pipeline-task-cycle). Remove one of these runAfter entries or result references`,
      ]);
    }), { numRuns: 40 });
  });
});

describe('names', () => {
  test('a Task name is accepted exactly when it is a DNS label starting with a letter, else rejected with the name', () => {
    const names = fc.string({ unit: fc.constantFrom(...'abz09-.A_'.split('')), maxLength: 70 });
    fc.assert(fc.property(names, name => {
      const { chart } = newChart();
      const valid = /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length <= 63;
      const make = () => new Task(chart, 'task', { metadata: { name }, steps: [{ name: 's', image: ALPINE_IMAGE }] });
      if (valid) expect(make().name).toBe(name);
      else expect(make).toThrow(`ci/task: metadata.name '${name}' `);
    }), { numRuns: 300 });
  });
});
