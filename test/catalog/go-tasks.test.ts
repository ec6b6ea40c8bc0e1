import { Testing } from 'cdk8s';
import { GoLintTask, GoTaskDefaults, GoTestTask } from '../../lib/catalog';
import { GO_CACHE_ENV, GO_STEP_IMAGE, GOLANGCI_LINT_STEP_IMAGE, goLintScript, goTestScript, StepScript } from '../../lib/catalog/scripts';
import { CatalogTaskProps } from '../../lib/catalog/catalog-task';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { newChart, objectOf, synthProblems, synthWarnings } from './fixtures';

type GoTask = GoLintTask | GoTestTask;
type Make = (scope: any, id: string, props?: CatalogTaskProps & GoTaskDefaults) => GoTask;

const CASES: Array<[string, string, Make, () => StepScript, string, string]> = [
  ['golangci-lint', 'lint', (s, id, p) => new GoLintTask(s, id, p), goLintScript, GOLANGCI_LINT_STEP_IMAGE, '--timeout=5m'],
  ['golang-test', 'test', (s, id, p) => new GoTestTask(s, id, p), goTestScript, GO_STEP_IMAGE, '-race -cover'],
];

describe.each(CASES)('%s Task', (name, step, make, script, image, flags) => {
  test('snapshot', () => {
    const { chart } = newChart();
    make(chart, 'go');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('passes tekton-lint and the Tekton v1 CRD schema, with no synth problem or warning', () => {
    const { chart } = newChart();
    make(chart, 'go');
    const objects = Testing.synth(chart);
    expect(tektonLintFindings(objects)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    expect(synthProblems(chart)).toEqual([]);
    expect(synthWarnings(chart)).toEqual([]);
  });

  test('declares packages, flags and source, with their defaults, as typed handles', () => {
    const { chart } = newChart();
    const task = make(chart, 'go');
    expect(task.name).toBe(name);
    expect(task.params.map(p => [p.name, p.default])).toEqual([['packages', './...'], ['flags', flags]]);
    expect(task.params.map(p => p.name)).toEqual(script().params.map(p => p.name));
    expect([task.packages.ref, task.flags.ref, task.source.path]).toEqual(['$(params.packages)', '$(params.flags)', '$(workspaces.source.path)']);
    expect(task.workspaces.map(w => w.name)).toEqual(['source']);
    expect(task.results).toEqual([]);
  });

  test('the step runs a bash script in the pinned image, with params and caches in env', () => {
    const { chart } = newChart();
    make(chart, 'go');
    const s = objectOf(Testing.synth(chart), 'Task', name).spec.steps[0];
    expect(s.name).toBe(step);
    expect(s.image).toBe(image);
    expect(s.image).toMatch(/^docker\.io\/[a-z0-9/_.-]+:v?\d+\.\d+\.\d+(-bookworm)?$/);
    expect(s.script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(s.script).not.toMatch(/\$\((params|workspaces|results)\./);
    const env = Object.fromEntries(s.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ PARAM_PACKAGES: '$(params.packages)', PARAM_FLAGS: '$(params.flags)', WORKSPACE_SOURCE_PATH: '$(workspaces.source.path)', ...GO_CACHE_ENV });
    for (const dir of ['GOPATH', 'GOCACHE', 'XDG_CACHE_HOME']) expect(env[dir]).toMatch(/^\/tmp\//);
  });

  test('props: name, param defaults and image', () => {
    const { chart } = newChart();
    make(chart, 'go', { metadata: { name: `${name}-custom` }, packages: './cmd/... ./internal/...', flags: '-v', image: `${image}-x` });
    const task = objectOf(Testing.synth(chart), 'Task', `${name}-custom`);
    expect(task.spec.params.map((p: any) => p.default)).toEqual(['./cmd/... ./internal/...', '-v']);
    expect(task.spec.steps[0].image).toBe(`${image}-x`);
  });

  test('an empty packages default is refused with the path, the value and the fix', () => {
    const { chart } = newChart();
    expect(() => make(chart, 'go', { packages: '  ' })).toThrow(new Error(
      "ci/go: packages '  ' names no package. Pass package patterns separated by spaces, e.g. ./... or ./cmd/... ./internal/..."));
  });

  test('an image without a tag is refused with the field and the fix', () => {
    const { chart } = newChart();
    expect(() => make(chart, 'go', { image: 'docker.io/library/golang' })).toThrow(new Error(
      `ci/go: spec.steps[${step}].image 'docker.io/library/golang' has no tag or digest, so every pull may get a different image. Pin it, e.g. docker.io/library/golang:1.2.3 or docker.io/library/golang@sha256:<digest>`));
  });
});
