// The Platform: pinned upstream releases as Argo CD Applications over generated kustomizations, components
// turned off or declared present, and the compatibility table as synth errors naming both versions.
import * as fs from 'fs';
import * as YAML from 'yaml';
import {
  Builder, ComponentName, FolderChart, GitRef, GitRepository, KpackApi, PIPELINE_TRIGGER_OPERATOR_MAIN, PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT, Platform,
  PLATFORM_CONFIG_WAVE, PlatformComponent, PipelineTriggerOperator, TagPolicy,
} from '../../lib';
import { renderKustomization } from '../../lib/platform/kustomization';
import { RELEASES } from '../../lib/platform/releases';
import { renderApp } from '../../lib/output/render';
import { delivery, opsRepo, opsRoot } from '../delivery/fixtures';
import { synthProblems, synthWarnings } from '../support/synth';

let root: string;
beforeEach(() => { root = opsRoot(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const WEBHOOK = { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } };
const BASE_IMAGE = { image: 'docker.io/library/golang', policy: TagPolicy.semver('1.25.x') };

describe('Platform', () => {
  test('each component is an Application over a kustomization.yaml of its release URLs, in its wave, retrying', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform');
    delivery(ops, kpush);
    const files = renderApp(ops);
    const kustomization = YAML.parse(files.get('platform/upstream/tekton-triggers/kustomization.yaml')!);
    expect(kustomization).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [
        'https://infra.tekton.dev/tekton-releases/triggers/previous/v0.37.0/release.yaml',
        'https://infra.tekton.dev/tekton-releases/triggers/previous/v0.37.0/interceptors.yaml',
      ],
    });
    const app = YAML.parse(files.get('argocd/application-upstream-tekton-triggers.yaml')!);
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-20');
    expect(app.spec.project).toBe('platform');
    expect(app.spec.source.path).toBe('dist/platform/upstream/tekton-triggers');
    expect(app.spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
    expect(app.spec.syncPolicy.retry).toEqual({ limit: 10, backoff: { duration: '15s', factor: 2, maxDuration: '5m' } });
    // Only kustomize's input is in the folder: nothing upstream is copied into the repository.
    expect([...files.keys()].filter(f => f.startsWith('platform/upstream/')).every(f => f.endsWith('/kustomization.yaml'))).toBe(true);
    const project = YAML.parse(files.get('argocd/appproject-platform.yaml')!);
    expect(project.spec.sourceRepos).toEqual(['https://github.com/example/go-sample-app-ops.git']);
    expect(project.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-100');
  });

  test('Tekton Pipelines syncs server-side and ignores its CRDs\' preserveUnknownFields, which Argo CD 3 reports OutOfSync', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform');
    delivery(ops, kpush);
    const files = renderApp(ops);
    const tekton = YAML.parse(files.get('argocd/application-upstream-tekton-pipelines.yaml')!);
    expect(tekton.spec.ignoreDifferences).toEqual([{ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jsonPointers: ['/spec/preserveUnknownFields'] }]);
    expect(tekton.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'RespectIgnoreDifferences=true']));
    // The other releases keep client-side apply and compare everything.
    const kpack = YAML.parse(files.get('argocd/application-upstream-kpack.yaml')!);
    expect(kpack.spec.ignoreDifferences).toBeUndefined();
    expect(kpack.spec.syncPolicy.syncOptions).not.toContain('ServerSideApply=true');
  });

  test('kpush: only the ImageDeploy CRD of its manifest, the rest deleted by patches', () => {
    const k = YAML.parse(renderKustomization(RELEASES[ComponentName.KPUSH]));
    expect(k.patches.map((p: any) => YAML.parse(p.patch).kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Deployment']);
    expect(YAML.parse(k.patches[0].patch).$patch).toBe('delete');
    expect(renderKustomization(RELEASES[ComponentName.KPUSH])).toBe(renderKustomization(RELEASES[ComponentName.KPUSH]));
  });

  test('the PipelineRun history is bounded by the Tekton Pruner, configured through a patch of its ConfigMap', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { runHistory: { successful: 5, failed: 20 } });
    delivery(ops, kpush);
    const k = YAML.parse(renderApp(ops).get('platform/upstream/tekton-pruner/kustomization.yaml')!);
    expect(k.resources).toEqual(['https://infra.tekton.dev/tekton-releases/pruner/previous/v0.4.1/release.yaml']);
    const config = YAML.parse(k.patches[0].patch);
    expect(config.metadata).toEqual({ name: 'tekton-pruner-default-spec', namespace: 'tekton-pipelines' });
    expect(YAML.parse(config.data['global-config'])).toEqual({ enforcedConfigLevel: 'global', successfulHistoryLimit: 5, failedHistoryLimit: 20 });
    const { ops: other } = opsRepo(opsRoot());
    expect(() => new Platform(other, 'platform', { runHistory: { failed: 0 } })).toThrow(
      "platform: runHistory.failed '0' is not a whole number of at least 1. Keep e.g. 10 runs");
  });

  test('a component already in the cluster is not installed; its version is still checked', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { tektonPipelines: PlatformComponent.preinstalled('v1.15.0'), flux: PlatformComponent.absent() });
    delivery(ops, kpush);
    const files = renderApp(ops);
    expect(files.has('platform/upstream/tekton-pipelines/kustomization.yaml')).toBe(false);
    expect(files.has('argocd/application-upstream-tekton-pipelines.yaml')).toBe(false);
    expect(files.get('README.md')).toContain('| tekton-pipelines | v1.15.0 | already in the cluster | - | - |');
  });

  test('a Tekton that predates PVC auto-cleanup is a warning', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { tektonPipelines: PlatformComponent.preinstalled('v1.10.2') });
    delivery(ops, kpush);
    expect(synthWarnings(ops)).toContain("platform: tektonPipelines 'v1.10.2' ignores tekton.dev/auto-cleanup-pvc (Tekton v1.11.0 and later honour it), so the PVCs of finished runs stay. Upgrade Tekton Pipelines, or delete them with the runs");
  });

  test('an absent component whose kinds are committed is an error naming what needs it', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { flux: PlatformComponent.absent() });
    delivery(ops, kpush, { triggers: { fluxPolling: {} } });
    expect(synthProblems(ops)).toEqual([expect.stringMatching(
      /^platform: flux 'PlatformComponent.absent\(\)' is absent, yet GitRepository go-sample-app\/flux\/go-sample-app, the pipeline-trigger-operator component need it\. Install it/)]);
  });
});

describe('a component is installed only when something in the repository needs it', () => {
  const installed = (files: Map<string, string>) => [...files.keys()].filter(f => /^argocd\/application-upstream-/.test(f))
    .map(f => f.replace(/^argocd\/application-upstream-|\.yaml$/g, '')).sort();

  test('webhook CI with kpush: no Flux and no operator; what needs each installed component is named', () => {
    const { ops, kpush } = opsRepo(root);
    const platform = new Platform(ops, 'platform');
    delivery(ops, kpush);
    expect(installed(renderApp(ops))).toEqual(['kpack', 'kpush', 'tekton-pipelines', 'tekton-pruner', 'tekton-triggers']);
    const byName = new Map(platform.components.map(c => [c.component, c]));
    expect(byName.get(ComponentName.FLUX)).toMatchObject({ mode: 'unused', neededBy: [] });
    expect(byName.get(ComponentName.PIPELINE_TRIGGER_OPERATOR)).toMatchObject({ mode: 'unused', neededBy: [] });
    expect(byName.get(ComponentName.KPUSH)!.neededBy).toContain('Deployment kpush/kpush (watches crd.whizzosoftware.com)');
    expect(byName.get(ComponentName.KPACK)!.neededBy).toContain('Deployment kpush/kpush (watches kpack.io)');
    expect(renderApp(ops).get('README.md')).toContain('| flux | - | not installed: nothing here needs it | - | - |');
  });

  test('Flux polling installs Flux and the operator, and no Triggers, which nothing uses then', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform');
    delivery(ops, kpush, { triggers: { fluxPolling: {} } });
    expect(installed(renderApp(ops))).toEqual(['flux', 'kpack', 'kpush', 'pipeline-trigger-operator', 'tekton-pipelines', 'tekton-pruner']);
  });

  test('an empty repository installs nothing; install() installs anyway, with the components it cannot run without', () => {
    const { ops } = opsRepo(root);
    new Platform(ops, 'platform', { pipelineTriggerOperator: PlatformComponent.install() });
    expect(installed(renderApp(ops))).toEqual(['flux', 'kpack', 'kpush', 'pipeline-trigger-operator', 'tekton-pipelines']);
    const { ops: empty } = opsRepo(opsRoot());
    new Platform(empty, 'platform');
    // The kpush controller of the fixture still needs kpack and kpush's CRD.
    expect(installed(renderApp(empty))).toEqual(['kpack', 'kpush']);
  });

  test('a need added after a first synthesis installs on the next one', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform');
    delivery(ops, kpush);
    expect(installed(renderApp(ops))).not.toContain('flux');
    const chart = new FolderChart(ops, 'extra', { folder: 'extra', namespace: 'extra' });
    ops.syncFolder(chart);
    new GitRepository(chart, 'extra', { url: 'https://github.com/example/extra.git', ref: GitRef.branch('main') });
    expect(installed(renderApp(ops))).toContain('flux');
  });
});

describe('compatibility table', () => {
  test('operator v0.5.0 with a base-image trigger on Flux image-reflector-controller v1: both versions and the fix', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform');
    delivery(ops, kpush, { triggers: { ...WEBHOOK, baseImageUpdates: BASE_IMAGE } });
    expect(synthProblems(ops)).toEqual([
      'platform: pipelineTriggerOperator \'v0.5.0\' reads ImagePolicy status.latestImage, which image-reflector-controller v1.1.2 (Flux v2.8.8) no longer has: '
      + 'the operator panics on the base-image trigger(s) go-sample-app/flux/go-sample-app-on-base-image and stops every other trigger with it. '
      + 'Remove triggers.baseImageUpdates, or install the operator\'s CRDs at main 4f0f57d (the first commit that reads latestRef; no release has it) with '
      + 'PlatformComponent.whenNeeded(PIPELINE_TRIGGER_OPERATOR_MAIN) and run a PipelineTriggerOperator with an image you built from that commit',
    ]);
  });

  test('a Flux given by its distribution version: image-reflector-controller v1 from Flux v2.7.0 on', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { flux: PlatformComponent.preinstalled('v2.7.3') });
    delivery(ops, kpush, { triggers: { ...WEBHOOK, baseImageUpdates: BASE_IMAGE } });
    expect(synthProblems(ops)[0]).toContain("pipelineTriggerOperator 'v0.5.0' reads ImagePolicy status.latestImage, which image-reflector-controller >= v1.0.0 (Flux v2.7.3) no longer has");
  });

  test('an operator built from main reads latestRef: no problem', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { pipelineTriggerOperator: PlatformComponent.preinstalled('main-4f0f57d') });
    delivery(ops, kpush, { triggers: { ...WEBHOOK, baseImageUpdates: BASE_IMAGE } });
    expect(synthProblems(ops)).toEqual([]);
  });

  test('base-image triggers with the operator\'s CRDs at main 4f0f57d and a manager built from it: no problem, and the front page says what to build', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { pipelineTriggerOperator: PlatformComponent.whenNeeded(PIPELINE_TRIGGER_OPERATOR_MAIN) });
    delivery(ops, kpush, { triggers: { ...WEBHOOK, baseImageUpdates: BASE_IMAGE } });
    const operatorChart = new FolderChart(ops, 'pto', { folder: 'platform/pipeline-trigger-operator', namespace: 'pipeline-trigger-operator-system' });
    ops.syncFolder(operatorChart, { syncWave: PLATFORM_CONFIG_WAVE });
    const image = `registry.example.com/pipeline-trigger-operator@sha256:${'ab'.repeat(32)}`;
    new PipelineTriggerOperator(operatorChart, 'pipeline-trigger-operator', { image });
    expect(synthProblems(ops)).toEqual([]);
    const files = renderApp(ops);
    expect(YAML.parse(files.get('platform/upstream/pipeline-trigger-operator/kustomization.yaml')!).resources).toEqual([
      `https://raw.githubusercontent.com/jquad-group/pipeline-trigger-operator/${PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT}/config/crd/bases/pipeline.jquad.rocks_pipelinetriggers.yaml`,
      'https://raw.githubusercontent.com/jquad-group/pullrequest-operator/v0.1.7/config/crd/bases/pipeline.jquad.rocks_pullrequests.yaml',
    ]);
    const readme = files.get('README.md')!;
    expect(readme).toContain(`The pipeline-trigger-operator manager image \`${image}\`, built from main-4f0f57d.`);
    expect(readme).toContain(`git checkout ${PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT} && docker build -t ${image} . && docker push ${image}`);
    expect(readme).toContain('| pipeline-trigger-operator | main-4f0f57d | installed from upstream (its CRDs; the controller is in this repository) |');
  });

  test('the operator\'s CRDs at main without a manager built from it: an error naming what to add', () => {
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { pipelineTriggerOperator: PlatformComponent.whenNeeded(PIPELINE_TRIGGER_OPERATOR_MAIN) });
    delivery(ops, kpush, { triggers: { ...WEBHOOK, baseImageUpdates: BASE_IMAGE } });
    expect(synthProblems(ops)).toEqual([
      "platform: pipelineTriggerOperator.release 'main-4f0f57d' installs only the CRDs of pipeline-trigger-operator, and no PipelineTriggerOperator in this repository runs its controller. "
      + "Add one, e.g. new PipelineTriggerOperator(chart, 'pipeline-trigger-operator', { image: '<your build of the commit>@sha256:...' }), synced by an Application",
    ]);
    const chart = new FolderChart(ops, 'pto', { folder: 'pto', namespace: 'pipeline-trigger-operator-system' });
    ops.syncFolder(chart);
    new PipelineTriggerOperator(chart, 'pto');
    expect(synthProblems(ops)).toEqual([expect.stringContaining(
      "platform: pipelineTriggerOperator.release 'main-4f0f57d' installs the CRDs of main-4f0f57d, but pto/pto runs ghcr.io/jquad-group/pipeline-trigger-operator:v0.5.0, another version. Build the manager from https://github.com/jquad-group/pipeline-trigger-operator at main-4f0f57d")]);
  });

  test('the legacy kpack API with the kpack the platform installs', () => {
    const { ops } = opsRepo(root);
    new Platform(ops, 'platform');
    const legacy = new FolderChart(ops, 'legacy', { folder: 'legacy', namespace: 'builds' });
    new Builder(legacy, 'paketo', { api: KpackApi.LEGACY_V1ALPHA1, image: 'gcr.io/paketo-buildpacks/builder:base-platform-api-0.3' });
    ops.syncFolder(legacy);
    expect(synthProblems(ops).filter(p => p.startsWith('platform:'))).toEqual([
      "platform: kpack 'v0.17.2' serves only the kpack.io API, not build.pivotal.io, which legacy/paketo uses. Build with the kpack.io API (KpackApi.V1ALPHA2), or declare the kpack you run with PlatformComponent.preinstalled('v0.0.9')",
    ]);
    const { ops: other } = opsRepo(opsRoot());
    new Platform(other, 'platform', { kpack: PlatformComponent.preinstalled('v0.0.9') });
    const chart = new FolderChart(other, 'legacy', { folder: 'legacy', namespace: 'builds' });
    new Builder(chart, 'paketo', { api: KpackApi.LEGACY_V1ALPHA1, image: 'gcr.io/paketo-buildpacks/builder:base-platform-api-0.3' });
    other.syncFolder(chart);
    expect(synthProblems(other).filter(p => p.startsWith('platform:'))).toEqual([]);
  });
});
