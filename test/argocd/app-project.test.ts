import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AppProject } from '../../lib/argocd/app-project';
import { globMatch, normalizeRepoUrl } from '../../lib/argocd/glob';
import { FolderChart } from '../../lib/output/folder-chart';
import { crdViolations } from '../support/conformance';
import { warnings } from '../flux/helpers';

function chart() {
  return new FolderChart(Testing.app(), 'argocd', { folder: 'argocd', namespace: 'elsewhere' });
}

describe('AppProject', () => {
  test('snapshot', () => {
    const c = chart();
    new AppProject(c, 'go-sample-app', {
      description: 'The go-sample-app delivery flow',
      sourceRepos: ['https://github.com/springone-tour-2020-cicd/*'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'dev' }],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
    });
    expect(Testing.synth(c)).toMatchSnapshot();
  });

  test('uses the API\'s field names (destinations, clusterResourceWhitelist) and lives in argocd', () => {
    const c = chart();
    new AppProject(c, 'p', { sourceRepos: ['*'], destinations: [{ name: 'in-cluster', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] });
    const [obj] = Testing.synth(c);
    expect(obj.metadata).toEqual({ name: 'p', namespace: 'argocd' });
    expect(Object.keys(obj.spec).sort()).toEqual(['clusterResourceWhitelist', 'destinations', 'sourceRepos']);
    expect(obj.spec.destinations).toEqual([{ name: 'in-cluster', namespace: '*' }]);
    expect(crdViolations([obj])).toEqual([]);
  });

  test('sources and destinations added later are rendered; a repository is listed once', () => {
    const c = chart();
    const p = new AppProject(c, 'p', { sourceRepos: ['https://github.com/org/a.git'] });
    p.addSourceRepo('https://github.com/org/b.git');
    p.addSourceRepo('https://github.com/org/a.git');
    p.addDestination({ server: 'https://kubernetes.default.svc', namespace: 'prod' });
    const spec = Testing.synth(c)[0].spec;
    expect(spec.sourceRepos).toEqual(['https://github.com/org/a.git', 'https://github.com/org/b.git']);
    expect(spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'prod' }]);
  });

  test('a project admitting nothing is a warning, not an error', () => {
    const c = chart();
    new AppProject(c, 'empty');
    // The CRD requires spec, so an empty project keeps an empty one.
    expect(Testing.synth(c)[0].spec).toEqual({});
    expect(warnings(c)).toEqual([
      "argocd/empty: spec.sourceRepos '[]' admits no repository, so no Application can use this project. Add one with addSourceRepo()",
      "argocd/empty: spec.destinations '[]' admits no destination, so no Application can use this project. Add one with addDestination()",
    ]);
  });

  describe('rejects', () => {
    test('a destination with neither server nor name', () => {
      expect(() => new AppProject(chart(), 'p', { destinations: [{ namespace: 'dev' }] })).toThrow(
        'argocd/p: spec.destinations[0] \'{"namespace":"dev"}\' has neither server nor name. Give server (e.g. \'https://kubernetes.default.svc\' or \'*\') or name (e.g. \'in-cluster\')');
    });
    test('a destination without namespace', () => {
      expect(() => new AppProject(chart(), 'p', { destinations: [{ server: '*', namespace: '' }] })).toThrow(
        "argocd/p: spec.destinations[0].namespace '' is empty. Give a namespace, or '*' for every namespace");
    });
    test('an empty source repository', () => {
      expect(() => new AppProject(chart(), 'p', { sourceRepos: [' '] })).toThrow("argocd/p: spec.sourceRepos ' ' is empty. Give a repository URL or glob, or '*' for every repository");
    });
    test('a resource restriction without kind', () => {
      expect(() => new AppProject(chart(), 'p', { clusterResourceWhitelist: [{ group: '', kind: '' }] })).toThrow(
        "argocd/p: spec.clusterResourceWhitelist[0].kind '' is empty. Give a kind, or '*' for every kind");
    });
  });

  describe('permissions, by Argo CD\'s rules', () => {
    const project = () => new AppProject(chart(), 'p', {
      sourceRepos: ['https://github.com/org/*', '!https://github.com/org/secret*'],
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'team-*' },
        { name: 'prod-*', namespace: 'shop' },
        { server: '*', namespace: '!kube-system' },
      ],
      sourceNamespaces: ['apps-*'],
    });

    test('source repositories: globs, deny patterns, .git and case', () => {
      const p = project();
      expect(p.permitsSourceRepo('https://github.com/Org/App.git')).toBe(true);
      expect(p.permitsSourceRepo('https://github.com/org/secret-app.git')).toBe(false);
      expect(p.permitsSourceRepo('https://gitlab.com/org/app.git')).toBe(false);
    });

    test('destinations: server and name globs, in-cluster, deny patterns, undecidable names', () => {
      const p = project();
      expect(p.permitsDestination({ server: 'https://kubernetes.default.svc', namespace: 'team-a' })).toBe(true);
      expect(p.permitsDestination({ name: 'in-cluster', namespace: 'team-a' })).toBe(true);
      expect(p.permitsDestination({ name: 'prod-eu', namespace: 'shop' })).toBe(true);
      expect(p.permitsDestination({ server: 'https://10.0.0.1:6443', namespace: 'kube-system' })).toBe(false);
      expect(p.permitsDestination({ server: 'https://10.0.0.1:6443', namespace: 'anything' })).toBe(true);
      expect(p.permitsDestination({ name: 'staging', namespace: 'anything' })).toBeUndefined();
      const byName = new AppProject(chart(), 'n', { destinations: [{ name: 'prod', namespace: '*' }] });
      expect(byName.permitsDestination({ name: 'dev', namespace: 'x' })).toBe(false);
    });

    test('application namespaces: the project\'s own and sourceNamespaces', () => {
      const p = project();
      expect(p.permitsApplicationNamespace('argocd')).toBe(true);
      expect(p.permitsApplicationNamespace('apps-team')).toBe(true);
      expect(p.permitsApplicationNamespace('default')).toBe(false);
    });
  });
});

describe('globMatch', () => {
  test.each([
    ['*', 'anything/at/all', true],
    ['team-?', 'team-a', true],
    ['team-?', 'team-ab', false],
    ['{dev,prod}', 'prod', true],
    ['[a-c]x', 'bx', true],
    ['[!a-c]x', 'bx', false],
    ['https://github.com/org/*', 'https://github.com/org/app', true],
    ['a.b', 'aXb', false],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  test('property: a pattern without wildcards matches only itself', () => {
    const plain = fc.stringMatching(/^[a-z0-9./:-]{0,20}$/);
    fc.assert(fc.property(plain, plain, (a, b) => {
      expect(globMatch(a, b)).toBe(a === b);
    }), { numRuns: 300 });
  });

  test('normalizeRepoUrl drops case, trailing slash and .git', () => {
    expect(normalizeRepoUrl('https://GitHub.com/Org/Repo.git/')).toBe('https://github.com/org/repo');
  });
});
