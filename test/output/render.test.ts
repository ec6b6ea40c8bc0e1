import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { FolderChart } from '../../lib/output/folder-chart';
import { OpsApp } from '../../lib/output/ops-app';
import { renderApp, toYaml } from '../../lib/output/render';
import * as YAML from 'yaml';

describe('renderApp', () => {
  test('same kind and name in two namespaces of one folder get the namespace in their file names', () => {
    const app = new OpsApp({ outdir: 'unused' });
    const chart = new FolderChart(app, 'c', { folder: 'f' });
    new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'one' } });
    new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'two' } });
    expect([...renderApp(app).keys()]).toEqual(['.generated-files', 'f/configmap-x-one.yaml', 'f/configmap-x-two.yaml']);
  });

  test('the same object twice in one folder is an error naming both', () => {
    const app = new OpsApp({ outdir: 'unused' });
    const chart = new FolderChart(app, 'c', { folder: 'f', namespace: 'ns' });
    new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => renderApp(app)).toThrow("c: metadata.name 'x' of the ConfigMap at c/b is also the name of the ConfigMap at c/a (namespace 'ns', cluster 'in-cluster'). Give each object its own name or namespace on that cluster");
  });

  test('the same object in two folders is an error naming both; other namespaces or groups are not the same object', () => {
    const app = new OpsApp({ outdir: 'unused' });
    const one = new FolderChart(app, 'one', { folder: 'one', namespace: 'ns' });
    const two = new FolderChart(app, 'two', { folder: 'two', namespace: 'ns' });
    new ApiObject(one, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new ApiObject(two, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new ApiObject(two, 'other-ns', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'elsewhere' } });
    new ApiObject(two, 'other-group', { apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new ApiObject(one, 'cr', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' } });
    new ApiObject(two, 'cr', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'ns' } });
    expect(() => renderApp(app)).toThrow(new Error([
      'Synthesis stopped: 2 problem(s), nothing was written.',
      "  two: metadata.name 'x' of the ConfigMap at two/cm is also the name of the ConfigMap at one/cm (namespace 'ns', cluster 'in-cluster'). Give each object its own name or namespace on that cluster: one object in two folders is owned by two Argo CD Applications, which undo each other",
      "  two: metadata.name 'r' of the ClusterRole at two/cr is also the name of the ClusterRole at one/cr (cluster-scoped, cluster 'in-cluster'). Give each object its own name or namespace on that cluster: one object in two folders is owned by two Argo CD Applications, which undo each other",
    ].join('\n')));
  });

  test('two charts may not share a folder: the second one fails at once, naming the first', () => {
    const app = new OpsApp({ outdir: 'unused' });
    new FolderChart(app, 'a', { folder: 'same' });
    expect(() => new FolderChart(app, 'b', { folder: 'same' })).toThrow("b: folder 'same' is already the folder of a. Give every FolderChart its own folder");
  });

  test('a plain Chart is rejected: it has no folder', () => {
    const app = new OpsApp({ outdir: 'unused' });
    new Chart(app, 'plain');
    expect(() => renderApp(app)).toThrow(/plain: chart 'plain' is a plain Chart and has no output folder/);
  });

  test('output is identical across runs and parses back to the objects', () => {
    const build = () => {
      const app = new OpsApp({ outdir: 'unused' });
      const chart = new FolderChart(app, 'c', { folder: 'f', namespace: 'ns' });
      new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { script: '#!/bin/sh\necho "$(params.x)"\n', b: '1', a: ' lead' } });
      return renderApp(app);
    };
    const first = build();
    expect(build()).toEqual(first);
    const parsed = YAML.parse(first.get('f/configmap-x.yaml')!);
    expect(parsed.data).toEqual({ a: ' lead', b: '1', script: '#!/bin/sh\necho "$(params.x)"\n' });
    expect(first.get('f/configmap-x.yaml')).not.toMatch(/\r/);
    expect(Object.keys(parsed.data)).toEqual(['a', 'b', 'script']);
  });

  test('long strings are not folded', () => {
    const long = 'x'.repeat(300);
    expect(toYaml({ a: long })).toBe(`a: ${long}\n`);
  });
});

describe('FolderChart', () => {
  test.each(['/abs', '../up', 'a//b', 'Upper', 'a/'])('folder %p is rejected with the path and a fix', folder => {
    expect(() => new FolderChart(Testing.app(), 'c', { folder })).toThrow(
      `c: folder '${folder}' is not a relative path of lower-case segments. Use a path such as 'go-sample-app/tekton'`);
  });

  test('names are not hashed', () => {
    const chart = new FolderChart(new App(), 'c', { folder: 'f' });
    const obj = new ApiObject(chart, 'some-id', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(obj.name).toBe('c-some-id');
  });

  test('of() finds the FolderChart of a construct, and rejects a plain Chart', () => {
    const app = new App();
    const chart = new FolderChart(app, 'c', { folder: 'f' });
    expect(FolderChart.of(new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap' }))).toBe(chart);
    const plain = new Chart(app, 'p');
    expect(() => FolderChart.of(new ApiObject(plain, 'o', { apiVersion: 'v1', kind: 'ConfigMap' }))).toThrow(/p\/o: scope 'p' is not a FolderChart/);
  });
});

describe('toYaml and commit SHAs', () => {
  test.each(['0'.repeat(40), '1234567890'.repeat(4), `12e${'4'.repeat(37)}`, 'abcdef0123'.repeat(4)])(
    'a SHA (%s) is always double-quoted, so the pinned line has one shape', sha => {
      expect(toYaml({ revision: sha })).toBe(`revision: "${sha}"\n`);
      expect(YAML.parse(toYaml({ revision: sha })).revision).toBe(sha);
    });
});
