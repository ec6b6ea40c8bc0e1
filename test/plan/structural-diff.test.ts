import { comparePlans } from '../../lib/plan/plan';
import { diffFields } from '../../lib/plan/structural-diff';

describe('diffFields', () => {
  test('lists of named items are compared by name', () => {
    const before = { spec: { containers: [{ name: 'app', image: 'a' }, { name: 'proxy', image: 'p' }] } };
    const after = { spec: { containers: [{ name: 'init', image: 'i' }, { name: 'app', image: 'b' }, { name: 'proxy', image: 'p' }] } };
    expect(diffFields(before, after)).toEqual([
      { path: 'spec.containers[app].image', before: 'a', after: 'b' },
      { path: 'spec.containers[init]', after: { name: 'init', image: 'i' } },
    ]);
  });

  test('other lists by position; keys that are not identifiers are quoted', () => {
    expect(diffFields({ args: ['a', 'b'], labels: { 'app.kubernetes.io/name': 'x' } }, { args: ['a'], labels: { 'app.kubernetes.io/name': 'y' } })).toEqual([
      { path: 'args[1]', before: 'b' },
      { path: 'labels["app.kubernetes.io/name"]', before: 'x', after: 'y' },
    ]);
  });

  test('equal values and a type change', () => {
    expect(diffFields({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(diffFields({ port: 8080 }, { port: 'http' })).toEqual([{ path: 'port', before: 8080, after: 'http' }]);
    expect(diffFields({ env: [] }, { env: [{ name: 'A', value: '1' }] })).toEqual([{ path: 'env[A]', after: { name: 'A', value: '1' } }]);
  });
});

describe('comparePlans', () => {
  test('objects of one kind and name in two API groups are two objects', () => {
    const image = (apiVersion: string, tag: string) => `apiVersion: ${apiVersion}\nkind: Image\nmetadata:\n  name: app\n  namespace: build\nspec:\n  tag: ${tag}\n`;
    const before = new Map([['app/kpack/image-app.yaml', image('kpack.io/v1alpha2', 'a')]]);
    const after = new Map([['app/kpack/image-app.yaml', image('kpack.io/v1alpha2', 'b')], ['app/other/image-app.yaml', image('example.com/v1', 'a')]]);
    expect(comparePlans(before, after, 'dist').map(a => [a.folder, a.changes.map(c => `${c.kind} ${c.object}`)])).toEqual([
      ['app/kpack', ['changed Image build/app']],
      ['app/other', ['added Image build/app']],
    ]);
  });
});

describe('comparePlans reads only what differs', () => {
  const app = (name: string, server: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  destination:\n    server: ${server}\n  source:\n    path: dist/${name}\n`;
  const role = (verb: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ci\n  namespace: web\nrules:\n  - verbs: [${verb}]\n`;
  const BROKEN = 'kind: [unclosed\n';

  test('a file with the same text on both sides is not parsed: broken YAML there is no error, in a changed file it is', () => {
    const before = new Map([['a/broken.yaml', BROKEN], ['a/role-ci.yaml', role('get')]]);
    const after = new Map([['a/broken.yaml', BROKEN], ['a/role-ci.yaml', role('list')]]);
    expect(comparePlans(before, after, 'dist').map(a => a.changes.map(c => `${c.kind} ${c.object}`))).toEqual([['changed Role web/ci']]);
    expect(() => comparePlans(before, new Map([['a/broken.yaml', `${BROKEN}#\n`]]), 'dist')).toThrow(/a\/broken\.yaml: /);
  });

  test.each([
    ['parsed from its text', undefined],
    ['from the rendered objects', new Map([['argocd/application-web.yaml', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'web', namespace: 'argocd' }, spec: { destination: { server: 'https://prod.example.com' }, source: { path: 'dist/web' } } }]])],
  ])('an unchanged Application still gives its folder its cluster and name (%s)', (_, objects) => {
    const application = app('web', 'https://prod.example.com');
    const before = new Map([['argocd/application-web.yaml', application], ['web/role-ci.yaml', role('get')]]);
    const after = new Map([['argocd/application-web.yaml', application], ['web/role-ci.yaml', role('list')]]);
    expect(comparePlans(before, after, 'dist', objects)).toEqual([
      expect.objectContaining({ application: 'web', folder: 'web', cluster: 'https://prod.example.com', changes: [expect.objectContaining({ kind: 'changed', object: 'Role web/ci' })] }),
    ]);
  });
});
