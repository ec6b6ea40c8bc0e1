import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { PodSecurity } from '../../lib/core/pod-security';
import { Pipeline } from '../../lib/tekton/pipeline';
import { checkPipelineRunBody, goDuration, renderPipelineRunBody, RunWorkspace } from '../../lib/tekton/run';
import { crdViolations } from '../support/conformance';

const pipeline = {
  name: 'build',
  declaredParams: [
    { name: 'url', type: 'string' as const, required: true },
    { name: 'flags', type: 'array' as const, required: false },
    { name: 'env', type: 'string' as const, required: false, enum: ['dev', 'prod'] },
  ],
  declaredWorkspaces: [{ name: 'source', optional: false }, { name: 'cache', optional: true }],
};

describe('renderPipelineRunBody', () => {
  test('renders a v1 PipelineRun with the service account under taskRunTemplate and Go durations', () => {
    const body = renderPipelineRunBody({
      pipeline, generateName: 'build-', namespace: 'ci', labels: { a: 'b' }, annotations: { c: 'd' },
      params: { url: '$(tt.params.url)', flags: ['-v'], obj: { k: 'v' } },
      workspaces: {
        source: RunWorkspace.volumeClaimTemplate({ size: Size.mebibytes(500), accessModes: ['ReadWriteMany'], storageClassName: 'nfs' }),
        cache: RunWorkspace.persistentVolumeClaim('go-cache', true),
        creds: RunWorkspace.secret('git-creds'),
        conf: RunWorkspace.configMap('settings'),
        tmp: RunWorkspace.emptyDir(),
      },
      serviceAccountName: 'build-bot',
      timeouts: { pipeline: Duration.minutes(90), tasks: Duration.minutes(80) },
    });
    expect(body).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { generateName: 'build-', namespace: 'ci', labels: { a: 'b' }, annotations: { c: 'd' } },
      spec: {
        pipelineRef: { name: 'build' },
        params: [{ name: 'url', value: '$(tt.params.url)' }, { name: 'flags', value: ['-v'] }, { name: 'obj', value: { k: 'v' } }],
        workspaces: [
          { name: 'source', volumeClaimTemplate: { spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '500Mi' } }, storageClassName: 'nfs' } } },
          { name: 'cache', persistentVolumeClaim: { claimName: 'go-cache', readOnly: true } },
          { name: 'creds', secret: { secretName: 'git-creds' } },
          { name: 'conf', configMap: { name: 'settings' } },
          { name: 'tmp', emptyDir: {} },
        ],
        taskRunTemplate: { serviceAccountName: 'build-bot', podTemplate: { automountServiceAccountToken: false, securityContext: RESTRICTED_RUN_POD } },
        timeouts: { pipeline: '1h30m0s', tasks: '1h20m0s' },
      },
    });
    expect(crdViolations([body])).toEqual([]);
  });

  test('omits everything not given', () => {
    expect(renderPipelineRunBody({ pipeline: Pipeline.fromName('p'), name: 'run' })).toEqual({
      apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: 'run' },
      spec: { pipelineRef: { name: 'p' }, taskRunTemplate: { podTemplate: { automountServiceAccountToken: false, securityContext: RESTRICTED_RUN_POD } } },
    });
  });

  test('restricted by default: a pod-level securityContext that makes a PVC workspace writable for every step', () => {
    const body = renderPipelineRunBody({ pipeline: Pipeline.fromName('p'), name: 'run', serviceAccountName: 'bot' });
    expect(body.spec.taskRunTemplate).toEqual({ serviceAccountName: 'bot', podTemplate: { automountServiceAccountToken: false, securityContext: RESTRICTED_RUN_POD } });
  });

  test('an opt-out leaves the pod securityContext to the user and records why in the annotations', () => {
    const body = renderPipelineRunBody({ pipeline: Pipeline.fromName('p'), name: 'run', annotations: { a: 'b' },
      podSecurity: PodSecurity.privileged('docker-in-docker needs a privileged sidecar') });
    expect(body.spec.taskRunTemplate).toEqual({ podTemplate: { automountServiceAccountToken: false } });
    expect(body.metadata.annotations).toEqual({ 'a': 'b', 'cdk8s-push-delivery.dev/pod-security': 'privileged',
      'cdk8s-push-delivery.dev/pod-security-reason': 'docker-in-docker needs a privileged sidecar' });
  });
});

describe('the API token of a run\'s pods', () => {
  test('is not mounted unless a step needs the API', () => {
    const run = (serviceAccountToken?: boolean) => renderPipelineRunBody({ pipeline: Pipeline.fromName('p'), name: 'run', serviceAccountToken }).spec.taskRunTemplate.podTemplate;
    expect(run().automountServiceAccountToken).toBe(false);
    expect(run(true).automountServiceAccountToken).toBeUndefined();
  });
});

const RESTRICTED_RUN_POD = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } };

describe('checkPipelineRunBody', () => {
  test('a complete run has no problems', () => {
    expect(checkPipelineRunBody({ pipeline, name: 'r', params: { url: 'x', env: 'prod' }, workspaces: { source: RunWorkspace.emptyDir() } })).toEqual([]);
  });

  test('reports every problem, each with field, value, what is wrong and the fix', () => {
    expect(checkPipelineRunBody({
      pipeline, name: 'r', generateName: 'r-',
      params: { flags: 'x', env: 'staging', nope: 'y' },
      workspaces: { other: RunWorkspace.emptyDir() },
    })).toEqual([
      "metadata 'r' needs exactly one of name and generateName. Give generateName for runs created by a trigger, name for a one-off run",
      "params.flags 'x' is a string but Pipeline 'build' declares it as an array. Pass an array value",
      "params.env 'staging' is not one of the values Pipeline 'build' allows. Use one of: dev, prod",
      "params 'nope' is not a param of Pipeline 'build'. Use one of: url, flags, env",
      "params 'url' is required by Pipeline 'build' (it has no default) but not given. Pass a value for 'url'",
      "workspaces 'other' is not a workspace of Pipeline 'build'. Use one of: source, cache",
      "workspaces 'source' is required by Pipeline 'build' but not bound. Bind it, e.g. with RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) })",
    ]);
  });

  test('values filled in later by a trigger are not checked against the enum', () => {
    expect(checkPipelineRunBody({ pipeline, generateName: 'r-', params: { url: 'x', env: '$(tt.params.env)' }, workspaces: { source: RunWorkspace.emptyDir() } })).toEqual([]);
  });

  test('a run with neither name nor generateName', () => {
    expect(checkPipelineRunBody({ pipeline: Pipeline.fromName('p') })).toEqual([
      "metadata '' needs exactly one of name and generateName. Give generateName for runs created by a trigger, name for a one-off run",
    ]);
  });

  test('a Pipeline outside the app is not checked', () => {
    expect(checkPipelineRunBody({ pipeline: Pipeline.fromName('p'), name: 'r', params: { anything: ['x'] } })).toEqual([]);
  });
});

describe('goDuration', () => {
  test.each([[0, '0s'], [59, '59s'], [90, '1m30s'], [3600, '1h0m0s'], [3661, '1h1m1s']])('%d seconds is %s', (s, text) => {
    expect(goDuration(Duration.seconds(s))).toBe(text);
  });

  test('round-trips whole seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 24 * 3600 }), s => {
      const m = /^(?:(\d+)h)?(?:(\d+)m)?(\d+)s$/.exec(goDuration(Duration.seconds(s)))!;
      expect(Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3])).toBe(s);
    }));
  });
});
