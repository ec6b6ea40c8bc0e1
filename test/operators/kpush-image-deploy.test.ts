import { ApiObject, Testing } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-27';
import { ImageDeploy, ImageDeployContainer, ImageDeployEnv, KpushController } from '../../lib/operators';
import { FolderChart } from '../../lib/output/folder-chart';
import { crdViolations } from '../support/conformance';
import { appChart, kpackImage, problemsOf, STANDALONE, thrown } from './kpush-fixtures';

describe('ImageDeploy', () => {
  test('snapshot; the output passes the ImageDeploy CRD schema (which prunes unknown fields)', () => {
    const { chart } = appChart();
    const controller = new KpushController(chart, 'kpush');
    const web = kpackImage(chart, 'go-sample-app');
    const worker = kpackImage(chart, 'go-sample-worker');
    new ImageDeploy(chart, 'go-sample-app-deploy', {
      podSecurity: STANDALONE,
      controller,
      deploymentName: 'go-sample-app',
      deploymentNamespace: 'dev',
      deploymentLabels: { 'app.kubernetes.io/part-of': 'go-sample' },
      replicas: 2,
      containers: [
        {
          name: 'web', image: web,
          ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics', protocol: Protocol.TCP }],
          env: {
            GITHUB_TOKEN: ImageDeployEnv.fromSecretKey('github-token', 'GITHUB_TOKEN'),
            LOG_LEVEL: ImageDeployEnv.fromConfigMapKey('app-config', 'log-level', { optional: true }),
            POD_NAME: ImageDeployEnv.fromField('metadata.name'),
            MODE: ImageDeployEnv.fromValue('web'),
          },
        },
        { name: 'worker', image: worker },
        { name: 'cache', image: 'docker.io/library/redis:7.2' },
      ],
    });
    const out = Testing.synth(chart);
    const deploy = out.filter(o => o.kind === 'ImageDeploy');
    expect(deploy).toMatchSnapshot();
    expect(crdViolations(out)).toEqual([]);
  });

  test('renders REF=<Image name> for kpack Images, the defaults, and containers added later', () => {
    const { chart } = appChart();
    const controller = new KpushController(chart, 'kpush');
    const image = kpackImage(chart, 'app');
    const deploy = new ImageDeploy(chart, 'app-deploy', { controller });
    deploy.addContainer({ name: 'app', image });
    expect(deploy.resource.toJson()).toStrictEqual({
      apiVersion: 'crd.whizzosoftware.com/v1alpha1',
      kind: 'ImageDeploy',
      metadata: { name: 'app-deploy', namespace: 'apps' },
      spec: {
        deployment: {
          metadata: { name: 'app-deploy', namespace: 'apps' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'app-deploy' } },
            template: { metadata: { labels: { app: 'app-deploy' } }, spec: { containers: [{ name: 'app', image: 'REF=app' }] } },
          },
        },
      },
    });
    expect(deploy.kpackImages).toEqual([image]);
    expect([deploy.deploymentName, deploy.deploymentNamespace]).toEqual(['app-deploy', 'apps']);
    expect(deploy.node.defaultChild).toBe(deploy.resource);
  });

  test('the schema check still catches a field the CRD would prune', () => {
    const { chart } = appChart();
    const deploy = new ImageDeploy(chart, 'x', { podSecurity: STANDALONE, controller: new KpushController(chart, 'kpush'), containers: [{ name: 'app', image: kpackImage(chart, 'app') }] });
    const json = deploy.resource.toJson();
    json.spec.deployment.spec.template.spec.containers[0].resources = { limits: { memory: '1Gi' } };
    expect(crdViolations([json])).toEqual([
      "object-0: ImageDeploy/apps/x: /spec/deployment/spec/template/spec/containers/0: unknown field 'resources' (the API server would drop it)",
    ]);
    expect(crdViolations([{ apiVersion: 'crd.whizzosoftware.com/v1alpha1', kind: 'ImageDeploy', spec: { deployment: { spec: { replicas: 11 } } } }]))
      .toEqual(['object-0: ImageDeploy/?: /spec/deployment/spec/replicas: must be <= 10']);
  });
});

describe('ImageDeploy validation', () => {
  const at = 'deploy/d';
  const containers = 'spec.deployment.spec.template.spec.containers';
  const make = (props: object, container?: Partial<ImageDeployContainer>) => thrown(() => {
    const { chart } = appChart();
    const image = kpackImage(chart, 'app');
    new ImageDeploy(chart, 'd', { podSecurity: STANDALONE, controller: new KpushController(chart, 'kpush'), containers: [{ name: 'app', image, ...container } as ImageDeployContainer], ...props });
  });

  test.each<[string, object, Partial<ImageDeployContainer> | undefined, string]>([
    ['replicas above the CRD maximum', { replicas: 11 }, undefined,
      `${at}: spec.deployment.spec.replicas '11' is out of range: the ImageDeploy CRD allows 1 to 10. Give a whole number from 1 to 10`],
    ['zero replicas', { replicas: 0 }, undefined,
      `${at}: spec.deployment.spec.replicas '0' is out of range: the ImageDeploy CRD allows 1 to 10. Give a whole number from 1 to 10`],
    ['bad deployment name', { deploymentName: 'App' }, undefined,
      `${at}: spec.deployment.metadata.name 'App' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Choose a name of lower-case letters, digits and '-'`],
    ['selector entry missing from the pod labels', { podLabels: { app: 'a' }, selector: { app: 'b' } }, undefined,
      `${at}: spec.deployment.spec.selector.matchLabels.app 'b' is not among the pod labels, so the API server would reject the Deployment kpush creates. Make every selector entry a pod label too`],
    ['empty selector', { podLabels: {}, selector: {} }, undefined,
      `${at}: spec.deployment.spec.selector.matchLabels '{}' is empty, which a Deployment does not allow. Give pod labels, e.g. { app: 'go-sample-app' }`],
    ['bad label key', { deploymentLabels: { 'bad key': 'x' } }, undefined,
      `${at}: spec.deployment.metadata.labels key 'bad key' has a name part that is not letters, digits, '-', '_' and '.' starting and ending with a letter or digit. Use label keys such as 'app.kubernetes.io/name' or 'disktype': an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`],
    ['bad label value', { deploymentLabels: { app: 'a b' } }, undefined,
      `${at}: spec.deployment.metadata.labels["app"] 'a b' is not letters, digits, '-', '_' and '.' starting and ending with a letter or digit (or empty). Use a value of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`],
    ['a container field the CRD prunes', {}, { resources: { limits: { memory: '1Gi' } } } as any,
      `${at}: ${containers}[0].resources '{"limits":{"memory":"1Gi"}}' is not kept by the ImageDeploy CRD: the API server would prune it and kpush create the Deployment without it. Give only name, image, env, ports; for more, deploy a Deployment of your own`],
    ['bad container name', {}, { name: 'App' },
      `${at}: ${containers}[0].name 'App' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit). Name the container with lower-case letters, digits and '-'`],
    ['hand-written REF=', {}, { image: 'REF=app' },
      `${at}: ${containers}[0].image 'REF=app' is a hand-written kpush reference. Pass the kpack Image construct instead; it renders REF=<name> and is checked`],
    ['bad fixed image', {}, { image: 'Redis' },
      `${at}: ${containers}[0].image 'Redis' has repository part 'Redis', which is not lower-case letters and digits joined by '.', '_', '__' or '-', so it is not a valid image reference. Give an image such as docker.io/library/redis:7.2, or a kpack Image construct`],
    ['bad env name', {}, { env: { '9LIVES': ImageDeployEnv.fromValue('x') } },
      `${at}: ${containers}[0].env '9LIVES' is not a valid environment variable name. Use letters, digits, '_', '-' and '.', not starting with a digit`],
    ['bad secret name', {}, { env: { T: ImageDeployEnv.fromSecretKey('Token', 'T') } },
      `${at}: ${containers}[0].env[T].valueFrom.name 'Token' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Give the name of the Secret or ConfigMap`],
    ['bad key', {}, { env: { T: ImageDeployEnv.fromConfigMapKey('cfg', 'a key') } },
      `${at}: ${containers}[0].env[T].valueFrom.key 'a key' is not a valid key (letters, digits, '-', '_', '.'). Give the key as it appears in the Secret or ConfigMap`],
    ['unknown pod field', {}, { env: { N: ImageDeployEnv.fromField('spec.containers') } },
      `${at}: ${containers}[0].env[N].valueFrom.fieldRef.fieldPath 'spec.containers' is not a pod field the downward API offers. Use e.g. metadata.name, metadata.namespace, metadata.labels['app'], spec.nodeName or status.podIP`],
    ['port out of range', {}, { ports: [{ containerPort: 70000 }] },
      `${at}: ${containers}[0].ports[0].containerPort '70000' is not a port number from 1 to 65535. Give the port the container listens on`],
    ['port name too long', {}, { ports: [{ containerPort: 80, name: 'a-very-long-port-name' }] },
      `${at}: ${containers}[0].ports[0].name 'a-very-long-port-name' is not an IANA service name (at most 15 lower-case letters, digits and single '-', with at least one letter). Use a name such as 'http'`],
    ['unknown protocol', {}, { ports: [{ containerPort: 80, protocol: 'HTTP' as Protocol }] },
      `${at}: ${containers}[0].ports[0].protocol 'HTTP' is not a protocol. Use one of TCP, UDP, SCTP`],
    ['the same port twice', {}, { ports: [{ containerPort: 80 }, { containerPort: 80, protocol: Protocol.TCP }] },
      `${at}: ${containers}[0].ports[1].containerPort '80/TCP' is listed twice in this container. Give each port and protocol once`],
  ])('%s', (_, props, container, message) => {
    expect(make(props, container)).toBe(message);
  });

  test('the Deployment namespace must be known', () => {
    const { app } = appChart();
    const bare = new FolderChart(app, 'bare', { folder: 'bare' });
    expect(thrown(() => new ImageDeploy(bare, 'd', { podSecurity: STANDALONE, controller: new KpushController(bare, 'kpush') }))).toBe(
      "bare/d: spec.deployment.metadata.namespace '' is missing: kpush creates the Deployment in exactly this namespace. Give deploymentNamespace, or create the ImageDeploy in a chart with a namespace");
  });

  test('no kpack Image, duplicate names and an ambiguous Image name are reported at synth', () => {
    const { app, chart } = appChart();
    const controller = new KpushController(chart, 'kpush');
    const image = kpackImage(chart, 'app');
    kpackImage(chart, 'app-elsewhere', { metadata: { name: 'app', namespace: 'other' } });
    new ImageDeploy(chart, 'fixed-only', { podSecurity: STANDALONE, controller, containers: [{ name: 'redis', image: 'docker.io/library/redis:7.2' }] });
    new ImageDeploy(chart, 'dupes', {
      podSecurity: STANDALONE,
      controller,
      containers: [{ name: 'app', image, ports: [{ containerPort: 80, name: 'http' }] }, { name: 'app', image: 'docker.io/library/nginx:1.27', ports: [{ containerPort: 81, name: 'http' }] }],
    });
    expect(problemsOf(app)).toEqual([
      "deploy/fixed-only: spec.deployment.spec.template.spec.containers '[\"redis\"]' use no kpack Image, so kpush never creates the Deployment. Give at least one container a kpack Image construct as its image",
      "deploy/dupes: spec.deployment.spec.template.spec.containers.name 'app' is used by two containers. Give every container its own name",
      "deploy/dupes: spec.deployment.spec.template.spec.containers.ports.name 'http' is used twice in the pod. Give every port its own name",
      "deploy/dupes: spec.deployment.spec.template.spec.containers.image 'REF=app' is ambiguous: deploy/app and deploy/app-elsewhere are both named 'app' (namespaces 'apps' and 'other'), and kpush looks Images up by name in every namespace. Give the kpack Images distinct names",
    ]);
  });

  test('restricted by default: kpush may only patch a Deployment this app renders, else an opt-out with a reason', () => {
    const { app, chart } = appChart();
    const controller = new KpushController(chart, 'kpush');
    new ImageDeploy(chart, 'alone', { controller, containers: [{ name: 'app', image: kpackImage(chart, 'alone-image') }] });
    new ImageDeploy(chart, 'patched', { controller, containers: [{ name: 'app', image: kpackImage(chart, 'patched-image') }] });
    new ApiObject(chart, 'patched-deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'patched', namespace: 'apps' } });
    new ImageDeploy(chart, 'opted-out', { controller, containers: [{ name: 'app', image: kpackImage(chart, 'opted-out-image') }], podSecurity: STANDALONE });
    expect(problemsOf(app)).toEqual([
      "deploy/alone: spec.deployment 'apps/alone' would be created by kpush without a securityContext (the ImageDeploy CRD keeps only the containers' name, image, env and ports), so its pods cannot meet the restricted Pod Security Standard. Render that Deployment in this app too (Environment.kpush does; kpush then only patches its images), or give podSecurity: PodSecurity.baseline('<why>')",
    ]);
    chart.node.tryRemoveChild('alone');
    const optedOut = Testing.synth(chart).find(o => o.kind === 'ImageDeploy' && o.metadata.name === 'opted-out');
    expect(optedOut.metadata.annotations).toEqual({ 'cdk8s-push-delivery.dev/pod-security': 'baseline',
      'cdk8s-push-delivery.dev/pod-security-reason': 'a test of the ImageDeploy alone, without the Deployment kpush patches' });
  });
});
