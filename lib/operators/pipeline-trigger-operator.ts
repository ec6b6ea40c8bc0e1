import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { atLeast } from '../core/versions';
import { fail } from '../core/errors';
import { needsApiGroups } from '../core/api-needs';
import { clusterScoped } from '../core/cluster-scoped';
import { freeId, requireKind, requireReadable } from '../core/guards';
import { checkPinnedImage } from '../core/image-reference';
import { RbacFor, rbacLabels } from '../core/rbac';
import { NameFormat, validateName } from '../core/names';
import { operatorRbacRules, LEADER_ELECTION_RULES, PolicyRule } from './pipeline-trigger-rbac';

/**
 * Cross-datacenter leader election: of several clusters running the operator, only the one holding a lock in
 * a MySQL database works. The operator reads the settings from the environment variables `username`,
 * `password`, `address`, `plaintext_connection_allowed` and `ha_enabled` (the keys of Vault's MySQL storage
 * backend, which it uses for the lock); it passes no database or table setting, so the lock lives in Vault's
 * default database `vault`.
 */
export interface MySqlLeaderElection {
  /** MySQL host name. */
  readonly host: string;

  /**
   * MySQL port.
   * @default 3306
   */
  readonly port?: number;

  /** MySQL user. */
  readonly username: string;

  /** The Secret holding the MySQL password: it only reaches the pod as a `secretKeyRef`. */
  readonly passwordSecret: kplus.ISecret;

  /**
   * The key of the password in `passwordSecret`.
   * @default 'password'
   */
  readonly passwordKey?: string;

  /**
   * Allow an unencrypted connection to MySQL.
   * @default false
   */
  readonly plaintextConnectionAllowed?: boolean;
}

/** Props for {@link PipelineTriggerOperator}. */
export interface PipelineTriggerOperatorProps {
  /**
   * Prefix of the objects' names: `<name>-controller-manager` (Deployment, ServiceAccount), `<name>-manager-role`...
   * @default 'pipeline-trigger-operator'
   */
  readonly name?: string;

  /**
   * Namespace the operator runs in.
   * @default 'pipeline-trigger-operator-system'
   */
  readonly namespace?: string;

  /**
   * Also create the Namespace.
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * The operator image, pinned by a tag other than `latest` or by digest.
   * @default PipelineTriggerOperator.DEFAULT_IMAGE
   */
  readonly image?: string;

  /**
   * Replicas of the manager; more than one needs leader election.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Leader election within the cluster (`--leader-elect`, a Lease in the operator's namespace).
   * @default true
   */
  readonly leaderElection?: boolean;

  /**
   * Leader election across clusters through a MySQL lock (`--cross-dc-leader-elect`).
   * @default - none
   */
  readonly crossDatacenterLeaderElection?: MySqlLeaderElection;
}

/**
 * Installs the jquad-group pipeline-trigger-operator's manager: a restricted Deployment, ServiceAccount, a
 * ClusterRole with what the controller calls (read PipelineTriggers and apply their status, read Flux
 * GitRepositories and ImagePolicies and the pullrequest-operator's PullRequests, read Pipelines, read and create
 * PipelineRuns, record Events: see `lib/operators/pipeline-trigger-rbac.ts`) and a Role for leader election (Leases).
 *
 * The CRDs are not rendered: install the PipelineTrigger CRD of the release you run (and the PullRequest
 * CRD, which the manager watches even when no trigger uses it) from the operator's release manifest.
 *
 * @see https://github.com/jquad-group/pipeline-trigger-operator
 * @example
 * new PipelineTriggerOperator(chart, 'pto', {
 *   crossDatacenterLeaderElection: {
 *     host: 'mysql.db.svc', username: 'pto',
 *     passwordSecret: kplus.Secret.fromSecretName(chart, 'mysql', 'pto-mysql'),
 *   },
 * });
 */
export class PipelineTriggerOperator extends Construct {
  /**
   * The default image (operator v0.5.0). The project publishes under `ghcr.io/jquad-group`; check the tag
   * against its releases and pin by digest where you can.
   */
  public static readonly DEFAULT_IMAGE = 'ghcr.io/jquad-group/pipeline-trigger-operator:v0.5.0';

  /** The namespace the operator runs in. */
  public readonly namespace: string;
  /** The manager's image. */
  public readonly image: string;
  /** The manager's ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The manager's Deployment. */
  public readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, props: PipelineTriggerOperatorProps = {}) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    const prefix = validateName(this, 'name', props.name ?? 'pipeline-trigger-operator', { format: NameFormat.LABEL, maxLength: 44 });
    this.namespace = validateName(this, 'namespace', props.namespace ?? 'pipeline-trigger-operator-system', { format: NameFormat.LABEL });
    const image = props.image ?? PipelineTriggerOperator.DEFAULT_IMAGE;
    this.image = image;
    const unpinned = checkPinnedImage(image);
    if (unpinned) fail(this, 'image', image, unpinned, 'Pin it by a release tag (e.g. :v0.5.0) or by digest (@sha256:...)');
    const replicas = props.replicas ?? 1;
    const leaderElection = props.leaderElection ?? true;
    if (!Number.isInteger(replicas) || replicas < 1) fail(this, 'replicas', replicas, 'is not a whole number of at least 1', 'Use 1, or more with leader election');
    if (replicas > 1 && !leaderElection) {
      fail(this, 'replicas', replicas, 'is more than 1 without leader election: every replica would start the same PipelineRuns', 'Set leaderElection: true, or use 1 replica');
    }
    const manager = `${prefix}-controller-manager`;

    if (props.createNamespace ?? true) {
      clusterScoped(new kplus.k8s.KubeNamespace(this, 'Namespace', { metadata: { name: this.namespace } }));
    }
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: { name: manager, namespace: this.namespace }, automountToken: true });
    const clusterRole = new kplus.ClusterRole(this, 'ClusterRole', {
      metadata: { name: `${prefix}-manager-role`, labels: rbacLabels(RbacFor.PIPELINE_TRIGGER_OPERATOR) },
    });
    allowRules(clusterRole, operatorRbacRules());
    const clusterBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', { metadata: { name: `${prefix}-manager-rolebinding` }, role: clusterRole });
    clusterBinding.addSubjects(this.serviceAccount);
    for (const o of [clusterRole, clusterBinding]) clusterScoped(ApiObject.of(o));
    if (leaderElection) {
      const role = new kplus.Role(this, 'Role', {
        metadata: { name: `${prefix}-leader-election-role`, namespace: this.namespace, labels: rbacLabels(RbacFor.PIPELINE_TRIGGER_OPERATOR_LEADER_ELECTION) },
      });
      allowRules(role, LEADER_ELECTION_RULES);
      // Not role.bind(): it names the binding after its construct path (cdk8s-plus src/role.ts).
      new kplus.RoleBinding(this, 'RoleBinding', { metadata: { name: `${prefix}-leader-election-rolebinding`, namespace: this.namespace }, role })
        .addSubjects(this.serviceAccount);
    }

    const args = [...(leaderElection ? ['--leader-elect'] : []), '--health-probe-bind-address=:8081'];
    const env: { [name: string]: kplus.EnvValue } = {};
    const mysql = props.crossDatacenterLeaderElection;
    const version = /:(v?\d+\.\d+\.\d+)$/.exec(image)?.[1];
    if (mysql && version && atLeast(version, 'v0.4.0')) {
      // v0.3.9's cmd/main.go defines --cross-dc-leader-elect; v0.5.0's has only --second-cluster*, and Go's flag
      // package exits on an unknown flag, so the manager would never start.
      fail(this, 'crossDatacenterLeaderElection', `${image}`, `needs the flag --cross-dc-leader-elect, which pipeline-trigger-operator ${version} does not have (it exits at start; the flag exists up to v0.3.9)`,
        'Remove crossDatacenterLeaderElection, or run an operator image of v0.3.9 or earlier');
    }
    if (mysql) {
      args.push('--cross-dc-leader-elect');
      Object.assign(env, this.mysqlEnv(mysql));
    }
    // A selector of our own: cdk8s-plus' default one contains the construct path, and a Deployment's
    // selector cannot change, so moving the construct would break the next sync.
    const labels = { 'app.kubernetes.io/name': prefix, 'control-plane': 'controller-manager' };
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: manager, namespace: this.namespace, labels },
      podMetadata: { labels },
      select: false,
      replicas,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      terminationGracePeriod: Duration.seconds(10),
      containers: [{
        name: 'manager',
        image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/manager'],
        args,
        ...(Object.keys(env).length ? { envVariables: env } : {}),
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8081, initialDelaySeconds: Duration.seconds(15), periodSeconds: Duration.seconds(20) }),
        readiness: kplus.Probe.fromHttpGet('/readyz', { port: 8081, initialDelaySeconds: Duration.seconds(5), periodSeconds: Duration.seconds(10) }),
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
        securityContext: { ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
      }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels }));
    // The manager watches PipelineTriggers, PullRequests, Flux GitRepositories and ImagePolicies and PipelineRuns
    // (internal/controller/pipelinetrigger_controller.go, SetupWithManager): it cannot start without their CRDs.
    needsApiGroups(ApiObject.of(this.deployment), () => ['pipeline.jquad.rocks', 'source.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io', 'tekton.dev']);
    // The restricted profile's fields cdk8s-plus has no props for: RuntimeDefault seccomp for the pod, and no
    // capabilities (the manager only talks to the API server).
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  }

  private mysqlEnv(m: MySqlLeaderElection): { [name: string]: kplus.EnvValue } {
    const field = 'crossDatacenterLeaderElection';
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(m.host)) fail(this, `${field}.host`, m.host, 'is not a host name', 'Give a host such as \'mysql.db.svc.cluster.local\'');
    const port = m.port ?? 3306;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(this, `${field}.port`, port, 'is not a TCP port', 'Use a port from 1 to 65535, e.g. 3306');
    if (!m.username.trim()) fail(this, `${field}.username`, m.username, 'is empty', 'Give the MySQL user');
    requireKind(this, `${field}.passwordSecret`, m.passwordSecret, (x: any) => typeof x.name === 'string' && x.name.length > 0,
      'a Secret (cdk8s-plus ISecret)', 'Keep the password in a Secret and pass it: passwordSecret: kplus.Secret.fromSecretName(chart, \'mysql\', \'pto-mysql\')');
    const key = m.passwordKey ?? 'password';
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) fail(this, `${field}.passwordKey`, key, 'is not a Secret key', 'Use letters, digits, \'-\', \'_\' and \'.\'');
    return {
      username: kplus.EnvValue.fromValue(m.username),
      password: kplus.EnvValue.fromSecretValue({ secret: m.passwordSecret, key }),
      address: kplus.EnvValue.fromValue(`${m.host}:${port}`),
      plaintext_connection_allowed: kplus.EnvValue.fromValue(String(m.plaintextConnectionAllowed ?? false)),
      ha_enabled: kplus.EnvValue.fromValue('true'),
    };
  }
}

/**
 * Grants `rules` on `role`: the operator's kinds are CRDs, which cdk8s-plus names with `ApiResource.custom`
 * (one rule per resource when rendered).
 */
function allowRules(role: { allow(verbs: string[], ...resources: kplus.ApiResource[]): void }, rules: readonly PolicyRule[]): void {
  for (const rule of rules) {
    role.allow(rule.verbs, ...rule.apiGroups.flatMap(apiGroup => rule.resources.map(resourceType => kplus.ApiResource.custom({ apiGroup, resourceType }))));
  }
}
