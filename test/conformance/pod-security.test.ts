// The Pod Security Standards "restricted" profile over every pod, pod template and Tekton step of dist/ and of
// every example ops repo (examples/*/dist/), and the checker itself on pods that break each rule.
import * as path from 'path';
import { POD_SECURITY_ANNOTATION, POD_SECURITY_REASON_ANNOTATION } from '../../lib/core/pod-security';
import { ROOT } from '../support/drift';
import { outputFolders } from '../support/output-folders';
import { Manifest, readManifests } from '../support/manifests';
import { formatFindings, podSecurityFindings } from '../support/pod-security';

const forFolder = (dir: string) => readManifests(dir).map(m => ({ ...m, file: path.join(path.relative(ROOT, dir), m.file) }));

describe.each(outputFolders().map(d => [path.relative(ROOT, d), d]))('%s under the restricted Pod Security Standard', (_, dir) => {
  const manifests = forFolder(dir);

  test('every pod, pod template and run pod template is restricted and sets its resources', () => {
    expect(manifests.length).toBeGreaterThan(0);
    expect(formatFindings(podSecurityFindings(manifests).filter(f => f.scope === 'pod'))).toEqual([]);
  });

  test('the steps and sidecars of every Task are restricted and set their computeResources', () => {
    expect(formatFindings(podSecurityFindings(manifests).filter(f => f.scope === 'step'))).toEqual([]);
  });
});

const m = (object: any): Manifest => ({ file: 'x.yaml', index: 0, object });
const restrictedContainer = {
  name: 'app', image: 'docker.io/library/nginx:1.27',
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '16Mi' } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};
const deployment = (podSpec: any, annotations?: any) => m({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'dev', ...(annotations ? { annotations } : {}) },
  spec: { template: { spec: podSpec } },
});
const rules = (ms: Manifest[]) => podSecurityFindings(ms).map(f => f.rule).sort();
const restrictedPod = { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [restrictedContainer] };

describe('the restricted-profile checker', () => {
  test('passes a restricted pod', () => {
    expect(rules([deployment(restrictedPod)])).toEqual([]);
  });

  test('finds each restricted rule a pod breaks', () => {
    expect(rules([deployment({ containers: [{ name: 'app', image: 'x:1' }] })])).toEqual([
      'allowPrivilegeEscalation', 'capabilities_restricted', 'resources', 'runAsNonRoot', 'seccompProfile_restricted']);
    expect(rules([deployment({ ...restrictedPod, securityContext: { ...restrictedPod.securityContext, runAsUser: 0 } })])).toEqual(['runAsUser']);
    expect(rules([deployment({ ...restrictedPod, containers: [{ ...restrictedContainer, securityContext: { ...restrictedContainer.securityContext, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }] })]))
      .toEqual(['capabilities_baseline']);
    expect(rules([deployment({ ...restrictedPod, volumes: [{ name: 'd', hostPath: { path: '/' } }, { name: 'n', nfs: { server: 'x', path: '/' } }] })]))
      .toEqual(['hostPathVolumes', 'restrictedVolumes']);
    expect(rules([deployment({ ...restrictedPod, hostNetwork: true, containers: [{ ...restrictedContainer, ports: [{ containerPort: 80, hostPort: 80 }] }] })]))
      .toEqual(['hostNamespaces', 'hostPorts']);
  });

  test('accepts an opt-out only with a reason, and still checks baseline', () => {
    const root = { containers: [{ ...restrictedContainer, securityContext: { runAsUser: 0 } }] };
    expect(rules([deployment(root, { [POD_SECURITY_ANNOTATION]: 'baseline', [POD_SECURITY_REASON_ANNOTATION]: 'the image runs as root' })])).toEqual([]);
    expect(rules([deployment({ ...root, hostPID: true }, { [POD_SECURITY_ANNOTATION]: 'baseline', [POD_SECURITY_REASON_ANNOTATION]: 'the image runs as root' })])).toEqual(['hostNamespaces']);
    expect(rules([deployment(root, { [POD_SECURITY_ANNOTATION]: 'privileged' })])).toEqual(['opt-out']);
  });

  test('checks Task steps with their stepTemplate, and runs by their podTemplate', () => {
    const task = (spec: any) => m({ apiVersion: 'tekton.dev/v1', kind: 'Task', metadata: { name: 't' }, spec });
    const step = { name: 's', image: 'x:1', computeResources: restrictedContainer.resources };
    expect(rules([task({ steps: [step] })])).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted']);
    expect(rules([task({ stepTemplate: { securityContext: restrictedContainer.securityContext }, steps: [step] })])).toEqual([]);
    expect(rules([task({ stepTemplate: { securityContext: restrictedContainer.securityContext }, steps: [{ ...step, securityContext: { privileged: true } }] })]))
      .toEqual(['privileged']);
    const run = (podTemplate: any) => m({ apiVersion: 'triggers.tekton.dev/v1beta1', kind: 'TriggerTemplate', metadata: { name: 'tt' },
      spec: { resourcetemplates: [{ apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: {}, spec: { taskRunTemplate: { podTemplate } } }] } });
    expect(rules([run(undefined)])).toEqual(['runAsNonRoot', 'seccompProfile_restricted']);
    expect(rules([run({ securityContext: restrictedPod.securityContext })])).toEqual([]);
  });

  test('checks what an ImageDeploy makes kpush create, unless the Deployment of that name is rendered too', () => {
    const imageDeploy = m({ apiVersion: 'crd.whizzosoftware.com/v1alpha1', kind: 'ImageDeploy', metadata: { name: 'app', namespace: 'dev' },
      spec: { deployment: { metadata: { name: 'app', namespace: 'dev' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'REF=app' }] } } } } } });
    expect(rules([imageDeploy])).toContain('runAsNonRoot');
    expect(rules([imageDeploy, deployment(restrictedPod)])).toEqual([]);
  });
});
