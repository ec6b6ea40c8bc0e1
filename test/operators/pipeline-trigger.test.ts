import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { GitRef } from '../../lib/flux/git-ref';
import { GitRepository } from '../../lib/flux/git-repository';
import { ImagePolicy } from '../../lib/flux/image-policy';
import { ImageRepository } from '../../lib/flux/image-repository';
import { TagPolicy } from '../../lib/flux/tag-policy';
import { PipelineTrigger, PipelineTriggerFlavour, PipelineTriggerProps } from '../../lib/operators/pipeline-trigger';
import { eventFieldsOf, kindsWithField, TriggerEvent } from '../../lib/operators/pipeline-trigger-event';
import { FolderChart } from '../../lib/output/folder-chart';
import { Pipeline } from '../../lib/tekton/pipeline';
import { IPipeline, RunWorkspace } from '../../lib/tekton/run';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { problems, warnings } from '../flux/helpers';

const pipeline: IPipeline = {
  name: 'build-and-push',
  declaredParams: [
    { name: 'repo-url', type: 'string', required: true },
    { name: 'revision', type: 'string', required: true },
    { name: 'branch', type: 'string', required: false },
  ],
  declaredWorkspaces: [{ name: 'source', optional: false }],
};

const workspaces = { source: RunWorkspace.volumeClaimTemplate({ size: Size.mebibytes(512) }) };

function setup(namespace = 'ci') {
  const chart = new FolderChart(Testing.app(), 'ci', { folder: 'ci', namespace });
  const git = new GitRepository(chart, 'go-sample-app', { url: 'https://github.com/org/go-sample-app.git', ref: GitRef.branch('main') });
  const images = new ImageRepository(chart, 'base-image', { image: 'ghcr.io/jquad-group/nginx' });
  const policy = new ImagePolicy(chart, 'latest-base-image', { imageRepository: images, policy: TagPolicy.semver('0.0.x') });
  return { chart, git, images, policy };
}

function trigger(props: Partial<PipelineTriggerProps> = {}, id = 'build-on-push') {
  const s = setup();
  const t = new PipelineTrigger(s.chart, id, {
    source: s.git,
    pipeline,
    params: { 'repo-url': s.git.url, 'revision': TriggerEvent.commitId(), 'branch': TriggerEvent.branchName() },
    workspaces,
    ...props,
  });
  return { ...s, trigger: t, object: () => Testing.synth(s.chart).find(o => o.kind === 'PipelineTrigger') };
}

describe('PipelineTrigger, current flavour (operator v0.5.0+)', () => {
  test('snapshot', () => {
    const { object } = trigger({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(setup().chart, 'sa', 'build-bot'), timeouts: { pipeline: Duration.hours(1) }, runLabels: { app: 'go-sample-app' } });
    expect(object()).toMatchSnapshot();
  });

  test('embeds a tekton.dev/v1 PipelineRun with the event fields as JSONPath', () => {
    const obj = trigger().object();
    expect(obj.spec.source).toEqual({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: 'go-sample-app' });
    const run = obj.spec.pipelineRun;
    expect(run.apiVersion).toBe('tekton.dev/v1');
    expect(run.metadata).toEqual({ generateName: 'build-on-push-', namespace: 'ci' });
    expect(run.spec.pipelineRef).toEqual({ name: 'build-and-push' });
    expect(run.spec.params).toEqual([
      { name: 'repo-url', value: 'https://github.com/org/go-sample-app.git' },
      { name: 'revision', value: '$.commitId' },
      { name: 'branch', value: '$.branchName' },
    ]);
  });

  test('an ImagePolicy source reads image fields', () => {
    const s = setup();
    new PipelineTrigger(s.chart, 'rebuild', {
      source: s.policy,
      pipeline,
      params: { 'repo-url': 'https://github.com/org/app.git', 'revision': TriggerEvent.imageVersion(), 'branch': TriggerEvent.repositoryName() },
      workspaces,
    });
    const obj = Testing.synth(s.chart).find(o => o.kind === 'PipelineTrigger');
    expect(obj.spec.source).toEqual({ apiVersion: 'image.toolkit.fluxcd.io/v1', kind: 'ImagePolicy', name: 'latest-base-image' });
    expect(obj.spec.pipelineRun.spec.params.map((p: any) => p.value)).toEqual(['https://github.com/org/app.git', '$.imageVersion', '$.repositoryName']);
  });

  test('output passes the CRD schemas, and tekton-lint accepts the embedded run with its Pipeline', () => {
    const objects = Testing.synth(trigger().chart);
    expect(crdViolations(objects)).toEqual([]);
    const run = objects.find(o => o.kind === 'PipelineTrigger').spec.pipelineRun;
    const pipelineObject = {
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: { name: 'build-and-push' },
      spec: {
        params: [{ name: 'repo-url', type: 'string' }, { name: 'revision', type: 'string' }, { name: 'branch', type: 'string', default: 'main' }],
        workspaces: [{ name: 'source' }],
        tasks: [{
          name: 'show',
          params: [{ name: 'text', value: '$(params.repo-url) $(params.revision) $(params.branch)' }],
          workspaces: [{ name: 'source', workspace: 'source' }],
          taskSpec: {
            params: [{ name: 'text', type: 'string' }],
            workspaces: [{ name: 'source' }],
            steps: [{ name: 'echo', image: 'docker.io/library/alpine:3.20', script: '#!/bin/sh\necho "$(params.text)"\n' }],
          },
        }],
      },
    };
    expect(tektonLintFindings([pipelineObject, { ...run, metadata: { ...run.metadata, name: 'build-on-push-x' } }])).toEqual([]);
  });

  test('the run is checked against the Pipeline at synth', () => {
    const { chart } = trigger({ params: { 'repo-url': 'x', 'revison': TriggerEvent.commitId() }, workspaces: {} });
    expect(problems(chart)).toEqual([
      "ci/build-on-push: params 'revison' is not a param of Pipeline 'build-and-push'. Use one of: repo-url, revision, branch",
      "ci/build-on-push: params 'revision' is required by Pipeline 'build-and-push' (it has no default) but not given. Pass a value for 'revision'",
      "ci/build-on-push: workspaces 'source' is required by Pipeline 'build-and-push' but not bound. Bind it, e.g. with RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) })",
    ]);
  });

  test('a Pipeline outside the app is not checked', () => {
    const { chart } = trigger({ pipeline: Pipeline.fromName('elsewhere'), params: { anything: 'x' } });
    expect(problems(chart)).toEqual([]);
  });

  test('a source in another namespace fails at synth', () => {
    const s = setup();
    const other = new GitRepository(s.chart, 'other', { url: 'https://github.com/org/x.git', ref: GitRef.branch('main'), metadata: { namespace: 'flux-system' } });
    new PipelineTrigger(s.chart, 't', { source: other, pipeline: Pipeline.fromName('p') });
    expect(problems(s.chart)).toEqual([
      "ci/t: spec.source 'flux-system/other' is not in the trigger's namespace 'ci': the operator looks the source up in its own namespace. Create the trigger in the source's namespace (or the source in the trigger's)",
    ]);
  });

  describe('rejects', () => {
    test('an event field the source kind does not have, naming the kinds that have it', () => {
      const s = setup();
      expect(() => new PipelineTrigger(s.chart, 't', { source: s.policy, pipeline, params: { revision: TriggerEvent.commitId() } })).toThrow(
        "ci/t: params.revision 'TriggerEvent.commitId()' reads 'commitId' from the event, but only a GitRepository event has it. An ImagePolicy event has: imageName, imageVersion, repositoryName (e.g. TriggerEvent.imageName())");
    });
    test('the README\'s $.branchId', () => {
      expect(() => trigger({ params: { branch: '$.branchId' } })).toThrow(
        "ci/build-on-push: params.branch '$.branchId' reads 'branchId' from the event, but no source kind has it. A GitRepository event has: branchName, commitId, repositoryName (e.g. TriggerEvent.branchName())");
    });
    test('an ImageRepository as source', () => {
      const s = setup();
      expect(() => new PipelineTrigger(s.chart, 't', { source: s.images, pipeline })).toThrow(
        "ci/t: spec.source.kind 'ImageRepository' is not a kind the operator watches here (GitRepository or ImagePolicy). Create an ImagePolicy for the repository and pass that");
    });
    test('v0.1-only fields', () => {
      expect(() => trigger({ maxHistory: 3 })).toThrow(
        "ci/build-on-push: maxHistory '3' is only accepted by the v0.1 flavour (this trigger is 'current'). Remove it: operator v0.5.0+ has no maxHistory");
      expect(() => trigger({ retries: 2 })).toThrow(/ci\/build-on-push: retries '2' is only accepted by the v0.1 flavour/);
    });
    test('a name too long for the runs it generates', () => {
      expect(() => trigger({}, 'a'.repeat(58))).toThrow(/metadata.name 'a{58}' is 58 characters long, more than the 57 allowed/);
    });
  });

  test('property: an event field is accepted exactly for the kinds that report it', () => {
    const fields = ['commitId', 'branchName', 'repositoryName', 'imageName', 'imageVersion'] as const;
    fc.assert(fc.property(fc.constantFrom(...fields), fc.constantFrom('GitRepository', 'ImagePolicy') as fc.Arbitrary<'GitRepository' | 'ImagePolicy'>, (field, kind) => {
      const s = setup();
      const make = () => new PipelineTrigger(s.chart, 't', { source: kind === 'GitRepository' ? s.git : s.policy, pipeline: Pipeline.fromName('p'), params: { x: TriggerEvent[field]() } });
      const ok = kindsWithField(field).includes(kind);
      expect(ok).toBe(eventFieldsOf(kind).includes(field));
      if (ok) expect(make).not.toThrow();
      else expect(make).toThrow(`reads '${field}' from the event`);
    }));
  });
});

describe('PipelineTrigger, v0.1 flavour (operator v0.1.x)', () => {
  const v01 = (props: Partial<PipelineTriggerProps> = {}) => trigger({
    flavour: PipelineTriggerFlavour.V0_1,
    params: { 'repo-url': 'https://github.com/org/go-sample-app.git', 'revision': TriggerEvent.commitId(), 'branch': TriggerEvent.branchName() },
    ...props,
  });

  test('snapshot', () => {
    expect(v01({ maxHistory: 5, retries: 2 }).object()).toMatchSnapshot();
  });

  test('renders spec.pipeline with $(branch)/$(commit), one workspace and the CRD\'s required fields', () => {
    const obj = v01().object();
    expect(obj.spec).toEqual({
      source: { kind: 'GitRepository', name: 'go-sample-app' },
      pipeline: {
        name: 'build-and-push',
        serviceAccountName: 'default',
        maxHistory: 3,
        retries: 1,
        workspace: { name: 'source', size: '512Mi', accessMode: 'ReadWriteOnce' },
        inputParams: [
          { name: 'repo-url', value: 'https://github.com/org/go-sample-app.git' },
          { name: 'revision', value: '$(commit)' },
          { name: 'branch', value: '$(branch)' },
        ],
      },
    });
  });

  test('output passes the v0.1.4 CRD schema (the check accepts any stored release)', () => {
    expect(crdViolations(Testing.synth(v01().chart))).toEqual([]);
  });

  test('warns that v0.1.x reads Flux v1beta1 objects', () => {
    expect(warnings(v01().chart)).toEqual([
      "ci/build-on-push: flavour 'v0.1' is for operator v0.1.x, which reads Flux v1beta1 objects (GitRepository revision '<branch>/<sha>', ImagePolicy status.latestImage) that current Flux releases no longer serve. Use PipelineTriggerFlavour.CURRENT with operator v0.5.0 or later",
    ]);
  });

  test('the run is checked against the Pipeline as in the current flavour', () => {
    expect(problems(v01({ params: { 'repo-url': 'x' } }).chart)).toEqual([
      "ci/build-on-push: params 'revision' is required by Pipeline 'build-and-push' (it has no default) but not given. Pass a value for 'revision'",
    ]);
  });

  describe('rejects', () => {
    const attempt = (props: Partial<PipelineTriggerProps>) => () => v01(props);
    test('maxHistory out of the CRD\'s range', () => {
      expect(attempt({ maxHistory: 11 })).toThrow("ci/build-on-push: maxHistory '11' is out of range: the v0.1 CRD accepts a whole number from 1 to 10. Use a value from 1 to 10");
    });
    test('retries of 0', () => {
      expect(attempt({ retries: 0 })).toThrow("ci/build-on-push: retries '0' is out of range: the v0.1 CRD accepts a whole number from 1 to 10. Use a value from 1 to 10");
    });
    test('current-only fields', () => {
      expect(attempt({ timeouts: { pipeline: Duration.hours(1) } })).toThrow(
        'ci/build-on-push: timeouts \'{"pipeline":"1h"}\' is only accepted by the current flavour (this trigger is \'v0.1\'). Remove it, or use PipelineTriggerFlavour.CURRENT');
      expect(attempt({ runLabels: { a: 'b' } })).toThrow(/ci\/build-on-push: runLabels '\{"a":"b"\}' is only accepted by the current flavour/);
    });
    test('no workspace', () => {
      expect(attempt({ workspaces: {} })).toThrow("ci/build-on-push: workspaces '[]' has 0 workspaces, but the v0.1 operator binds exactly one. Bind one workspace with RunWorkspace.volumeClaimTemplate({ size })");
    });
    test('a workspace that is not a claim template', () => {
      expect(attempt({ workspaces: { source: RunWorkspace.emptyDir() } })).toThrow(
        "ci/build-on-push: workspaces.source 'emptyDir' is not a volumeClaimTemplate: the v0.1 operator only creates a claim per run. Use RunWorkspace.volumeClaimTemplate({ size })");
    });
    test('a claim with a storage class', () => {
      expect(attempt({ workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1), storageClassName: 'fast' }) } })).toThrow(
        /ci\/build-on-push: workspaces.source '.*"storageClassName":"fast".*' has more than one access mode or a storage class, which the v0.1 operator cannot express. Give one access mode and no storageClassName/);
    });
    test('an event field v0.1 cannot fill', () => {
      expect(attempt({ params: { 'repo-url': TriggerEvent.repositoryName() } })).toThrow(
        "ci/build-on-push: params.repo-url 'TriggerEvent.repositoryName()' has no equivalent in the v0.1 flavour, whose only placeholders are $(branch) and $(commit) of a GitRepository. Use TriggerEvent.branchName() or TriggerEvent.commitId() with a GitRepository source, or PipelineTriggerFlavour.CURRENT");
      expect(attempt({ params: { 'repo-url': '$.commitId' } })).toThrow(/params.repo-url '\$.commitId' has no equivalent in the v0.1 flavour/);
    });
    test('ImagePolicy events and the git placeholders', () => {
      const s = setup();
      const base = { source: s.policy, pipeline: Pipeline.fromName('p'), flavour: PipelineTriggerFlavour.V0_1, workspaces };
      expect(() => new PipelineTrigger(s.chart, 'a', { ...base, params: { v: TriggerEvent.imageVersion() } })).toThrow(/ci\/a: params.v 'TriggerEvent.imageVersion\(\)' has no equivalent in the v0.1 flavour/);
      expect(() => new PipelineTrigger(s.chart, 'b', { ...base, params: { v: '$(commit)' } })).toThrow(
        "ci/b: params.v '$(commit)' is only replaced for a GitRepository source (this one is an ImagePolicy). Use a fixed value, or PipelineTriggerFlavour.CURRENT with TriggerEvent.imageVersion()");
    });
    test('an array param', () => {
      expect(attempt({ params: { 'repo-url': ['a', 'b'] } })).toThrow(
        'ci/build-on-push: params.repo-url \'["a","b"]\' is not a string: v0.1 inputParams are strings. Pass a string, or use PipelineTriggerFlavour.CURRENT');
    });
  });
});
