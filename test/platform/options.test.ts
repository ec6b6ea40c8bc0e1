// The Platform's options from a hostile or mistaken caller: unknown components, versions that name no build,
// releases over plain http or with credentials, another component's release, line breaks that would add keys
// to a generated kustomization.yaml, and versions that cannot serve what the repository commits. Each kind has
// a table or property test; every message names the path, the field, the value and the fix.
import { Size } from 'cdk8s';
import * as fs from 'fs';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import {
  ComponentName, ComponentRelease, FolderChart, GitRef, GitRepository, ImagePolicy, ImageRepository, Platform, PlatformComponent,
  PipelineTrigger, PipelineTriggerFlavour, RELEASES, RunWorkspace, TagPolicy, TriggerEvent,
} from '../../lib';
import { renderKustomization } from '../../lib/platform/kustomization';
import { checkVersion } from '../../lib/platform/options';
import { checkReleaseUrl } from '../../lib/core/url';
import { delivery, opsRepo, opsRoot } from '../delivery/fixtures';
import { synthProblems, thrown } from '../support/synth';

let root: string;
beforeEach(() => { root = opsRoot(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** The message of `new Platform(ops, 'platform', props)`, or '' when it is accepted. */
function platformError(props: any): string {
  const { ops } = opsRepo(opsRoot());
  return thrown(() => new Platform(ops, 'platform', props));
}

const KNOWN = 'tektonPipelines, tektonTriggers, tektonPruner, kpack, flux, pipelineTriggerOperator, kpush, runHistory, projectName';

describe('components', () => {
  test.each([
    [{ tektonPipeline: PlatformComponent.absent() }, `platform: tektonPipeline '{"mode":"absent"}' is not a prop of the Platform, so it would be ignored. Use one of ${KNOWN}`],
    [{ Flux: PlatformComponent.absent() }, `platform: Flux '{"mode":"absent"}' is not a prop of the Platform, so it would be ignored. Use one of ${KNOWN}`],
    [{ flux: 'v2.8.8' }, "platform: flux 'v2.8.8' is a string, not a PlatformComponent. Use PlatformComponent.whenNeeded(), .install(release?), .preinstalled('vX.Y.Z') or .absent()"],
    [{ kpack: { mode: 'install' } }, "platform: kpack '{\"mode\":\"install\"}' is a plain object, not a PlatformComponent. Use PlatformComponent.whenNeeded(), .install(release?), .preinstalled('vX.Y.Z') or .absent()"],
    [{ projectName: 'Platform Apps' }, "platform: projectName 'Platform Apps' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Name the AppProject with lower-case letters, digits and '-', e.g. 'platform'"],
  ])('%j is refused', (props, message) => {
    expect(platformError(props)).toBe(message);
  });

  test('every known prop is accepted', () => {
    expect(platformError({ tektonPipelines: PlatformComponent.install(), tektonPruner: PlatformComponent.whenNeeded(), flux: PlatformComponent.absent(), runHistory: {}, projectName: 'platform' })).toBe('');
  });
});

describe('versions', () => {
  test.each([
    ['latest', "platform: tektonPipelines.version 'latest' names no build: it moves. Give the version the cluster runs, as upstream tags it, e.g. 'v1.15.0'"],
    ['', "platform: tektonPipelines.version '' is empty. Give the version the cluster runs, as upstream tags it, e.g. 'v1.15.0'"],
    ['main', "platform: tektonPipelines.version 'main' names no build: it moves. Give the version the cluster runs, as upstream tags it, e.g. 'v1.15.0'"],
    ['v1.15.0\nkind: Secret', "platform: tektonPipelines.version 'v1.15.0\\nkind: Secret' holds white space or a control character (a newline would end the line it is written on). Give the version the cluster runs, as upstream tags it, e.g. 'v1.15.0'"],
    ['v1.15', "platform: tektonPipelines.version 'v1.15' is neither a release (v1.2.3), a build of a commit (<branch>-<7 to 40 hex digits>) nor a full commit SHA. Give the version the cluster runs, as upstream tags it, e.g. 'v1.15.0'"],
  ])('preinstalled(%j) is refused', (version, message) => {
    expect(platformError({ tektonPipelines: PlatformComponent.preinstalled(version) })).toBe(message);
  });

  test('releases, commit builds and commits are versions', () => {
    for (const v of ['v1.15.0', '0.1.0', 'v1.16.0-rc.1', 'main-4f0f57d', 'release-1.2-0123456789abcdef', '66d7e8ec1bf093063ad027f8d70397b0aac552eb']) expect(checkVersion(v)).toBeUndefined();
  });

  test('property: no version with white space or a control character is accepted', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('\n', '\r', '\t', ' ', '\u0000', '\u001b'), fc.string(), (a, c, b) => checkVersion(`${a}${c}${b}`) !== undefined));
  });

  test('a part of Flux is checked like a version, and an unknown part is refused', () => {
    expect(platformError({ flux: PlatformComponent.preinstalled('v2.8.8', { 'image-reflector-controller': 'latest' }) }))
      .toBe("platform: flux.parts.image-reflector-controller 'latest' names no build: it moves. Give the version of image-reflector-controller as upstream tags it, e.g. 'v1.1.2'");
    expect(platformError({ flux: PlatformComponent.preinstalled('v2.8.8', { 'helm-controller': 'v1.0.0' }) }))
      .toBe("platform: flux.parts 'helm-controller' is not a part of flux whose version matters here. Give only source-controller, image-reflector-controller");
  });
});

describe('releases', () => {
  const tekton = RELEASES[ComponentName.TEKTON_PIPELINES];
  const withRelease = (over: Partial<ComponentRelease>) => platformError({ tektonPipelines: PlatformComponent.install({ ...tekton, ...over }) });

  test.each([
    ['http://', { resources: ['http://infra.tekton.dev/tekton-releases/pipeline/previous/v1.15.0/release.yaml'] },
      "platform: tektonPipelines.release.resources[0] 'http://infra.tekton.dev/tekton-releases/pipeline/previous/v1.15.0/release.yaml' is fetched over http, where anyone on the way can change what the cluster installs. Give the https URL of the artifact as upstream publishes it, without credentials"],
    ['user:password@', { resources: ['https://bot:hunter2@infra.tekton.dev/release.yaml'] },
      "platform: tektonPipelines.release.resources[0] 'https://***@infra.tekton.dev/release.yaml' carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them. Give the https URL of the artifact as upstream publishes it, without credentials"],
    ['a token as user', { resources: ['https://ghp_0123456789abcdef0123456789abcdef0123@github.com/x/release.yaml'] },
      "platform: tektonPipelines.release.resources[0] 'https://***@github.com/x/release.yaml' carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them. Give the https URL of the artifact as upstream publishes it, without credentials"],
    ['a query', { resources: ['https://example.com/release.yaml?token=abc'] },
      "platform: tektonPipelines.release.resources[0] 'https://example.com/release.yaml?***' has a query or a fragment, where tokens hide too; release artifact URLs have neither. Give the https URL of the artifact as upstream publishes it, without credentials"],
    ['no artifact', { resources: [] }, "platform: tektonPipelines.release.resources '[]' lists no artifact. Give the URLs of the release's manifests, e.g. its release.yaml"],
    ['docs over http', { docs: 'http://example.com/install' }, "platform: tektonPipelines.release.docs 'http://example.com/install' is fetched over http, where anyone on the way can change what the cluster installs. Give the https URL of the page that documents the install"],
    ['a namespace', { namespace: 'Tekton Pipelines' }, "platform: tektonPipelines.release.namespace 'Tekton Pipelines' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit). Give the namespace the release installs its controllers in"],
    ['a version', { version: 'latest' }, "platform: tektonPipelines.release.version 'latest' names no build: it moves. Give the version the artifacts are of, as upstream tags it, e.g. 'v1.15.0'"],
    ['a delete', { deletes: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x\nkind: Secret' }] }, "platform: tektonPipelines.release.deletes[0].name 'x\\nkind: Secret' is not a plain name (letters, digits, '-', '_', '.' and '/'). Give the name of the object to drop, as the artifact has it"],
  ])('%s is refused', (_what, over, message) => {
    expect(withRelease(over as Partial<ComponentRelease>)).toBe(message);
  });

  test('another component\'s release is refused, naming both', () => {
    expect(platformError({ tektonTriggers: PlatformComponent.install(tekton) }))
      .toBe("platform: tektonTriggers.release.component 'tekton-pipelines' is another component's release, given for tekton-triggers. Give tekton-triggers a release of tekton-triggers, e.g. RELEASES['tekton-triggers']");
    expect(platformError({ flux: PlatformComponent.whenNeeded(RELEASES[ComponentName.KPACK]) }))
      .toMatch(/^platform: flux\.release\.component 'kpack' is another component's release, given for flux\./);
  });

  test('property: a line break in any string field of a release is refused', () => {
    const fields = ['version', 'docs', 'namespace'] as const;
    fc.assert(fc.property(fc.constantFrom(...fields, 'resources'), fc.string(), fc.constantFrom('\n', '\r\n', '\r'), fc.string(), (field, a, nl, b) => {
      const value = `${a}${nl}${b}`;
      const over = field === 'resources' ? { resources: [`https://infra.tekton.dev/${value}`] } : { [field]: value };
      return withRelease(over).startsWith(`platform: tektonPipelines.release.${field}`);
    }), { numRuns: 200 });
  });

  test('property: the kustomization is written by the serializer: whatever a release holds, it parses to exactly its keys', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (version, docs, url) => {
      const text = renderKustomization({ ...tekton, version, docs, resources: [url] });
      const parsed = YAML.parse(text);
      return JSON.stringify(Object.keys(parsed)) === JSON.stringify(['apiVersion', 'kind', 'resources'])
        && parsed.kind === 'Kustomization' && parsed.resources.length === 1 && parsed.resources[0] === url;
    }), { numRuns: 300 });
    const injected = renderKustomization({ ...tekton, docs: 'https://x\nkind: Secret\nresources: [https://evil.example/x.yaml]' });
    expect(YAML.parse(injected)).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: tekton.resources });
  });

  test('checkReleaseUrl accepts the releases the platform installs', () => {
    for (const release of Object.values(RELEASES)) for (const url of [...release.resources, release.docs]) expect(checkReleaseUrl(url)).toBeUndefined();
  });
});

describe('versions that cannot serve what the repository commits', () => {
  const WEBHOOK = { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } };
  const withPlatform = (props: any, over: any = {}) => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', props);
    delivery(ops, kpush, over);
    return { ops, problems: () => synthProblems(ops).filter(p => p.startsWith('platform:')) };
  };

  test.each([
    ['a Tekton without tekton.dev/v1', { tektonPipelines: PlatformComponent.preinstalled('v0.42.0') }, {},
      /^platform: tektonPipelines 'v0\.42\.0' does not serve tekton\.dev\/v1, which go-sample-app\/ci\/pipeline\/git-clone, .* and \d+ more use: it is served from tekton-pipelines v0\.43\.0\. Run tekton-pipelines v0\.43\.0 or later/],
    ['a Triggers without triggers.tekton.dev/v1beta1', { tektonTriggers: PlatformComponent.preinstalled('v0.14.0') }, {},
      /^platform: tektonTriggers 'v0\.14\.0' does not serve triggers\.tekton\.dev\/v1beta1, which .* it is served from tekton-triggers v0\.15\.0\./],
    ['a kpack without kpack.io/v1alpha2', { kpack: PlatformComponent.preinstalled('v0.3.1') }, {},
      /^platform: kpack 'v0\.3\.1' does not serve kpack\.io\/v1alpha2, which .* it is served from kpack v0\.4\.0\./],
    ['a Flux without source.toolkit.fluxcd.io/v1', { flux: PlatformComponent.preinstalled('v0.41.2') }, { triggers: { fluxPolling: {} } },
      /^platform: flux 'v0\.41\.2' does not serve source\.toolkit\.fluxcd\.io\/v1, which go-sample-app\/flux\/go-sample-app uses: it is served from flux v2\.0\.0\./],
    ['a Flux whose image-reflector-controller predates v1', { flux: PlatformComponent.preinstalled('v2.8.8', { 'image-reflector-controller': 'v0.35.2' }), pipelineTriggerOperator: PlatformComponent.preinstalled('main-4f0f57d') },
      { triggers: { ...WEBHOOK, baseImageUpdates: { image: 'docker.io/library/golang', policy: TagPolicy.semver('1.25.x') } } },
      /^platform: flux 'v2\.8\.8' does not serve image\.toolkit\.fluxcd\.io\/v1 \(its image-reflector-controller v0\.35\.2 does; image-reflector-controller serves it from v1\.0\.0\)/],
    ['an operator that reads another PipelineTrigger shape', { pipelineTriggerOperator: PlatformComponent.preinstalled('v0.3.9'), flux: PlatformComponent.preinstalled('v2.6.4') }, { triggers: { fluxPolling: {} } },
      /^platform: pipelineTriggerOperator 'v0\.3\.9' reads PipelineTriggers of another shape \(spec\.pipeline up to v0\.2\.10, spec\.pipelineRunSpec in v0\.3\.x\) than go-sample-app\/flux\/go-sample-app-on-commit, whose spec\.pipelineRun it reads from v0\.5\.0 on\. Run operator v0\.5\.0 or later/],
    ['an operator that watches Flux v1beta1', { pipelineTriggerOperator: PlatformComponent.preinstalled('v0.3.9') }, { triggers: { fluxPolling: {} } },
      /platform: pipelineTriggerOperator 'v0\.3\.9' watches Flux's v1beta1 APIs, which image-reflector-controller v1\.1\.2 \(Flux v2\.8\.8\) no longer serves: the operator cannot start its watches\. Run operator v0\.5\.0 or later, or a Flux before v2\.7\.0/],
  ])('%s', (_what, props, over, message) => {
    expect(withPlatform(props, over).problems()).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('a V0_1 trigger with an operator that reads spec.pipelineRun', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { flux: PlatformComponent.preinstalled('v2.6.4') });
    delivery(ops, kpush);
    const chart = new FolderChart(ops, 'legacy', { folder: 'legacy', namespace: 'legacy' });
    ops.syncFolder(chart);
    const git = new GitRepository(chart, 'app', { url: 'https://github.com/example/app.git', ref: GitRef.branch('main') });
    new PipelineTrigger(chart, 'old', {
      flavour: PipelineTriggerFlavour.V0_1, source: git,
      pipeline: { name: 'build', declaredParams: [{ name: 'commit', type: 'string', required: true }], declaredWorkspaces: [{ name: 'source', optional: false }] },
      params: { commit: TriggerEvent.commitId() }, workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) },
    });
    expect(synthProblems(ops).filter(p => p.startsWith('platform:'))).toEqual([
      "platform: pipelineTriggerOperator 'v0.5.0' no longer reads spec.pipeline (v0.3.0 replaced it with spec.pipelineRunSpec, v0.5.0 with spec.pipelineRun), which legacy/old uses (flavour V0_1). Leave flavour out (PipelineTriggerFlavour.CURRENT, for operator v0.5.0 and later)",
    ]);
  });

  test('the releases the platform installs serve everything the repository commits', () => {
    const { problems } = withPlatform({}, { triggers: { fluxPolling: {} } });
    expect(problems()).toEqual([]);
  });

  test('an ImagePolicy needs image-reflector-controller v1: Flux v2.6.4 is refused', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { flux: PlatformComponent.preinstalled('v2.6.4') });
    delivery(ops, kpush);
    const chart = new FolderChart(ops, 'images', { folder: 'images', namespace: 'images' });
    ops.syncFolder(chart);
    new ImagePolicy(chart, 'golang', { imageRepository: new ImageRepository(chart, 'golang-repo', { image: 'docker.io/library/golang' }), policy: TagPolicy.semver('1.25.x') });
    expect(synthProblems(ops).filter(p => p.startsWith('platform:'))).toEqual(expect.arrayContaining([
      expect.stringMatching(/^platform: flux 'v2\.6\.4' does not serve image\.toolkit\.fluxcd\.io\/v1, which images\/golang-repo, images\/golang use: it is served from flux v2\.7\.0\./),
    ]));
  });
});
