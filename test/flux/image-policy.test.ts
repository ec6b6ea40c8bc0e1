import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { run } from '@bufbuild/cel';
import { DigestReflectionPolicy, ImagePolicy, ImagePolicyProps } from '../../lib/flux/image-policy';
import { ImageProvider, ImageRepository, ImageRepositoryProps } from '../../lib/flux/image-repository';
import { checkTagFilter, extractReferences } from '../../lib/flux/tag-filter';
import { isSemverRange, SortOrder, TagPolicy } from '../../lib/flux/tag-policy';
import { FolderChart } from '../../lib/output/folder-chart';
import { crdViolations } from '../support/conformance';
import { celRules, problems } from './helpers';

function chart(namespace = 'ci') {
  return new FolderChart(Testing.app(), 'images', { folder: 'images', namespace });
}

function repoAndPolicy(policy: Partial<ImagePolicyProps> = {}, repo: Partial<ImageRepositoryProps> = {}) {
  const c = chart();
  const imageRepository = new ImageRepository(c, 'nginx', { image: 'ghcr.io/jquad-group/nginx', ...repo });
  new ImagePolicy(c, 'latest-nginx', { imageRepository, policy: TagPolicy.semver('0.0.x'), ...policy });
  return c;
}

describe('ImageRepository', () => {
  test('defaults: name from the id, interval 5m', () => {
    const [repo] = Testing.synth(repoAndPolicy());
    expect(repo).toEqual({
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageRepository',
      metadata: { name: 'nginx', namespace: 'ci' },
      spec: { image: 'ghcr.io/jquad-group/nginx', interval: '5m' },
    });
  });

  test('secrets are referenced by name; accessFrom becomes namespace selectors', () => {
    const c = chart();
    new ImageRepository(c, 'r', {
      image: 'registry.example.com:5000/team/app',
      secret: kplus.Secret.fromSecretName(c, 's', 'regcred'),
      certSecret: kplus.Secret.fromSecretName(c, 'ca', 'registry-ca'),
      provider: ImageProvider.GENERIC,
      exclusionList: ['^.*\\.sig$', '^sha-'],
      accessFrom: [{ 'kubernetes.io/metadata.name': 'apps' }],
      timeout: Duration.minutes(2),
    });
    const spec = Testing.synth(c)[0].spec;
    expect(spec).toMatchObject({
      secretRef: { name: 'regcred' },
      certSecretRef: { name: 'registry-ca' },
      exclusionList: ['^.*\\.sig$', '^sha-'],
      accessFrom: { namespaceSelectors: [{ matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }] },
      timeout: '2m',
    });
  });

  describe('rejects', () => {
    const make = (props: Partial<ImageRepositoryProps>) => () => new ImageRepository(chart(), 'r', { image: 'ghcr.io/org/app', ...props });
    test('a tag', () => {
      expect(make({ image: 'ghcr.io/org/app:1.0' })).toThrow("images/r: spec.image 'ghcr.io/org/app:1.0' has a tag. Give the repository only, e.g. 'ghcr.io/org/app': the policy picks the tag");
    });
    test('a digest', () => {
      expect(make({ image: `ghcr.io/org/app@sha256:${'a'.repeat(64)}` })).toThrow(/images\/r: spec.image 'ghcr.io\/org\/app@sha256:a+' has a digest. Give the repository only, e.g. 'ghcr.io\/org\/app'/);
    });
    test('a scheme', () => {
      expect(make({ image: 'https://ghcr.io/org/app' })).toThrow("images/r: spec.image 'https://ghcr.io/org/app' has a URL scheme. Give the repository without scheme, e.g. 'ghcr.io/org/app'");
    });
    test('upper case in the path', () => {
      expect(make({ image: 'ghcr.io/Org/App' })).toThrow("images/r: spec.image 'ghcr.io/Org/App' is not an image repository reference. Use a reference such as 'ghcr.io/org/app' (lower-case path)");
    });
    test('more than 25 exclusions', () => {
      expect(make({ exclusionList: Array.from({ length: 26 }, (_, i) => `^x${i}$`) })).toThrow("images/r: spec.exclusionList '26 entries' has more than the 25 entries Flux accepts. Merge patterns with '|'");
    });
    test('an exclusion that does not compile', () => {
      expect(make({ exclusionList: ['^(sig$'] })).toThrow(/images\/r: spec.exclusionList\[0\] '\^\(sig\$' is not a regular expression \(.*\)\. Fix the pattern/);
    });
  });
});

describe('ImagePolicy', () => {
  test('snapshot', () => {
    const c = repoAndPolicy({
      filterTags: { pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)$', extract: '$ts' },
      policy: TagPolicy.numerical(SortOrder.ASC),
      digestReflectionPolicy: DigestReflectionPolicy.ALWAYS,
      interval: Duration.minutes(10),
    });
    expect(Testing.synth(c)).toMatchSnapshot();
  });

  test('the repository reference is local in the same namespace, and names the namespace otherwise', () => {
    const [, policy] = Testing.synth(repoAndPolicy());
    expect(policy.spec.imageRepositoryRef).toEqual({ name: 'nginx' });
    expect(policy.spec.policy).toEqual({ semver: { range: '0.0.x' } });

    const c = chart('apps');
    const shared = new ImageRepository(c, 'shared', { image: 'ghcr.io/org/base', metadata: { namespace: 'images' }, accessFrom: [{}] });
    new ImagePolicy(c, 'p', { imageRepository: shared, policy: TagPolicy.alphabetical(SortOrder.DESC) });
    expect(Testing.synth(c)[1].spec).toMatchObject({ imageRepositoryRef: { name: 'shared', namespace: 'images' }, policy: { alphabetical: { order: 'desc' } } });
    expect(problems(c)).toEqual([]);
  });

  test('an imported repository in another namespace is referenced with its namespace', () => {
    const c = chart();
    new ImagePolicy(c, 'p', { imageRepository: ImageRepository.fromName('base', { namespace: 'images' }), policy: TagPolicy.semver('>=1.0.0') });
    expect(Testing.synth(c)[0].spec.imageRepositoryRef).toEqual({ name: 'base', namespace: 'images' });
  });

  test('output passes the ImageRepository and ImagePolicy CRD schemas', () => {
    const c = repoAndPolicy({ filterTags: { pattern: '^v(?P<version>.*)$', extract: '$version' }, digestReflectionPolicy: DigestReflectionPolicy.IF_NOT_PRESENT, suspend: false });
    expect(crdViolations(Testing.synth(c))).toEqual([]);
  });

  test('a repository in another namespace without accessFrom is a synth problem', () => {
    const c = chart('apps');
    const repo = new ImageRepository(c, 'base', { image: 'ghcr.io/org/base', metadata: { namespace: 'images' } });
    new ImagePolicy(c, 'p', { imageRepository: repo, policy: TagPolicy.semver('>=1.0.0') });
    expect(problems(c)).toEqual([
      "images/p: spec.imageRepositoryRef 'images/base' is in another namespace than the ImagePolicy ('apps') and its accessFrom does not admit other namespaces, so image-reflector-controller refuses the reference. Put both in one namespace, or give the ImageRepository accessFrom selecting this namespace",
    ]);
  });

  describe('rejects', () => {
    const make = (props: Partial<ImagePolicyProps>) => () => repoAndPolicy(props);
    test('interval without digestReflectionPolicy Always (CEL rule 1)', () => {
      expect(make({ interval: Duration.minutes(10) })).toThrow(
        "images/latest-nginx: spec.interval '10m' is only accepted when digestReflectionPolicy is 'Always' (it is 'Never'). Set digestReflectionPolicy: DigestReflectionPolicy.ALWAYS, or remove interval");
    });
    test('Always without interval (CEL rule 2)', () => {
      expect(make({ digestReflectionPolicy: DigestReflectionPolicy.ALWAYS })).toThrow(
        "images/latest-nginx: spec.interval 'undefined' must be set when digestReflectionPolicy is 'Always'. Give interval, e.g. Duration.minutes(10)");
    });
    test('a semver range that is not one', () => {
      expect(make({ policy: TagPolicy.semver('newest') })).toThrow("images/latest-nginx: spec.policy.semver.range 'newest' is not a semver range. Use a range such as '>=1.0.0', '~1.2' or '1.x'");
    });
    test('a tag pattern that does not compile', () => {
      expect(make({ filterTags: { pattern: '^v(?P<v>[0-9+$' } })).toThrow(/images\/latest-nginx: spec.filterTags.pattern '\^v\(\?P<v>\[0-9\+\$' does not compile \(.+\)\. Fix the regular expression/);
    });
    test('a lookahead, which RE2 does not have', () => {
      expect(make({ filterTags: { pattern: '^v(?!0)' } })).toThrow(
        "images/latest-nginx: spec.filterTags.pattern '^v(?!0)' uses a lookaround, which Go's RE2 (used by Flux) does not support. Rewrite the pattern without it");
    });
    test('an extract naming a group the pattern lacks', () => {
      expect(make({ filterTags: { pattern: '^main-(?P<ts>[0-9]+)$', extract: '$tss' } })).toThrow(
        "images/latest-nginx: spec.filterTags.extract '$tss' refers to group 'tss', which pattern '^main-(?P<ts>[0-9]+)$' does not have (Go would put an empty string there). Use one of: $ts, $1 (write ${name} when letters follow)");
    });
    test('an extract with a group number beyond the groups', () => {
      expect(make({ filterTags: { pattern: '^v([0-9]+)$', extract: '$2' } })).toThrow(/spec.filterTags.extract '\$2' refers to group '2'/);
    });
  });

  test('the CRD\'s CEL rules on interval and digestReflectionPolicy agree with the construct', () => {
    const rules = celRules('imagepolicies.image.toolkit.fluxcd.io.yaml');
    expect(rules).toHaveLength(2);
    fc.assert(fc.property(fc.constantFrom(undefined, ...Object.values(DigestReflectionPolicy)), fc.boolean(), (policy, withInterval) => {
      const self = new Map<string, string>(Object.entries({
        ...(policy ? { digestReflectionPolicy: policy } : {}),
        ...(withInterval ? { interval: '10m' } : {}),
      }));
      const allowed = rules.every(rule => run(rule, { self }) === true);
      const make = () => repoAndPolicy({ digestReflectionPolicy: policy, interval: withInterval ? Duration.minutes(10) : undefined });
      if (allowed) expect(make).not.toThrow();
      else expect(make).toThrow(/spec.interval/);
    }));
  });
});

describe('semver ranges', () => {
  test.each(['>=1.0.0 <2.0.0', '1.x', '0.0.x', 'v0.0.x', '~1.2', '^1.2.3', '*', '>=1.0.0-0', '1.2 - 1.4.5', '<1.0 || >=2.0.0', '>= 1.2, < 3.0.0'])('%s is a range', r => {
    expect(isSemverRange(r)).toBe(true);
  });
  test.each(['newest', '', '>=', '1.2.3.4', 'latest;rm'])('%p is not', r => {
    expect(isSemverRange(r)).toBe(false);
  });
});

describe('tag filters', () => {
  test('Go named groups, $$ and ${name} are understood', () => {
    expect(checkTagFilter({ pattern: '^(?P<major>[0-9]+)\\.(?P<minor>[0-9]+)$', extract: '${major}x$$$minor' })).toBeUndefined();
    expect(checkTagFilter({ pattern: '(?i)^RC-(?P<n>[0-9]+)\\z', extract: '$n' })).toBeUndefined();
    expect(checkTagFilter({ pattern: '^v(.*)$', extract: '$1' })).toBeUndefined();
    expect(extractReferences('$a ${b}c $$d $1x $')).toEqual(['a', 'b', '1x']);
  });

  test('property: an extract is accepted exactly when every name it uses is a group of the pattern', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.array(name, { minLength: 1, maxLength: 3 }), (groups, used) => {
      const pattern = `^${groups.map(g => `(?P<${g}>[a-z0-9]+)`).join('-')}$`;
      const extract = used.map(u => `\${${u}}`).join('.');
      const result = checkTagFilter({ pattern, extract });
      expect(result === undefined).toBe(used.every(u => groups.includes(u)));
    }), { numRuns: 200 });
  });
});
