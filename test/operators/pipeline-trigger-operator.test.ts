import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { MySqlLeaderElection, PipelineTriggerOperator, PipelineTriggerOperatorProps } from '../../lib/operators/pipeline-trigger-operator';
import { FolderChart } from '../../lib/output/folder-chart';
import { crdViolations } from '../support/conformance';
import { formatFindings, podSecurityFindings } from '../support/pod-security';
import { grants, rbacFindings } from '../support/rbac';

/** The last release whose manager has --cross-dc-leader-elect (its cmd/main.go). */
const V039 = 'ghcr.io/jquad-group/pipeline-trigger-operator:v0.3.9';

function chart() {
  return new FolderChart(Testing.app(), 'operators', { folder: 'operators', namespace: 'chart-namespace' });
}

function install(props: PipelineTriggerOperatorProps = {}) {
  const c = chart();
  new PipelineTriggerOperator(c, 'pto', props);
  const objects = Testing.synth(c);
  const find = (kind: string) => objects.find(o => o.kind === kind);
  return { c, objects, find, container: () => find('Deployment').spec.template.spec.containers[0] };
}

function mysql(c: FolderChart, extra: Partial<MySqlLeaderElection> = {}): MySqlLeaderElection {
  const passwordSecret = (c.node.tryFindChild('mysql') as kplus.ISecret | undefined) ?? kplus.Secret.fromSecretName(c, 'mysql', 'pto-mysql');
  return { host: 'mysql.db.svc.cluster.local', username: 'pto', passwordSecret, ...extra };
}

describe('PipelineTriggerOperator', () => {
  test('snapshot', () => {
    expect(install().objects).toMatchSnapshot();
  });

  test('installs a Namespace, ServiceAccount, manager ClusterRole, leader-election Role, bindings and Deployment', () => {
    const { objects } = install();
    expect(objects.map(o => `${o.kind}/${o.metadata.name}${o.metadata.namespace ? ` in ${o.metadata.namespace}` : ''}`)).toEqual([
      'Namespace/pipeline-trigger-operator-system',
      'ServiceAccount/pipeline-trigger-operator-controller-manager in pipeline-trigger-operator-system',
      'ClusterRole/pipeline-trigger-operator-manager-role',
      'ClusterRoleBinding/pipeline-trigger-operator-manager-rolebinding',
      'Role/pipeline-trigger-operator-leader-election-role in pipeline-trigger-operator-system',
      'RoleBinding/pipeline-trigger-operator-leader-election-rolebinding in pipeline-trigger-operator-system',
      'Deployment/pipeline-trigger-operator-controller-manager in pipeline-trigger-operator-system',
    ]);
    expect(crdViolations(objects)).toEqual([]);
  });

  test('RBAC covers what the manager calls, and no more: it reads triggers, applies their status, creates runs', () => {
    const { find } = install();
    expect(grants(find('ClusterRole'))).toEqual([
      'pipeline.jquad.rocks/pipelinetriggers: get,list,watch',
      'pipeline.jquad.rocks/pipelinetriggers/status: get,patch',
      'pipeline.jquad.rocks/pipelinetriggers/finalizers: update',
      'pipeline.jquad.rocks/pullrequests: get,list,watch',
      'pipeline.jquad.rocks/pullrequests/status: get,list,watch',
      'source.toolkit.fluxcd.io/gitrepositories: get,list,watch',
      'source.toolkit.fluxcd.io/gitrepositories/status: get,list,watch',
      'image.toolkit.fluxcd.io/imagepolicies: get,list,watch',
      'image.toolkit.fluxcd.io/imagepolicies/status: get,list,watch',
      'tekton.dev/pipelineruns: get,list,watch,create',
      'tekton.dev/pipelines: get,list,watch',
      '/events: create,patch',
    ]);
    expect(grants(find('Role'))).toEqual(expect.arrayContaining(['coordination.k8s.io/leases: get,list,watch,create,update,patch,delete']));
    expect(find('ClusterRoleBinding').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'pipeline-trigger-operator-controller-manager', namespace: 'pipeline-trigger-operator-system' }]);
  });

  test('the Deployment runs the pinned image with --leader-elect, probes and the token it needs', () => {
    const { find, container } = install();
    const pod = find('Deployment').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('pipeline-trigger-operator-controller-manager');
    expect(find('Deployment').spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'pipeline-trigger-operator', 'control-plane': 'controller-manager' } });
    expect(container().image).toBe(PipelineTriggerOperator.DEFAULT_IMAGE);
    expect(container().args).toEqual(['--leader-elect', '--health-probe-bind-address=:8081']);
    expect(container().livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8081 });
    expect(container().readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 8081 });
    expect(container().env).toBeUndefined();
  });

  test('cross-datacenter leader election: the operator\'s variables, the password only as a secretKeyRef', () => {
    const c = chart();
    new PipelineTriggerOperator(c, 'pto', { image: V039, crossDatacenterLeaderElection: mysql(c, { port: 3307, passwordKey: 'mysql-password', plaintextConnectionAllowed: true }) });
    const container = Testing.synth(c).find(o => o.kind === 'Deployment').spec.template.spec.containers[0];
    expect(container.args).toEqual(['--leader-elect', '--health-probe-bind-address=:8081', '--cross-dc-leader-elect']);
    expect(container.env).toEqual([
      { name: 'username', value: 'pto' },
      { name: 'password', valueFrom: { secretKeyRef: { name: 'pto-mysql', key: 'mysql-password' } } },
      { name: 'address', value: 'mysql.db.svc.cluster.local:3307' },
      { name: 'plaintext_connection_allowed', value: 'true' },
      { name: 'ha_enabled', value: 'true' },
    ]);
  });

  test('a password value is not a prop', () => {
    const c = chart();
    const withPassword = {
      host: 'mysql', username: 'pto', passwordSecret: kplus.Secret.fromSecretName(c, 's', 'pto-mysql'),
      password: 'hunter2',
    };
    // @ts-expect-error an object literal with a password is rejected by the type
    const props: MySqlLeaderElection = { ...withPassword, password: 'hunter2' };
    new PipelineTriggerOperator(c, 'pto', { image: V039, crossDatacenterLeaderElection: props });
    expect(JSON.stringify(Testing.synth(c))).not.toContain('hunter2');
  });

  test('without leader election there is no Role and no flag; without createNamespace no Namespace', () => {
    const { objects, container } = install({ leaderElection: false, createNamespace: false, namespace: 'ops', name: 'pto' });
    expect(objects.map(o => o.kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Deployment']);
    expect(container().args).toEqual(['--health-probe-bind-address=:8081']);
    expect(objects.find(o => o.kind === 'Deployment').metadata).toMatchObject({ name: 'pto-controller-manager', namespace: 'ops' });
  });

  describe('rejects', () => {
    test('an image tagged latest', () => {
      expect(() => install({ image: 'ghcr.io/jquad-group/pipeline-trigger-operator:latest' })).toThrow(
        "operators/pto: image 'ghcr.io/jquad-group/pipeline-trigger-operator:latest' is tagged :latest, which changes whenever the image is pushed. Pin it by a release tag (e.g. :v0.5.0) or by digest (@sha256:...)");
    });
    test('an image without tag', () => {
      expect(() => install({ image: 'registry.local:5000/pto' })).toThrow(
        "operators/pto: image 'registry.local:5000/pto' has no tag, so it means :latest and changes whenever the image is pushed. Pin it by a release tag (e.g. :v0.5.0) or by digest (@sha256:...)");
    });
    test('an image reference the kubelet would refuse', () => {
      expect(() => install({ image: 'ghcr.io/Jquad-Group/pto:v0.5.0' })).toThrow(
        "operators/pto: image 'ghcr.io/Jquad-Group/pto:v0.5.0' has repository part 'Jquad-Group', which is not lower-case letters and digits joined by '.', '_', '__' or '-', so it is not a valid image reference. Pin it by a release tag (e.g. :v0.5.0) or by digest (@sha256:...)");
    });
    test('several replicas without leader election', () => {
      expect(() => install({ replicas: 2, leaderElection: false })).toThrow(
        "operators/pto: replicas '2' is more than 1 without leader election: every replica would start the same PipelineRuns. Set leaderElection: true, or use 1 replica");
    });
    test('zero replicas', () => {
      expect(() => install({ replicas: 0 })).toThrow("operators/pto: replicas '0' is not a whole number of at least 1. Use 1, or more with leader election");
    });
    test('a MySQL port out of range, a bad host, an empty user, a bad key', () => {
      const c = chart();
      expect(() => new PipelineTriggerOperator(c, 'a', { image: V039, crossDatacenterLeaderElection: mysql(c, { port: 70000 }) })).toThrow(
        "operators/a: crossDatacenterLeaderElection.port '70000' is not a TCP port. Use a port from 1 to 65535, e.g. 3306");
      expect(() => new PipelineTriggerOperator(c, 'b', { image: V039, crossDatacenterLeaderElection: mysql(c, { host: 'mysql:3306' }) })).toThrow(
        "operators/b: crossDatacenterLeaderElection.host 'mysql:3306' is not a host name. Give a host such as 'mysql.db.svc.cluster.local'");
      expect(() => new PipelineTriggerOperator(c, 'c', { image: V039, crossDatacenterLeaderElection: mysql(c, { username: '' }) })).toThrow(
        "operators/c: crossDatacenterLeaderElection.username '' is empty. Give the MySQL user");
      expect(() => new PipelineTriggerOperator(c, 'd', { image: V039, crossDatacenterLeaderElection: mysql(c, { passwordKey: 'pass word' }) })).toThrow(
        "operators/d: crossDatacenterLeaderElection.passwordKey 'pass word' is not a Secret key. Use letters, digits, '-', '_' and '.'");
    });
    test('cross-datacenter leader election with a version that has no --cross-dc-leader-elect', () => {
      const c = chart();
      expect(() => new PipelineTriggerOperator(c, 'pto', { crossDatacenterLeaderElection: mysql(c) })).toThrow(
        `operators/pto: crossDatacenterLeaderElection '${PipelineTriggerOperator.DEFAULT_IMAGE}' needs the flag --cross-dc-leader-elect, which pipeline-trigger-operator v0.5.0 does not have `
        + '(it exits at start; the flag exists up to v0.3.9). Remove crossDatacenterLeaderElection, or run an operator image of v0.3.9 or earlier');
    });
    test('a namespace that is not a DNS label', () => {
      expect(() => install({ namespace: 'Ops' })).toThrow(/operators\/pto: namespace 'Ops' is not a DNS-1123 label/);
    });
  });
});

describe('PipelineTriggerOperator under the restricted Pod Security Standard', () => {
  test('its Deployment meets the restricted profile and sets its resources', () => {
    const { objects } = install();
    const manifests = objects.map((object, index) => ({ file: 'operators', index, object }));
    expect(formatFindings(podSecurityFindings(manifests))).toEqual([]);
  });
});

describe('PipelineTriggerOperator RBAC', () => {
  test('its ClusterRole and leader-election Role grant only what the manager calls', () => {
    const { objects } = install();
    expect(rbacFindings(objects.map((object, index) => ({ file: 'operators', index, object })))).toEqual([]);
  });
});
