import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  BlobAuth, Builder, BuildpackRef, BuilderKind, ClusterBuilder, ClusterStack, Image, ImageCache, ImageSource, ImageTaggingStrategy,
  KpackApi, RegistryServiceAccount,
} from '../../lib/kpack';
import { crdViolations } from '../support/conformance';
import { SHA, chartIn, imageError, imageProps, problemsOf } from './fixtures';

describe('Image', () => {
  test('snapshot of a v1alpha2 Image using every field', () => {
    const { chart } = chartIn();
    const bot = new RegistryServiceAccount(chart, 'kpack-bot', { secrets: ['regcred'] });
    new Image(chart, 'go-sample-app', {
      tag: 'registry.example.com/team/go-sample-app',
      additionalTags: ['registry.example.com/team/go-sample-app:stable'],
      builder: ClusterBuilder.fromName('default'),
      serviceAccount: bot,
      source: ImageSource.gitCommit('https://github.com/example/go-sample-app', SHA, { subPath: 'cmd', initializeSubmodules: true }),
      cache: ImageCache.volume({ size: Size.gibibytes(2), storageClassName: 'fast' }),
      build: {
        env: { BP_GO_TARGETS: './cmd/server', BP_GO_VERSION: '1.22.*' },
        resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(2) } },
        nodeSelector: { 'node.kubernetes.io/pool': 'builds' },
        runtimeClassName: 'gvisor',
        schedulerName: 'batch',
      },
      failedBuildHistoryLimit: 3,
      successBuildHistoryLimit: 5,
      imageTaggingStrategy: ImageTaggingStrategy.NONE,
      projectDescriptorPath: 'deploy/project.toml',
      defaultProcess: 'web',
    });
    const out = Testing.synth(chart);
    expect(out).toMatchSnapshot();
    expect(crdViolations(out)).toEqual([]);
  });

  test('a minimal Image renders only what is set, with the id as name and the chart namespace', () => {
    const { chart } = chartIn();
    const image = new Image(chart, 'app', imageProps());
    expect(Testing.synth(chart)).toStrictEqual([{
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'Image',
      metadata: { name: 'app', namespace: 'ci' },
      spec: {
        builder: { kind: 'ClusterBuilder', name: 'default' },
        source: { git: { revision: SHA, url: 'https://github.com/example/app' } },
        tag: 'registry.example.com/team/app',
      },
    }]);
    expect(image.resource.kind).toBe('Image');
    expect(image.node.defaultChild).toBe(image.resource);
  });

  test('a commit source is pinned and exposes its revision; a branch source is not pinned', () => {
    const { chart } = chartIn();
    const pinned = new Image(chart, 'pinned', imageProps());
    const polled = new Image(chart, 'polled', imageProps({ source: ImageSource.gitBranch('https://github.com/example/app', 'main') }));
    const blob = new Image(chart, 'blob', imageProps({ source: ImageSource.blob('https://example.com/app.zip') }));
    expect([pinned.pinned, pinned.revision, pinned.gitUrl]).toEqual([true, SHA, 'https://github.com/example/app']);
    expect([polled.pinned, polled.revision]).toEqual([false, 'main']);
    expect([blob.pinned, blob.revision, blob.gitUrl]).toEqual([false, undefined, undefined]);
    const json = pinned.resource.toJson();
    expect(Image.REVISION_POINTER.split('/').slice(1).reduce((o: any, k) => o[k], json)).toBe(SHA);
  });

  test('blob and registry sources, and a registry cache', () => {
    const { chart } = chartIn();
    new Image(chart, 'from-blob', imageProps({ source: ImageSource.blob('https://example.com/app.tgz', { stripComponents: 1, auth: BlobAuth.SECRET }) }));
    new Image(chart, 'from-registry', imageProps({
      source: ImageSource.registry('registry.example.com/team/app-source:1', { imagePullSecrets: ['pull'], subPath: 'src' }),
      cache: ImageCache.registry('registry.example.com/team/app-cache'),
    }));
    const [blob, registry] = Testing.synth(chart);
    expect(blob.spec.source).toStrictEqual({ blob: { auth: 'secret', stripComponents: 1, url: 'https://example.com/app.tgz' } });
    expect(registry.spec.source).toStrictEqual({ registry: { image: 'registry.example.com/team/app-source:1', imagePullSecrets: [{ name: 'pull' }] }, subPath: 'src' });
    expect(registry.spec.cache).toStrictEqual({ registry: { tag: 'registry.example.com/team/app-cache' } });
  });

  test('the service account, a namespaced Builder of the app and a fractional cache size', () => {
    const { chart } = chartIn();
    const stack = new ClusterStack(chart, 'base', { id: 'io.buildpacks.stacks.jammy', buildImage: 'paketobuildpacks/build-jammy-base', runImage: 'paketobuildpacks/run-jammy-base' });
    const builder = new Builder(chart, 'builder', { tag: 'registry.example.com/team/builder', stack, order: [[BuildpackRef.id('paketo-buildpacks/go')]] });
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'kpack-bot', { namespaceName: 'ci' });
    const image = new Image(chart, 'app', imageProps({ builder, serviceAccount: sa, cache: ImageCache.volume({ size: Size.gibibytes(1.5) }) }));
    expect(image.api).toBe(KpackApi.V1ALPHA2);
    expect(image.resource.toJson().spec).toMatchObject({
      builder: { kind: 'Builder', name: 'builder' }, serviceAccountName: 'kpack-bot', cache: { volume: { size: '1536Mi' } },
    });
  });

  test('the Image takes its API from a builder of the app', () => {
    const { chart } = chartIn();
    const builder = new Builder(chart, 'legacy', { api: KpackApi.LEGACY_V1ALPHA1, image: 'gcr.io/paketo-buildpacks/builder:base' });
    const image = new Image(chart, 'app', imageProps({ tag: 'example/app', builder }));
    expect(image.api).toBe(KpackApi.LEGACY_V1ALPHA1);
    expect(image.resource.apiVersion).toBe('build.pivotal.io/v1alpha1');
  });
});

describe('Image validation: each rule names the path, the field, the value, what is wrong and the fix', () => {
  const app = 'kpack/app';
  test.each<[string, Parameters<typeof imageError>[0], string]>([
    ['tag without registry or account', { tag: 'app' },
      `${app}: spec.tag 'app' names no registry or account, so it would resolve to Docker Hub's library/ namespace. Give the full reference kpack pushes to, e.g. registry.example.com/team/app`],
    ['tag with a digest', { tag: `registry.example.com/team/app@sha256:${'a'.repeat(64)}` },
      `${app}: spec.tag 'registry.example.com/team/app@sha256:${'a'.repeat(64)}' has a digest, but kpack pushes to a tag. Give the full reference kpack pushes to, e.g. registry.example.com/team/app`],
    ['tag with upper case', { tag: 'registry.example.com/Team/app' },
      `${app}: spec.tag 'registry.example.com/Team/app' has repository part 'Team', which is not lower-case letters and digits joined by '.', '_', '__' or '-', so it is not a valid image tag. Give the full reference kpack pushes to, e.g. registry.example.com/team/app`],
    ['additional tag in another registry', { additionalTags: ['ghcr.io/team/app:stable'] },
      `${app}: spec.additionalTags[0] 'ghcr.io/team/app:stable' is in registry 'ghcr.io', but tag 'registry.example.com/team/app' is in 'registry.example.com'. kpack pushes all tags to one registry: use the registry of tag, or another Image`],
    ['invalid additional tag', { additionalTags: ['registry.example.com/team/app:-x'] },
      `${app}: spec.additionalTags[0] 'registry.example.com/team/app:-x' has tag '-x', which is not 1 to 128 letters, digits, '_', '.' or '-' (not starting with '.' or '-'), so it is not a valid image tag. Give a full reference such as registry.example.com/team/app:stable`],
    ['history limit of 0', { failedBuildHistoryLimit: 0 },
      `${app}: spec.failedBuildHistoryLimit '0' is not a whole number of at least 1, which kpack requires. Give 1 or more, or leave it out for kpack's default of 10`],
    ['fractional history limit', { successBuildHistoryLimit: 2.5 },
      `${app}: spec.successBuildHistoryLimit '2.5' is not a whole number of at least 1, which kpack requires. Give 1 or more, or leave it out for kpack's default of 10`],
    ['cache volume of size 0', { cache: ImageCache.volume({ size: Size.gibibytes(0) }) },
      `${app}: spec.cache.volume.size '0Ki' is not greater than zero. Give a size such as Size.gibibytes(2), or leave the cache out`],
    ['cache storage class that is no name', { cache: ImageCache.volume({ size: Size.gibibytes(1), storageClassName: 'Fast' }) },
      `${app}: spec.cache.volume.storageClassName 'Fast' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Give the name of a StorageClass`],
    ['invalid cache tag', { cache: ImageCache.registry('cache') },
      `${app}: spec.cache.registry.tag 'cache' names no registry or account, so it would resolve to Docker Hub's library/ namespace. Give a tag such as registry.example.com/team/app-cache`],
    ['build nodeSelector with the OS label', { build: { nodeSelector: { 'kubernetes.io/os': 'linux' } } },
      `${app}: spec.build.nodeSelector.kubernetes.io/os 'linux' is set, but kpack chooses the OS from the builder and rejects it. Remove the 'kubernetes.io/os' key`],
    ['build env name', { build: { env: { '1X': 'a' } } },
      `${app}: spec.build.env '1X' is not a valid environment variable name. Use letters, digits, '_', '-' and '.', not starting with a digit`],
    ['memory request above limit', { build: { resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } } },
      `${app}: spec.build.resources.requests.memory '2Gi' is more than the limit 1Gi, which the API server refuses, so the pod is never created. Make the request at most the limit, or raise the limit to 2Gi`],
    ['cpu request above limit', { build: { resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.millis(500) } } } },
      `${app}: spec.build.resources.requests.cpu '2000m' is more than the limit 500m, which the API server refuses, so the pod is never created. Make the request at most the limit, or raise the limit to 2000m`],
    ['ephemeral storage', { build: { resources: { ephemeralStorage: { limit: Size.gibibytes(1) } } } },
      `${app}: spec.build.resources.ephemeralStorage 'set' is not rendered by this construct. Give only cpu and memory`],
    ['absolute project descriptor path', { projectDescriptorPath: '/project.toml' },
      `${app}: spec.projectDescriptorPath '/project.toml' is not a relative path in the source. Give a path such as 'project.toml'`],
  ])('%s', (_, over, message) => {
    expect(imageError(over)).toBe(message);
  });

  test('a name longer than a label value', () => {
    const name = 'a'.repeat(64);
    expect(imageError({}, name)).toBe(`kpack/${name}: metadata.name '${name}' is 64 characters long, more than the 63 allowed. `
      + 'kpack puts the Image name in a label of every Build: use lower-case letters, digits, \'-\' and \'.\', at most 63 characters');
  });

  test('several local problems are reported together', () => {
    expect(imageError({ tag: 'app', failedBuildHistoryLimit: 0 }).split('\n')).toHaveLength(2);
  });

  test('builder of another API, in another namespace, of a kind the API lacks, and a service account elsewhere', () => {
    const { app, chart } = chartIn();
    const builder = new Builder(chart, 'b', { metadata: { namespace: 'other' }, tag: 'registry.example.com/team/builder', stack: ClusterStack.fromName('base'), order: [[BuildpackRef.id('paketo-buildpacks/go')]] });
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'bot', namespace: 'other' } });
    new Image(chart, 'wrong-ns', imageProps({ builder, serviceAccount: sa }));
    new Image(chart, 'wrong-api', imageProps({ api: KpackApi.LEGACY_V1ALPHA1, tag: 'example/app', builder: ClusterBuilder.fromName('cb', { api: KpackApi.V1ALPHA2 }) }));
    new Image(chart, 'wrong-kind', imageProps({ builder: ClusterBuilder.fromName('cb', { custom: true }) }));
    new Image(chart, 'bad-name', imageProps({ builder: { kind: BuilderKind.BUILDER, name: 'Bad' } }));
    expect(problemsOf(app)).toEqual([
      "kpack/wrong-ns: spec.builder 'Builder/b' is in namespace 'other', but a Builder serves only Images in its own namespace 'ci'. Create the Builder in the Image's namespace, or use a ClusterBuilder",
      "kpack/wrong-ns: spec.serviceAccountName 'bot' is in namespace 'other', not the Image's 'ci'. Create the service account in the Image's namespace",
      "kpack/wrong-api: spec.builder 'ClusterBuilder/cb' is written in kpack.io/v1alpha2 but the Image in build.pivotal.io/v1alpha1. Give the Image and its builder the same api (KpackApi.V1ALPHA2 or KpackApi.LEGACY_V1ALPHA1)",
      "kpack/wrong-kind: spec.builder.kind 'CustomClusterBuilder' is not a builder kind of kpack.io/v1alpha2. Use one of Builder, ClusterBuilder; CustomBuilder became Builder in kpack.io",
      "kpack/bad-name: spec.builder.name 'Bad' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Give the name of the builder",
    ]);
  });
});
