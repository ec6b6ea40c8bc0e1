import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * The ClusterRole Tekton Triggers installs for the namespaced needs of an EventListener: read its own
 * Triggers objects and ConfigMaps, `create` `tekton.dev` PipelineRuns and TaskRuns (what its templates make),
 * impersonate ServiceAccounts (for triggers with their own) and record events.
 */
export const LISTENER_ROLE = 'tekton-triggers-eventlistener-roles';

/**
 * The ClusterRole Tekton Triggers installs for the cluster-wide needs of an EventListener: read
 * ClusterTriggerBindings and ClusterInterceptors, and Secrets for the interceptors (the GitHub webhook secret).
 */
export const LISTENER_CLUSTER_ROLE = 'tekton-triggers-eventlistener-clusterroles';

/** What `tekton-triggers-eventlistener-roles` lets an EventListener create, as `<group>/<Kind>`. */
export const LISTENER_CREATABLE_KINDS: readonly string[] = ['tekton.dev/PipelineRun', 'tekton.dev/TaskRun'];

const RBAC = 'rbac.authorization.k8s.io/v1';

interface Subject { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string }

/**
 * The least-privilege RBAC of one EventListener: a RoleBinding of its ServiceAccount to
 * {@link LISTENER_ROLE} in its namespace and a ClusterRoleBinding to {@link LISTENER_CLUSTER_ROLE}; never
 * cluster-admin. Triggers that run as their own ServiceAccount get a Role that may only create PipelineRuns.
 */
export class ListenerRbac extends Construct {
  private readonly triggerAccounts = new Set<string>();
  private triggerBinding?: ApiObject;

  /** Binds `serviceAccountName` of the listener `listenerName` in `namespace`. */
  constructor(scope: Construct, id: string, private readonly listenerName: string, private readonly namespace: string,
    private readonly serviceAccountName: string) {
    super(scope, id);
    const subjects = [this.subject(serviceAccountName)];
    new ApiObject(this, 'RoleBinding', {
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name: `el-${listenerName}`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: LISTENER_ROLE },
      subjects,
    });
    const crb = new ApiObject(this, 'ClusterRoleBinding', {
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      // Cluster-scoped: the namespace in the name keeps listeners of the same name in two namespaces apart.
      metadata: { name: `el-${listenerName}-${namespace}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: LISTENER_CLUSTER_ROLE },
      subjects,
    });
    if (crb.metadata.namespace) crb.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }

  /** Lets a trigger's own ServiceAccount create PipelineRuns in the listener's namespace. */
  public addTriggerServiceAccount(name: string): void {
    if (name === this.serviceAccountName) return;
    this.triggerAccounts.add(name);
    if (this.triggerBinding) return;
    const roleName = `el-${this.listenerName}-trigger-runs`;
    new ApiObject(this, 'TriggerRole', {
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: roleName, namespace: this.namespace },
      rules: [{ apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: ['create'] }],
    });
    this.triggerBinding = new ApiObject(this, 'TriggerRoleBinding', {
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name: roleName, namespace: this.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: Lazy.any({ produce: () => [...this.triggerAccounts].sort().map(n => this.subject(n)) }),
    });
  }

  private subject(name: string): Subject {
    return { kind: 'ServiceAccount', name, namespace: this.namespace };
  }
}
