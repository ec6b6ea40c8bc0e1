import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import { BlobAuth, Builder, ClusterBuilder, Image, ImageCache, ImageSource, KpackApi, RegistryServiceAccount } from '../../lib/kpack';
import { CRDS_DIR, CrdSchemas } from '../support/crd-schemas';
import { chartIn, imageError, problemsOf } from './fixtures';

const LEGACY = KpackApi.LEGACY_V1ALPHA1;

/** The tutorial's cicd/kpack folder: Builder paketo-builder, Image go-sample-app, ServiceAccount kpack-bot. */
function tutorial() {
  const { app, chart } = chartIn('default');
  const bot = new RegistryServiceAccount(chart, 'kpack-bot', { secrets: ['regcred'], imagePullSecrets: false });
  const builder = new Builder(chart, 'paketo-builder', { api: LEGACY, image: 'gcr.io/paketo-buildpacks/builder:base-platform-api-0.3' });
  const image = new Image(chart, 'go-sample-app', {
    tag: 'example/go-sample-app',
    builder,
    serviceAccount: bot,
    source: ImageSource.gitBranch('https://github.com/example/go-sample-app', 'master'),
  });
  return { app, chart, image };
}

describe('legacy flavour (build.pivotal.io/v1alpha1, kpack v0.0.9)', () => {
  test('reproduces the tutorial\'s Builder paketo-builder and Image go-sample-app', () => {
    const { chart } = tutorial();
    const [sa, builder, image] = Testing.synth(chart);
    expect(sa).toStrictEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kpack-bot', namespace: 'default' }, automountServiceAccountToken: false, secrets: [{ name: 'regcred' }] });
    expect(builder).toStrictEqual({
      apiVersion: 'build.pivotal.io/v1alpha1',
      kind: 'Builder',
      metadata: { name: 'paketo-builder', namespace: 'default' },
      spec: { image: 'gcr.io/paketo-buildpacks/builder:base-platform-api-0.3' },
    });
    expect(image).toStrictEqual({
      apiVersion: 'build.pivotal.io/v1alpha1',
      kind: 'Image',
      metadata: { name: 'go-sample-app', namespace: 'default' },
      spec: {
        builder: { kind: 'Builder', name: 'paketo-builder' },
        serviceAccount: 'kpack-bot',
        source: { git: { revision: 'master', url: 'https://github.com/example/go-sample-app' } },
        tag: 'example/go-sample-app',
      },
    });
  });

  test('snapshot, including the pinned form the pipeline writes and cacheSize', () => {
    const { chart } = chartIn('default');
    const builder = new Builder(chart, 'paketo-builder', { api: LEGACY, image: 'gcr.io/paketo-buildpacks/builder:base-platform-api-0.3', imagePullSecrets: ['builder-pull'] });
    new Image(chart, 'go-sample-app', {
      tag: 'example/go-sample-app:kpack-0.0.1',
      builder,
      source: ImageSource.gitCommit('https://github.com/example/go-sample-app', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'),
      cache: ImageCache.volume({ size: Size.gibibytes(1.5) }),
      failedBuildHistoryLimit: 2,
      build: { env: { BP_GO_TARGETS: './cmd/web' } },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('the objects are of kinds the kpack-legacy CRDs define (which carry no schema)', () => {
    const { chart } = tutorial();
    const legacyDir = path.join(CRDS_DIR, 'kpack-legacy');
    const objects = Testing.synth(chart).filter(o => o.apiVersion === 'build.pivotal.io/v1alpha1');
    const report = new CrdSchemas(legacyDir).check(objects.map((object, index) => ({ file: `object-${index}`, index, object })));
    expect(report.errors).toEqual([]);
    expect([...report.schemaless].sort()).toEqual(['build.pivotal.io/v1alpha1 Builder', 'build.pivotal.io/v1alpha1 Image']);
    expect([...report.noCrd]).toEqual([]);
  });

  test('legacy builder kinds CustomBuilder and CustomClusterBuilder are accepted', () => {
    const { app, chart } = chartIn('default');
    new Image(chart, 'a', { api: LEGACY, tag: 'example/a', builder: Builder.fromName('custom', { custom: true }), source: ImageSource.gitBranch('https://github.com/example/a', 'main') });
    new Image(chart, 'b', { api: LEGACY, tag: 'example/b', builder: ClusterBuilder.fromName('custom', { custom: true }), source: ImageSource.gitBranch('https://github.com/example/b', 'main') });
    expect(problemsOf(app)).toEqual([]);
    expect(Testing.synth(chart).map(o => o.spec.builder.kind)).toEqual(['CustomBuilder', 'CustomClusterBuilder']);
  });
});

describe('legacy flavour validation: fields kpack v0.0.9 does not have', () => {
  const legacy = { api: LEGACY, tag: 'example/app' };
  test.each<[string, Parameters<typeof imageError>[0], string]>([
    ['additionalTags', { additionalTags: ['example/app:stable'] },
      "kpack/app: spec.additionalTags '[\"example/app:stable\"]' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2"],
    ['projectDescriptorPath', { projectDescriptorPath: 'project.toml' },
      "kpack/app: spec.projectDescriptorPath 'project.toml' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2"],
    ['defaultProcess', { defaultProcess: 'web' },
      "kpack/app: spec.defaultProcess 'web' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2"],
    ['a registry cache', { cache: ImageCache.registry('example/cache') },
      "kpack/app: spec.cache.registry 'example/cache' does not exist in build.pivotal.io/v1alpha1. Use ImageCache.volume, or KpackApi.V1ALPHA2"],
    ['a cache storage class', { cache: ImageCache.volume({ size: Size.gibibytes(1), storageClassName: 'fast' }) },
      "kpack/app: spec.cache.volume.storageClassName 'fast' does not exist in build.pivotal.io/v1alpha1. Remove it (the legacy API uses the default StorageClass), or use KpackApi.V1ALPHA2"],
    ['a cacheSize of zero', { cache: ImageCache.volume({ size: Size.mebibytes(0) }) },
      "kpack/app: spec.cacheSize '0Ki' is not greater than zero. Give a size such as Size.gibibytes(2), or leave the cache out"],
    ['a build nodeSelector', { build: { nodeSelector: { pool: 'builds' } } },
      "kpack/app: spec.build.nodeSelector '{\"pool\":\"builds\"}' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2"],
    ['a build runtimeClassName', { build: { runtimeClassName: 'gvisor' } },
      "kpack/app: spec.build.runtimeClassName 'gvisor' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2"],
    ['a blob auth', { source: ImageSource.blob('https://example.com/a.zip', { auth: BlobAuth.HELPER }) },
      "kpack/app: spec.source.blob.auth 'helper' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2"],
  ])('%s', (_, over, message) => {
    expect(imageError({ ...legacy, builder: ClusterBuilder.fromName('b', { api: LEGACY }), ...over })).toBe(message);
  });

  test('an Image and its Builder of different flavours is a synth error', () => {
    const { app, chart } = chartIn('default');
    const builder = new Builder(chart, 'paketo-builder', { api: LEGACY, image: 'gcr.io/paketo-buildpacks/builder:base' });
    new Image(chart, 'app', { api: KpackApi.V1ALPHA2, tag: 'docker.io/example/app', builder, source: ImageSource.gitBranch('https://github.com/example/app', 'main') });
    expect(problemsOf(app)).toEqual([
      "kpack/app: spec.builder 'Builder/paketo-builder' is written in build.pivotal.io/v1alpha1 but the Image in kpack.io/v1alpha2. Give the Image and its builder the same api (KpackApi.V1ALPHA2 or KpackApi.LEGACY_V1ALPHA1)",
    ]);
  });
});
