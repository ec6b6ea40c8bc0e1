import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Builder, BuilderKind, BuilderUpdatePolicy, BuildpackRef, ClusterBuilder, ClusterStack, ClusterStore, KpackApi, RegistryServiceAccount,
} from '../../lib/kpack';
import { crdViolations } from '../support/conformance';
import { chartIn, problemsOf, thrown } from './fixtures';

const stackProps = { id: 'io.buildpacks.stacks.jammy', buildImage: 'paketobuildpacks/build-jammy-base:0.1', runImage: 'paketobuildpacks/run-jammy-base:0.1' };
const go = [[BuildpackRef.id('paketo-buildpacks/go')]];

describe('Builder, ClusterBuilder, ClusterStack, ClusterStore', () => {
  test('snapshot of a v1alpha2 build setup', () => {
    const { chart } = chartIn();
    const bot = new RegistryServiceAccount(chart, 'kpack-bot', { secrets: ['regcred', 'git-ssh'] });
    const stack = new ClusterStack(chart, 'base', { ...stackProps, serviceAccount: bot });
    const store = new ClusterStore(chart, 'default', { sources: ['paketobuildpacks/go:4', 'paketobuildpacks/java:18'], serviceAccount: bot });
    new Builder(chart, 'go-builder', {
      tag: 'registry.example.com/team/go-builder', stack, store, serviceAccount: bot,
      order: [
        [BuildpackRef.id('paketo-buildpacks/go', { version: '4.0.0' }), BuildpackRef.id('paketo-buildpacks/procfile', { optional: true })],
        [BuildpackRef.clusterBuildpack('java', { id: 'paketo-buildpacks/java' }), BuildpackRef.buildpack('custom')],
      ],
    });
    new ClusterBuilder(chart, 'default-builder', { tag: 'registry.example.com/builders/default', stack, store, order: go, serviceAccount: bot });
    const out = Testing.synth(chart);
    expect(out).toMatchSnapshot();
    expect(crdViolations(out)).toEqual([]);
  });

  test('cluster-scoped kinds carry no namespace, even in a chart with one; the namespaced Builder does', () => {
    const { chart } = chartIn('ci');
    const bot = kplus.ServiceAccount.fromServiceAccountName(chart, 'bot', 'kpack-bot', { namespaceName: 'ci' });
    const stack = new ClusterStack(chart, 'base', stackProps);
    const store = new ClusterStore(chart, 'store', { sources: ['paketobuildpacks/go'] });
    const cb = new ClusterBuilder(chart, 'cb', { tag: 'registry.example.com/b/cb', stack, store, order: go, serviceAccount: bot });
    const b = new Builder(chart, 'b', { tag: 'registry.example.com/b/b', stack, order: go });
    expect(Testing.synth(chart).map(o => [o.kind, o.metadata.namespace])).toEqual([
      ['ClusterStack', undefined], ['ClusterStore', undefined], ['ClusterBuilder', undefined], ['Builder', 'ci'],
    ]);
    expect([cb.kind, cb.namespace, b.kind, b.namespace]).toEqual([BuilderKind.CLUSTER_BUILDER, undefined, BuilderKind.BUILDER, 'ci']);
    expect(cb.resource.toJson().spec.serviceAccountRef).toEqual({ name: 'kpack-bot', namespace: 'ci' });
  });

  test('groups and sources added after construction are rendered', () => {
    const { chart } = chartIn();
    const store = new ClusterStore(chart, 'store');
    const b = new Builder(chart, 'b', { tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('base'), store });
    b.addGroup(BuildpackRef.id('paketo-buildpacks/nodejs'));
    store.addSource('paketobuildpacks/nodejs');
    const [storeJson, builderJson] = Testing.synth(chart);
    expect(storeJson.spec).toEqual({ sources: [{ image: 'paketobuildpacks/nodejs' }] });
    expect(builderJson.spec).toEqual({
      order: [{ group: [{ id: 'paketo-buildpacks/nodejs' }] }],
      stack: { kind: 'ClusterStack', name: 'base' }, store: { kind: 'ClusterStore', name: 'store' }, tag: 'registry.example.com/b/b',
    });
    expect(b.order.map(g => g.map(r => r.key))).toEqual([['paketo-buildpacks/nodejs']]);
    expect(store.sources).toEqual(['paketobuildpacks/nodejs']);
  });

  test('importers return references of the right kind and API', () => {
    expect(Builder.fromName('b')).toEqual({ kind: 'Builder', name: 'b' });
    expect(ClusterBuilder.fromName('c', { api: KpackApi.LEGACY_V1ALPHA1, custom: true })).toEqual({ kind: 'CustomClusterBuilder', name: 'c', api: KpackApi.LEGACY_V1ALPHA1 });
    expect(ClusterStack.fromName('s').name).toBe('s');
    expect(ClusterStore.fromName('s').name).toBe('s');
  });

  test('a legacy ClusterBuilder wraps an image and has no namespace', () => {
    const { chart } = chartIn();
    new ClusterBuilder(chart, 'paketo', { api: KpackApi.LEGACY_V1ALPHA1, image: 'gcr.io/paketo-buildpacks/builder:base', updatePolicy: BuilderUpdatePolicy.EXTERNAL });
    expect(Testing.synth(chart)).toStrictEqual([{
      apiVersion: 'build.pivotal.io/v1alpha1', kind: 'ClusterBuilder', metadata: { name: 'paketo' },
      spec: { image: 'gcr.io/paketo-buildpacks/builder:base', updatePolicy: 'external' },
    }]);
  });
});

describe('builder validation', () => {
  const legacy = KpackApi.LEGACY_V1ALPHA1;
  const build = (fn: (chart: ReturnType<typeof chartIn>['chart']) => unknown) => thrown(() => fn(chartIn().chart));

  test.each<[string, (chart: any) => unknown, string]>([
    ['legacy fields in v1alpha2', c => new Builder(c, 'b', { image: 'gcr.io/x/builder', tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('s') }),
      "kpack/b: spec.image 'gcr.io/x/builder' does not exist in kpack.io/v1alpha2 Builders. A kpack.io builder is assembled from tag, stack, store and order; `image` and `updatePolicy` belong to KpackApi.LEGACY_V1ALPHA1"],
    ['updatePolicy in v1alpha2', c => new ClusterBuilder(c, 'b', { updatePolicy: BuilderUpdatePolicy.POLLING }),
      "kpack/b: spec.updatePolicy 'polling' does not exist in kpack.io/v1alpha2 ClusterBuilders. A kpack.io builder is assembled from tag, stack, store and order; `image` and `updatePolicy` belong to KpackApi.LEGACY_V1ALPHA1"],
    ['v1alpha2 fields in legacy', c => new Builder(c, 'b', { api: legacy, image: 'gcr.io/x/builder', stack: ClusterStack.fromName('s') }),
      "kpack/b: spec.stack 's' does not exist in build.pivotal.io/v1alpha1 Builders. A legacy builder wraps a ready builder image: give `image`, or use KpackApi.V1ALPHA2"],
    ['legacy builder without image', c => new Builder(c, 'b', { api: legacy }),
      "kpack/b: spec.image '' is missing. Give the builder image, e.g. gcr.io/paketo-buildpacks/builder:base-platform-api-0.3"],
    ['legacy builder with a bad image', c => new Builder(c, 'b', { api: legacy, image: 'gcr.io/x/Builder' }),
      "kpack/b: spec.image 'gcr.io/x/Builder' has repository part 'Builder', which is not lower-case letters and digits joined by '.', '_', '__' or '-', so it is not a valid image reference. Give a builder image such as gcr.io/paketo-buildpacks/builder:base-platform-api-0.3"],
    ['v1alpha2 builder without tag', c => new Builder(c, 'b', { stack: ClusterStack.fromName('s') }),
      "kpack/b: spec.tag '' is missing. Give the tag kpack pushes the builder image to, e.g. registry.example.com/team/builder"],
    ['v1alpha2 builder with a bare tag', c => new Builder(c, 'b', { tag: 'builder', stack: ClusterStack.fromName('s') }),
      "kpack/b: spec.tag 'builder' names no registry or account, so it would resolve to Docker Hub's library/ namespace. Give a tag such as registry.example.com/team/builder"],
    ['v1alpha2 builder without stack', c => new Builder(c, 'b', { tag: 'registry.example.com/b/b' }),
      "kpack/b: spec.stack '' is missing. Pass a ClusterStack, or ClusterStack.fromName('base')"],
    ['bad builder name', c => new Builder(c, 'B', { tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('s') }),
      "kpack/B: metadata.name 'B' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Choose a name of lower-case letters, digits and '-'"],
    ['service account on a legacy Builder', c => new Builder(c, 'b', { api: legacy, image: 'gcr.io/x/b', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 's', 'bot') }),
      "kpack/b: spec.serviceAccountName 'bot' does not exist in build.pivotal.io/v1alpha1 Builders. Remove it: a legacy Builder pulls with imagePullSecrets"],
    ['imagePullSecrets on a v1alpha2 Builder', c => new Builder(c, 'b', { tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('s'), imagePullSecrets: ['x'] }),
      "kpack/b: spec.imagePullSecrets '[\"x\"]' does not exist in kpack.io/v1alpha2 Builders. Give the service account the pull Secrets instead"],
    ['Builder service account in another namespace', c => new Builder(c, 'b', {
      tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('s'), serviceAccount: new RegistryServiceAccount(c, 'bot', { metadata: { namespace: 'other' }, secrets: ['regcred'] }),
    }), "kpack/b: spec.serviceAccountName 'bot' is in namespace 'other', not the Builder's 'ci'. Create the service account in the Builder's namespace"],
    ['service account on a legacy ClusterBuilder', c => new ClusterBuilder(c, 'b', { api: legacy, image: 'gcr.io/x/b', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 's', 'bot') }),
      "kpack/b: spec.serviceAccountRef 'bot' does not exist in build.pivotal.io/v1alpha1 ClusterBuilders. Remove it: a legacy ClusterBuilder wraps a public builder image"],
    ['v1alpha2 ClusterBuilder without service account', c => new ClusterBuilder(c, 'b', { tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('s') }),
      "kpack/b: spec.serviceAccountRef '' is missing, but kpack requires a ClusterBuilder to name its service account. Pass serviceAccount, e.g. a RegistryServiceAccount or ServiceAccount.fromServiceAccountName(scope, id, name, { namespaceName })"],
    ['addGroup on a legacy builder', c => new Builder(c, 'b', { api: legacy, image: 'gcr.io/x/b' }).addGroup(BuildpackRef.id('x')),
      "kpack/b: spec.order '[\"x\"]' does not exist in build.pivotal.io/v1alpha1 builders. A legacy builder wraps a ready builder image; use KpackApi.V1ALPHA2 to choose buildpacks"],
    ['ClusterStack in the legacy API', c => new ClusterStack(c, 's', { ...stackProps, api: legacy }),
      "kpack/s: api 'build.pivotal.io/v1alpha1' has no ClusterStack (kpack v0.0.9 had an experimental.kpack.pivotal.io Stack, and its Builders wrap a builder image). Use KpackApi.V1ALPHA2, or give a legacy Builder its builder image"],
    ['ClusterStore in the legacy API', c => new ClusterStore(c, 's', { api: legacy }),
      "kpack/s: api 'build.pivotal.io/v1alpha1' has no ClusterStore (kpack v0.0.9 had an experimental.kpack.pivotal.io Store, and its Builders wrap a builder image). Use KpackApi.V1ALPHA2, or give a legacy Builder its builder image"],
    ['ClusterStack without id', c => new ClusterStack(c, 's', { ...stackProps, id: '' }),
      "kpack/s: spec.id '' is empty or contains whitespace. Give the stack id, e.g. io.buildpacks.stacks.jammy"],
    ['ClusterStack with a bad run image', c => new ClusterStack(c, 's', { ...stackProps, runImage: 'run image' }),
      "kpack/s: spec.runImage.image 'run image' contains whitespace, so it is not a valid image reference. Give an image such as paketobuildpacks/run-jammy-base:latest or one pinned by digest"],
    ['ClusterStack service account without namespace', c => new ClusterStack(c, 's', { ...stackProps, serviceAccount: new kplus.ServiceAccount(chartIn(null).chart, 'bot') }),
      "kpack/s: spec.serviceAccountRef.namespace '' is missing, but a cluster-scoped kpack object must say where its service account lives. Create the ServiceAccount in a chart with a namespace, or import it with ServiceAccount.fromServiceAccountName(scope, id, name, { namespaceName })"],
    ['ClusterStore source that is no image', c => new ClusterStore(c, 's', { sources: ['Paketo/go'] }),
      "kpack/s: spec.sources 'Paketo/go' has repository part 'Paketo', which is not lower-case letters and digits joined by '.', '_', '__' or '-', so it is not a valid image reference. Give a buildpackage image such as paketobuildpacks/go"],
    ['ClusterStore source twice', c => new ClusterStore(c, 's', { sources: ['paketobuildpacks/go', 'paketobuildpacks/go'] }),
      "kpack/s: spec.sources 'paketobuildpacks/go' is listed twice. Give each image once"],
    ['RegistryServiceAccount without secrets', c => new RegistryServiceAccount(c, 'bot', { secrets: [] }),
      "kpack/bot: secrets '[]' is empty, so kpack has no credentials to push with. Name the dockerconfigjson Secret, e.g. secrets: ['regcred']"],
    ['RegistryServiceAccount secret that is no name', c => new RegistryServiceAccount(c, 'bot', { secrets: ['Reg Cred'] }),
      "kpack/bot: secrets 'Reg Cred' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Choose a name of lower-case letters, digits and '-'"],
    ['RegistryServiceAccount secret twice', c => new RegistryServiceAccount(c, 'bot', { secrets: ['regcred', 'regcred'] }),
      "kpack/bot: secrets 'regcred' is listed twice. Give each Secret once"],
  ])('%s', (_, fn, message) => {
    expect(build(fn)).toBe(message);
  });

  test('order problems are reported at synth, together', () => {
    const { app, chart } = chartIn();
    new Builder(chart, 'empty', { tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('s') });
    const b = new Builder(chart, 'bad', { tag: 'registry.example.com/b/b', stack: ClusterStack.fromName('s') });
    b.addGroup();
    b.addGroup(BuildpackRef.id('paketo-buildpacks/go'), BuildpackRef.id('paketo-buildpacks/go', { version: '1 2' }), BuildpackRef.id('-x'), BuildpackRef.clusterBuildpack('Java'));
    new ClusterStore(chart, 'store');
    expect(problemsOf(app)).toEqual([
      "kpack/empty: spec.order '[]' is empty, so the builder has no buildpacks to detect with. Add a group, e.g. addGroup(BuildpackRef.id('paketo-buildpacks/go'))",
      "kpack/bad: spec.order[0].group '[]' is empty. Give at least one buildpack, or remove the group",
      "kpack/bad: spec.order[1].group[1].version '1 2' is empty or contains whitespace. Give a version such as '1.2.3', or leave it out for the highest",
      "kpack/bad: spec.order[1].group[1] 'paketo-buildpacks/go' appears twice in one group, which the buildpack spec forbids. Keep it once; the same buildpack may be in several groups",
      "kpack/bad: spec.order[1].group[2].id '-x' is not a buildpack id. Give an id such as 'paketo-buildpacks/go'",
      "kpack/bad: spec.order[1].group[3].name 'Java' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Give the name of a ClusterBuildpack",
      "kpack/store: spec.sources '[]' is empty, so Builders find no buildpacks in this store. Add a buildpackage image, e.g. addSource('paketobuildpacks/go')",
    ]);
  });
});

describe('RegistryServiceAccount', () => {
  test('lists Secrets by name under secrets and imagePullSecrets, also when added later', () => {
    const { chart } = chartIn();
    const bot = new RegistryServiceAccount(chart, 'kpack-bot', { secrets: ['regcred'] });
    bot.addRegistrySecret('git-ssh');
    const nopull = new RegistryServiceAccount(chart, 'push-only', { secrets: ['regcred'], imagePullSecrets: false });
    const [a, b] = Testing.synth(chart);
    expect(a).toStrictEqual({
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kpack-bot', namespace: 'ci' }, automountServiceAccountToken: false,
      secrets: [{ name: 'regcred' }, { name: 'git-ssh' }], imagePullSecrets: [{ name: 'regcred' }, { name: 'git-ssh' }],
    });
    expect(b.imagePullSecrets).toBeUndefined();
    expect(nopull.secrets.map(s => s.name)).toEqual(['regcred']);
    expect(bot).toBeInstanceOf(kplus.ServiceAccount);
  });
});
