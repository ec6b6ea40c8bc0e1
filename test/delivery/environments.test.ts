// Environments on several clusters: one Application per app and environment with its real destination,
// the team's AppProject admitting exactly those clusters and namespaces, the same workload knobs and
// restricted defaults in both deploy modes, promoted images read from their pin files.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Cluster, Environment, HealthProbe, OpsRepo, VolumeSource } from '../../lib';
import { crdViolations } from '../support/conformance';
import { tempDir } from '../support/git-fixtures';
import { synthProblems, synthWarnings, thrown } from '../support/synth';
import { PROD_SERVER, digest, shop, writePins } from '../promotion/shop';
import { delivery, opsRepo, opsRoot } from './fixtures';

let root: string;
beforeEach(() => { root = tempDir('environments-'); writePins(root); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function objects(ops: OpsRepo): Map<string, any> {
  return new Map([...ops.render().files].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c)]));
}

describe('two apps, three environments on three clusters', () => {
  test('one Application per app and environment, with its cluster and namespace, in the team project', () => {
    const files = objects(shop(root));
    const dest = (name: string) => files.get(`argocd/application-${name}.yaml`).spec;
    for (const app of ['go-sample-app', 'storefront']) {
      expect(dest(`${app}-dev`).destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: `${app}-dev` });
      expect(dest(`${app}-staging`).destination).toEqual({ name: 'staging', namespace: `${app}-staging` });
      expect(dest(`${app}-prod`).destination).toEqual({ server: PROD_SERVER, namespace: app });
      for (const env of ['dev', 'staging', 'prod']) expect(dest(`${app}-${env}`).project).toBe('shop');
      expect(dest(`${app}-prod`).syncPolicy.automated).toBeUndefined();
      expect(dest(`${app}-staging`).syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    }
    expect([...files.keys()].filter(f => f.startsWith('argocd/applicationset'))).toEqual([]);
  });

  test('the team AppProject admits exactly the clusters and namespaces in use', () => {
    const project = objects(shop(root)).get('argocd/appproject-shop.yaml');
    const inCluster = (namespace: string) => ({ server: 'https://kubernetes.default.svc', namespace });
    expect(project.spec.destinations).toEqual([
      { name: 'staging', namespace: 'go-sample-app-staging' },
      { name: 'staging', namespace: 'storefront-staging' },
      ...['go-sample-app-build', 'go-sample-app-ci', 'go-sample-app-dev', 'storefront-build', 'storefront-ci', 'storefront-dev'].map(inCluster),
      { server: PROD_SERVER, namespace: 'go-sample-app' },
      { server: PROD_SERVER, namespace: 'storefront' },
    ]);
  });

  test('every object passes the CRD schemas', () => {
    expect(crdViolations([...objects(shop(root)).values()])).toEqual([]);
  });

  test('each promoted environment runs the image pinned for it', () => {
    const files = objects(shop(root));
    const image = (app: string, env: string) => files.get(`shop/${app}/${env}/deployment-${app}.yaml`).spec.template.spec.containers[0].image;
    expect(image('storefront', 'staging')).toBe(digest('storefront', 1));
    expect(image('storefront', 'prod')).toBe(digest('storefront', 0));
    expect(image('go-sample-app', 'prod')).toBe(digest('go-sample-app', 0));
  });

  test('the knobs reach the Deployment and the Service', () => {
    const files = objects(shop(root));
    const prod = files.get('shop/storefront/prod/deployment-storefront.yaml').spec;
    expect(prod.replicas).toBe(3);
    const [c] = prod.template.spec.containers;
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 3000 } });
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'cache', mountPath: '/var/cache/app' }]);
    expect(prod.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'cache', emptyDir: {} }]);
    expect(files.get('shop/storefront/prod/service-storefront.yaml').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const dev = files.get('shop/storefront/dev/deployment-storefront.yaml').spec.template.spec.containers[0];
    expect(dev.env).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }]);
    const imageDeploy = files.get('shop/storefront/dev/imagedeploy-storefront.yaml').spec.deployment.spec.template.spec.containers[0];
    expect(imageDeploy.env).toEqual(dev.env);
  });
});

describe('environment knobs', () => {
  const build = (env: Environment) => {
    const r = opsRoot();
    const { ops, kpush } = opsRepo(r);
    delivery(ops, kpush, { environments: [Environment.kpush({ name: 'dev', controller: kpush }), env] });
    return ops;
  };
  const image = digest('go-sample-app', 7);

  test('resources, security, volumes and no Service', () => {
    const files = objects(build(Environment.deployment({
      name: 'prod', image, service: false, tmpVolume: false, automountServiceAccountToken: true,
      resources: { cpuMillis: { request: 250, limit: 1000 } },
      security: { runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, readOnlyRootFilesystem: false },
      volumes: [{ name: 'config', mountPath: '/etc/app', source: VolumeSource.configMap('app-config') }],
      liveness: HealthProbe.exec(['/bin/health']), startup: HealthProbe.tcp({ failureThreshold: 30 }),
    })));
    expect(files.has('go-sample-app/prod/service-go-sample-app.yaml')).toBe(false);
    const pod = files.get('go-sample-app/prod/deployment-go-sample-app.yaml').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 1001 });
    const [c] = pod.containers;
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '256Mi' } });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: false, runAsUser: 1001, runAsGroup: 1001, runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(c.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/app', readOnly: true }]);
    expect(pod.volumes).toEqual([{ name: 'config', configMap: { name: 'app-config' } }]);
    expect(c.livenessProbe).toEqual({ exec: { command: ['/bin/health'] } });
    expect(c.startupProbe).toEqual({ tcpSocket: { port: 8080 }, failureThreshold: 30 });
  });

  test('bad knobs are reported together, each with its fix', () => {
    expect(thrown(() => build(Environment.deployment({
      name: 'prod', image, security: { runAsUser: 0 },
      ports: [{ name: 'http', containerPort: 70000 }],
      volumes: [{ name: 'tmp', mountPath: 'cache', source: VolumeSource.emptyDir() }],
    })))).toBe([
      "go-sample-app/env-prod: ports[0].containerPort '70000' is not a port number from 1 to 65535. Give the port the app listens on",
      "go-sample-app/env-prod: volumes[0].name 'tmp' is used twice ('tmp' is the /tmp volume). Give each volume its own name",
      "go-sample-app/env-prod: volumes[0].mountPath 'cache' is not an absolute path. Give a path such as /var/cache/app",
      "go-sample-app/env-prod: security.runAsUser '0' is root, which runAsNonRoot forbids. Give a non-zero user id, or leave it to the image",
    ].join('\n'));
  });

  test('a kpush environment keeps to the ImageDeploy CRD\'s replicas', () => {
    const r = opsRoot();
    const { ops, kpush } = opsRepo(r);
    expect(thrown(() => delivery(ops, kpush, { environments: [Environment.kpush({ name: 'dev', controller: kpush, replicas: 11 })] })))
      .toBe("go-sample-app/env-dev: replicas '11' is out of range for a kpush environment: the ImageDeploy CRD allows 1 to 10. Give a whole number from 1 to 10");
  });

  test('a kpush environment on another cluster than kpack and kpush is an error', () => {
    const r = opsRoot();
    const { ops, kpush } = opsRepo(r);
    delivery(ops, kpush, { environments: [Environment.kpush({ name: 'dev', controller: kpush, cluster: Cluster.named('edge') })] });
    expect(synthProblems(ops)).toEqual([
      "go-sample-app: environments[dev].cluster 'edge' is not the cluster of the kpack Image (in-cluster), and kpush only sees Images and Deployments of its own cluster. "
        + 'Run the kpush environment where kpack builds and kpush runs, or make it a Deployment environment promoted by digest',
      "go-sample-app: environments[dev].cluster 'edge' is not the cluster of the kpush controller (platform/kpush) (in-cluster), and kpush only sees Images and Deployments of its own cluster. "
        + 'Run the kpush environment where kpack builds and kpush runs, or make it a Deployment environment promoted by digest',
    ]);
  });
});

describe('promoted image pins', () => {
  test('a tag is accepted with a warning', () => {
    fs.writeFileSync(path.join(root, 'pins', 'storefront.prod.image'), 'docker.io/example/storefront:1.2.0\n');
    expect(synthWarnings(shop(root))).toEqual([
      "shop/storefront/env-prod: pins/storefront.prod.image 'docker.io/example/storefront:1.2.0' is pinned by tag, which can be pushed again: "
        + 'what runs could change without a commit. Promote the image by digest (repository@sha256:...)',
    ]);
  });

  test('no fixed tag stops synthesis with the promote command', () => {
    fs.writeFileSync(path.join(root, 'pins', 'storefront.prod.image'), 'docker.io/example/storefront\n');
    expect(synthProblems(shop(root))).toEqual([
      "shop/storefront/env-prod: pins/storefront.prod.image 'docker.io/example/storefront' has no digest and no fixed tag, so it changes whenever the image is pushed. "
        + 'Promote an image by digest: npm run promote -- storefront prod --image <registry/repository@sha256:...>',
    ]);
  });

  test('a pin of two lines is rejected', () => {
    fs.writeFileSync(path.join(root, 'pins', 'storefront.prod.image'), `${digest('storefront', 1)}\n${digest('storefront', 2)}\n`);
    expect(synthProblems(shop(root))[0]).toMatch(/^shop\/storefront\/env-prod: pins\/storefront\.prod\.image: image pin '.*' is not one image reference on one line/);
  });
});
