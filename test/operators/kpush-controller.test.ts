import { Testing } from 'cdk8s';
import { Warnings } from '../../lib/core/warnings';
import { FolderChart } from '../../lib/output/folder-chart';
import { OpsApp } from '../../lib/output/ops-app';
import { renderApp } from '../../lib/output/render';
import { KpackApi } from '../../lib/kpack';
import { ImageDeploy, KpushController } from '../../lib/operators';
import { crdViolations } from '../support/conformance';
import { formatFindings, podSecurityFindings } from '../support/pod-security';
import { grants, rbacFindings } from '../support/rbac';
import { appChart, kpackImage, problemsOf, STANDALONE, thrown } from './kpush-fixtures';

const env = (objects: any[]) => objects.find(o => o.kind === 'Deployment').spec.template.spec.containers[0].env;
const imageRule = (objects: any[]) => objects.find(o => o.kind === 'ClusterRole').rules[0];

describe('KpushController', () => {
  test('its Deployment is restricted (non-root user, no capabilities, RuntimeDefault seccomp) and sets its resources', () => {
    const { chart } = appChart();
    new KpushController(chart, 'kpush', { api: KpackApi.V1ALPHA2 });
    const manifests = Testing.synth(chart).map((object, index) => ({ file: 'kpush', index, object }));
    expect(formatFindings(podSecurityFindings(manifests))).toEqual([]);
    const pod = manifests.find(m => m.object.kind === 'Deployment')!.object.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('snapshot: Namespace, ServiceAccount, least-privilege ClusterRole, binding and Deployment', () => {
    const { chart } = appChart();
    const controller = new KpushController(chart, 'kpush');
    new ImageDeploy(chart, 'app', { podSecurity: STANDALONE, controller, containers: [{ name: 'app', image: kpackImage(chart, 'app-image') }] });
    const out = Testing.synth(chart).filter(o => o.kind !== 'Image' && o.kind !== 'ImageDeploy');
    expect(out).toMatchSnapshot();
    expect(crdViolations(out)).toEqual([]);
  });

  test('cluster-scoped objects carry no namespace; namespaced ones are in the controller namespace, not the chart\'s', () => {
    const { chart } = appChart();
    new KpushController(chart, 'kpush', { namespace: 'delivery', api: KpackApi.V1ALPHA2 });
    expect(Testing.synth(chart).map(o => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['Namespace', 'delivery', undefined],
      ['ServiceAccount', 'kpush-controller', 'delivery'],
      ['ClusterRole', 'kpush-controller', undefined],
      ['ClusterRoleBinding', 'kpush-controller-binding', undefined],
      ['Deployment', 'kpush', 'delivery'],
    ]);
  });

  test('the RBAC rules grant exactly the verbs kpush uses: cluster-wide reads, Deployments only where it deploys', () => {
    const { chart } = appChart();
    const controller = new KpushController(chart, 'kpush', { api: KpackApi.V1ALPHA2, createNamespace: false });
    const objects = Testing.synth(chart);
    expect(objects.map(o => o.kind)).not.toContain('Namespace');
    expect(grants(objects.find(o => o.kind === 'ClusterRole'))).toEqual(['kpack.io/images: list,watch', 'crd.whizzosoftware.com/imagedeploys: list,watch']);
    const subject = { apiGroup: '', kind: 'ServiceAccount', name: 'kpush-controller', namespace: 'kpush' };
    expect(objects.find(o => o.kind === 'ClusterRoleBinding').subjects).toStrictEqual([subject]);
    expect(objects.filter(o => o.kind === 'Role')).toEqual([]);

    // Two ImageDeploys into 'dev' and one into 'staging': one Role and RoleBinding per namespace.
    for (const [id, ns] of [['a', 'dev'], ['b', 'dev'], ['c', 'staging']]) {
      new ImageDeploy(chart, id, { podSecurity: STANDALONE, controller, deploymentNamespace: ns, containers: [{ name: 'app', image: kpackImage(chart, `${id}-image`) }] });
    }
    const after = Testing.synth(chart);
    expect(after.filter(o => o.kind === 'Role').map(o => [o.metadata.namespace, grants(o)])).toEqual([
      ['dev', ['apps/deployments: create,list,patch']],
      ['staging', ['apps/deployments: create,list,patch']],
    ]);
    expect(after.filter(o => o.kind === 'RoleBinding').map(o => [o.metadata.namespace, o.roleRef.name, o.subjects])).toEqual([
      ['dev', 'kpush-controller', [subject]],
      ['staging', 'kpush-controller', [subject]],
    ]);
    expect(rbacFindings(after.map((object, index) => ({ file: 'deploy', index, object })))).toEqual([]);
  });

  test('the watched kpack API comes from the served Images: kpack.io for v1alpha2, build.pivotal.io for legacy', () => {
    for (const [api, group, version] of [[KpackApi.V1ALPHA2, 'kpack.io', 'v1alpha2'], [KpackApi.LEGACY_V1ALPHA1, 'build.pivotal.io', 'v1alpha1']] as const) {
      const { chart } = appChart();
      const controller = new KpushController(chart, 'kpush');
      const image = kpackImage(chart, 'app', { api });
      new ImageDeploy(chart, 'd', { podSecurity: STANDALONE, controller, containers: [{ name: 'app', image }] });
      const objects = Testing.synth(chart);
      expect(env(objects)).toStrictEqual([
        { name: 'IMAGE_CRD_GROUP', value: group }, { name: 'IMAGE_CRD_VERSION', value: version }, { name: 'IMAGE_CRD_PLURAL', value: 'images' },
      ]);
      expect(imageRule(objects).apiGroups).toEqual([group]);
      expect(controller.api).toBe(api);
      expect(controller.servedImages()).toEqual([image]);
    }
  });

  test('a controller that serves nothing watches kpack.io and warns', () => {
    const { app, chart } = appChart();
    new KpushController(chart, 'kpush');
    expect(problemsOf(app)).toEqual([]);
    expect(env(Testing.synth(chart))[0]).toEqual({ name: 'IMAGE_CRD_GROUP', value: 'kpack.io' });
    expect(Warnings.collect(app)).toEqual([
      "deploy/kpush: api 'kpack.io/v1alpha2' is assumed: the controller serves no ImageDeploy of this app. Give api when its ImageDeploys live elsewhere, or remove the controller",
    ]);
  });
});

describe('kpack and kpush through the ops-repo renderer', () => {
  test('one file per object in the chart folder, byte-identical on every render', () => {
    const build = () => {
      const app = new OpsApp({ outdir: 'unused' });
      const chart = new FolderChart(app, 'deploy', { folder: 'go-sample-app/deploy', namespace: 'apps' });
      const controller = new KpushController(chart, 'kpush');
      new ImageDeploy(chart, 'go-sample-app', { podSecurity: STANDALONE, controller, containers: [{ name: 'app', image: kpackImage(chart, 'go-sample-app-image') }] });
      return renderApp(app);
    };
    const files = build();
    expect([...files.keys()]).toEqual([
      '.generated-files',
      'go-sample-app/deploy/clusterrole-kpush-controller.yaml',
      'go-sample-app/deploy/clusterrolebinding-kpush-controller-binding.yaml',
      'go-sample-app/deploy/deployment-kpush.yaml',
      'go-sample-app/deploy/image-go-sample-app-image.yaml',
      'go-sample-app/deploy/imagedeploy-go-sample-app.yaml',
      'go-sample-app/deploy/namespace-kpush.yaml',
      'go-sample-app/deploy/role-kpush-controller.yaml',
      'go-sample-app/deploy/rolebinding-kpush-controller.yaml',
      'go-sample-app/deploy/serviceaccount-kpush-controller.yaml',
    ]);
    expect(build()).toEqual(files);
  });
});

describe('KpushController validation', () => {
  test('Images of two kpack APIs served by one controller are a synth error', () => {
    const { app, chart } = appChart();
    const controller = new KpushController(chart, 'kpush');
    new ImageDeploy(chart, 'new', { podSecurity: STANDALONE, controller, containers: [{ name: 'app', image: kpackImage(chart, 'new-image') }] });
    new ImageDeploy(chart, 'old', { podSecurity: STANDALONE, controller, containers: [{ name: 'app', image: kpackImage(chart, 'old-image', { api: KpackApi.LEGACY_V1ALPHA1, tag: 'example/old-image' }) }] });
    expect(problemsOf(app)).toEqual([
      "deploy/kpush: env.IMAGE_CRD_GROUP 'kpack.io/v1alpha2' does not match Image deploy/old-image (build.pivotal.io/v1alpha1), which the controller serves: kpush watches one kpack API. Write all Images its ImageDeploys use in one kpack API, or give them separate controllers",
    ]);
  });

  test('a fixed api that the served Images do not use is a synth error', () => {
    const { app, chart } = appChart();
    const controller = new KpushController(chart, 'kpush', { api: KpackApi.LEGACY_V1ALPHA1 });
    new ImageDeploy(chart, 'd', { podSecurity: STANDALONE, controller, containers: [{ name: 'app', image: kpackImage(chart, 'app') }] });
    expect(problemsOf(app)).toEqual([
      "deploy/kpush: env.IMAGE_CRD_GROUP 'build.pivotal.io/v1alpha1' does not match Image deploy/app (kpack.io/v1alpha2), which the controller serves: kpush watches one kpack API. Give the controller the Images' api, or serve these Images with another controller",
    ]);
  });

  test.each<[string, object, string]>([
    ['an unpinned image', { image: 'docker.io/whizzosoftware/kpush' },
      "deploy/kpush: image 'docker.io/whizzosoftware/kpush' has no tag, so it means :latest and changes whenever the image is pushed. Pin it by tag (docker.io/whizzosoftware/kpush:<version>) or by digest (...@sha256:<digest>)"],
    ['the latest tag', { image: 'whizzosoftware/kpush:latest' },
      "deploy/kpush: image 'whizzosoftware/kpush:latest' is tagged :latest, which changes whenever the image is pushed. Pin it by tag (docker.io/whizzosoftware/kpush:<version>) or by digest (...@sha256:<digest>)"],
    ['an invalid image', { image: 'whizzosoftware/kpush:' },
      "deploy/kpush: image 'whizzosoftware/kpush:' has tag '', which is not 1 to 128 letters, digits, '_', '.' or '-' (not starting with '.' or '-'), so it is not a valid image reference. Pin it by tag (docker.io/whizzosoftware/kpush:<version>) or by digest (...@sha256:<digest>)"],
    ['a namespace that is no label', { namespace: 'Kpush' },
      "deploy/kpush: namespace 'Kpush' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit). Choose a name of lower-case letters, digits and '-'"],
    ['a name longer than a label value', { name: 'k'.repeat(64) },
      `deploy/kpush: name '${'k'.repeat(64)}' is 64 characters long, more than the 63 allowed. Choose a name of lower-case letters, digits and '-'`],
  ])('%s', (_, props, message) => {
    const { chart } = appChart();
    expect(thrown(() => new KpushController(chart, 'kpush', props))).toBe(message);
  });

  test('a digest-pinned image is accepted', () => {
    const { chart } = appChart();
    const image = `docker.io/whizzosoftware/kpush@sha256:${'c'.repeat(64)}`;
    expect(new KpushController(chart, 'kpush', { image }).image).toBe(image);
  });
});
