import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { run } from '@bufbuild/cel';
import { fluxDuration } from '../../lib/flux/duration';
import { GitRef } from '../../lib/flux/git-ref';
import { GitProvider, GitRepository, GitRepositoryProps } from '../../lib/flux/git-repository';
import { FolderChart } from '../../lib/output/folder-chart';
import { crdViolations } from '../support/conformance';
import { celRules } from './helpers';

const URL = 'https://github.com/springone-tour-2020-cicd/go-sample-app.git';

function chart() {
  return new FolderChart(Testing.app(), 'ci', { folder: 'ci', namespace: 'ci' });
}

function spec(props: Partial<GitRepositoryProps> = {}) {
  const c = chart();
  new GitRepository(c, 'go-sample-app', { url: URL, ref: GitRef.branch('main'), ...props });
  return Testing.synth(c)[0];
}

describe('GitRepository', () => {
  test('snapshot', () => {
    const c = chart();
    new GitRepository(c, 'go-sample-app', {
      url: URL,
      ref: GitRef.branch('main'),
      interval: Duration.minutes(2),
      secret: kplus.Secret.fromSecretName(c, 'creds', 'git-credentials'),
      ignore: ['/docs', '*.md'],
      timeout: Duration.seconds(90),
    });
    expect(Testing.synth(c)).toMatchSnapshot();
  });

  test('the name is the construct id, the namespace the chart\'s, and the interval defaults to 1m', () => {
    const obj = spec();
    expect(obj.apiVersion).toBe('source.toolkit.fluxcd.io/v1');
    expect(obj.metadata).toEqual({ name: 'go-sample-app', namespace: 'ci' });
    expect(obj.spec).toEqual({ url: URL, interval: '1m', ref: { branch: 'main' } });
  });

  test.each([
    [GitRef.branch('release/1.x'), { branch: 'release/1.x' }],
    [GitRef.tag('v1.2.3'), { tag: 'v1.2.3' }],
    [GitRef.semver('>=1.0.0 <2.0.0'), { semver: '>=1.0.0 <2.0.0' }],
    [GitRef.refName('refs/pull/42/head'), { name: 'refs/pull/42/head' }],
    [GitRef.commit('a'.repeat(40)), { commit: 'a'.repeat(40) }],
  ])('ref %# sets exactly one field', (ref, expected) => {
    expect(spec({ ref }).spec.ref).toEqual(expected);
  });

  test('the secret is referenced by name; ignore patterns become lines; a timeout has no hours unit', () => {
    const c = chart();
    new GitRepository(c, 'r', {
      url: 'ssh://git@github.com/org/repo.git',
      ref: GitRef.branch('main'),
      secret: kplus.Secret.fromSecretName(c, 's', 'deploy-key'),
      ignore: ['/docs'],
      timeout: Duration.hours(2),
      suspend: true,
    });
    const obj = Testing.synth(c)[0];
    expect(obj.spec.secretRef).toEqual({ name: 'deploy-key' });
    expect(obj.spec.ignore).toBe('/docs\n');
    expect(obj.spec.timeout).toBe('120m');
    expect(obj.spec.suspend).toBe(true);
  });

  test('an azure service account is accepted with the azure provider', () => {
    const c = chart();
    new GitRepository(c, 'r', { url: URL, ref: GitRef.branch('main'), provider: GitProvider.AZURE, serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'sa', 'flux-git') });
    expect(Testing.synth(c)[0].spec).toMatchObject({ provider: 'azure', serviceAccountName: 'flux-git' });
  });

  test('output passes the GitRepository CRD schema', () => {
    const c = chart();
    new GitRepository(c, 'a', { url: URL, ref: GitRef.semver('1.x'), timeout: Duration.minutes(5), ignore: ['x'] });
    new GitRepository(c, 'b', { url: 'ssh://git@github.com/org/repo.git', ref: GitRef.commit('0'.repeat(64)), provider: GitProvider.GITHUB });
    expect(crdViolations(Testing.synth(c))).toEqual([]);
  });

  describe('rejects', () => {
    const attempt = (props: Partial<GitRepositoryProps>) => () => spec(props);
    test('an scp-like URL, with the ssh:// form as the fix', () => {
      expect(attempt({ url: 'git@github.com:org/repo.git' })).toThrow(
        "ci/go-sample-app: spec.url 'git@github.com:org/repo.git' is not an http://, https:// or ssh:// URL. Write it as 'ssh://git@github.com/org/repo.git'");
    });
    test('another scheme', () => {
      expect(attempt({ url: 'ftp://example.com/repo' })).toThrow(
        "ci/go-sample-app: spec.url 'ftp://example.com/repo' is not an http://, https:// or ssh:// URL. Use a URL such as 'https://github.com/org/repo.git'");
    });
    test('a branch that is not a Git reference name', () => {
      expect(attempt({ ref: GitRef.branch('my branch') })).toThrow(
        "ci/go-sample-app: spec.ref.branch 'my branch' contains a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in ref names. Give the branch name as git spells it, e.g. 'main'");
    });
    test('a reference name without refs/', () => {
      expect(attempt({ ref: GitRef.refName('main') })).toThrow(
        "ci/go-sample-app: spec.ref.name 'main' is not a full reference name. Start it with 'refs/', e.g. 'refs/heads/main', or use GitRef.branch");
    });
    test('a short commit', () => {
      expect(attempt({ ref: GitRef.commit('abc123') })).toThrow(
        "ci/go-sample-app: spec.ref.commit 'abc123' is not a full commit SHA. Give all 40 (SHA-1) or 64 (SHA-256) lower-case hex digits");
    });
    test('an empty tag', () => {
      expect(attempt({ ref: GitRef.tag('') })).toThrow("ci/go-sample-app: spec.ref.tag '' is empty. Give the tag to check out");
    });
    test('a semver range with foreign characters', () => {
      expect(attempt({ ref: GitRef.semver('latest;rm') })).toThrow(
        "ci/go-sample-app: spec.ref.semver 'latest;rm' is not a semver range. Use a range such as '>=1.0.0' or '1.x'");
    });
    test('a service account without the azure provider (the CRD\'s CEL rule)', () => {
      const c = chart();
      expect(() => new GitRepository(c, 'r', { url: URL, ref: GitRef.branch('main'), serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'sa', 'flux') })).toThrow(
        "ci/r: spec.serviceAccountName 'flux' is only accepted with provider 'azure' (provider is 'generic'). Set provider: GitProvider.AZURE, or remove serviceAccount and use secret");
    });
    test('an empty ignore pattern', () => {
      expect(attempt({ ignore: ['/docs', ' '] })).toThrow("ci/go-sample-app: ignore[1] ' ' is empty or spans lines. Give one .sourceignore pattern per entry");
    });
    test('a zero interval', () => {
      expect(attempt({ interval: Duration.seconds(0) })).toThrow(
        "ci/go-sample-app: spec.interval '0ms' is shorter than 1m, the shortest interval Flux polls a Git host or a registry at here: each poll lists the remote, and rate limits would stop them all. Use Duration.minutes(1) or more; to react to a push at once, trigger with a webhook");
    });
    test('a name that is not DNS-1123', () => {
      expect(attempt({ metadata: { name: 'Go_App' } })).toThrow(/ci\/go-sample-app: metadata.name 'Go_App' is not a DNS-1123 subdomain/);
    });
  });

  test('the CRD\'s CEL rule on serviceAccountName agrees with the construct', () => {
    const rule = celRules('gitrepositories.source.toolkit.fluxcd.io.yaml')[0];
    fc.assert(fc.property(fc.constantFrom(undefined, ...Object.values(GitProvider)), fc.boolean(), (provider, withSa) => {
      const c = chart();
      const make = () => new GitRepository(c, 'r', {
        url: URL, ref: GitRef.branch('main'), provider, ...(withSa ? { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'sa', 'x') } : {}),
      });
      const self = new Map<string, string>(Object.entries({ ...(provider ? { provider } : {}), ...(withSa ? { serviceAccountName: 'x' } : {}) }));
      const allowed = run(rule, { self }) === true;
      if (allowed) expect(make).not.toThrow();
      else expect(make).toThrow(/is only accepted with provider 'azure'/);
    }));
  });
});

describe('fluxDuration', () => {
  test.each([
    ['90 minutes', Duration.minutes(90), {}, '1h30m'],
    ['90 seconds', Duration.seconds(90), {}, '1m30s'],
    ['1500 ms', Duration.millis(1500), {}, '1s500ms'],
    ['2 hours without the h unit', Duration.hours(2), { allowHours: false }, '120m'],
  ])('%s', (_name, d, options, expected) => {
    expect(fluxDuration(d, options)).toBe(expected);
  });

  test('property: output matches the CRD pattern and adds up to the duration', () => {
    const pattern = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
    const unit: { [u: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 * 24 * 3_600_000 }), fc.boolean(), (ms, allowHours) => {
      const text = fluxDuration(Duration.millis(ms), { allowHours });
      expect(text).toMatch(pattern);
      if (!allowHours) expect(text).not.toMatch(/h/);
      const total = [...text.matchAll(/([0-9]+)(ms|s|m|h)/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
      expect(total).toBe(ms);
    }), { numRuns: 300 });
  });
});

