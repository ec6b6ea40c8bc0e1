import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { RbacFor, rbacLabels } from '../core/rbac';

/**
 * What an EventListener may create from its templates, as `<group>/<Kind>`: Tekton runs. Its Role grants
 * `create` on the kinds its templates make, among these (both when a template's kinds are not known).
 */
export const LISTENER_CREATABLE_KINDS: readonly string[] = ['tekton.dev/PipelineRun', 'tekton.dev/TaskRun'];

const RBAC = 'rbac.authorization.k8s.io/v1';
const RESOURCE_OF: { [kind: string]: string } = { 'tekton.dev/PipelineRun': 'pipelineruns', 'tekton.dev/TaskRun': 'taskruns' };

interface Subject { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string }

/**
 * The least-privilege RBAC of one EventListener, written from what the listener's process calls rather than
 * bound to Triggers' ClusterRoles (whose `tekton-triggers-eventlistener-clusterroles` reads Secrets in every
 * namespace, which the listener never does):
 *
 * - a Role in its namespace: read EventListeners, Triggers, TriggerBindings, TriggerTemplates and
 *   Interceptors (the sink's informers, scoped to its namespace when it serves one: tektoncd/triggers v0.37.0
 *   cmd/eventlistenersink/main.go `injection.WithNamespaceScope`, pkg/adapter/adapter.go); read ConfigMaps
 *   (kept from upstream's `tekton-triggers-eventlistener-roles`: the sink runs knative's adapter main,
 *   `evadapter.MainWithContext`, which can watch its logging and observability ConfigMaps); record Events
 *   (pkg/adapter/adapter.go's event broadcaster); `create` the
 *   kinds its templates make; `impersonate` only the ServiceAccounts its triggers name (pkg/sink/auth_override.go);
 * - a ClusterRole to read ClusterTriggerBindings and ClusterInterceptors, which are cluster-scoped
 *   (pkg/adapter/adapter.go lists ClusterInterceptors for their CA bundles).
 *
 * No Secret: the GitHub interceptor that checks the webhook signature runs in Triggers' core-interceptors
 * Deployment, which reads the Secret from the EventListener's namespace with its own ClusterRole
 * (pkg/interceptors/github/github.go `SecretGetter.Get(ctx, ns, ...)`, config/200-clusterrole.yaml
 * `tekton-triggers-core-interceptors`).
 *
 * @see https://tekton.dev/docs/triggers/eventlisteners/#specifying-the-kubernetes-service-account
 */
export class ListenerRbac extends Construct {
  private readonly triggerAccounts = new Set<string>();
  private triggerBinding?: ApiObject;

  /**
   * Binds `serviceAccountName` of the listener `listenerName` in `namespace`; `createdKinds` gives, at synth,
   * the kinds its templates create.
   */
  constructor(scope: Construct, id: string, private readonly listenerName: string, private readonly namespace: string,
    private readonly serviceAccountName: string, createdKinds: () => readonly string[]) {
    super(scope, id);
    const subjects = [this.subject(serviceAccountName)];
    const name = `el-${listenerName}`;
    new ApiObject(this, 'Role', {
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name, namespace, labels: rbacLabels(RbacFor.EVENT_LISTENER) },
      rules: Lazy.any({ produce: () => this.rules(createdKinds()) }),
    });
    new ApiObject(this, 'RoleBinding', {
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects,
    });
    // Cluster-scoped: the namespace in the name keeps listeners of the same name in two namespaces apart.
    const clusterName = `el-${listenerName}-${namespace}`;
    const clusterRole = new ApiObject(this, 'ClusterRole', {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: clusterName, labels: rbacLabels(RbacFor.EVENT_LISTENER_CLUSTER) },
      rules: [{ apiGroups: ['triggers.tekton.dev'], resources: ['clustertriggerbindings', 'clusterinterceptors'], verbs: ['get', 'list', 'watch'] }],
    });
    const crb = new ApiObject(this, 'ClusterRoleBinding', {
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: clusterName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects,
    });
    for (const o of [clusterRole, crb]) if (o.metadata.namespace) o.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }

  /** Lets a trigger's own ServiceAccount create PipelineRuns in the listener's namespace, and the listener impersonate it. */
  public addTriggerServiceAccount(name: string): void {
    if (name === this.serviceAccountName) return;
    this.triggerAccounts.add(name);
    if (this.triggerBinding) return;
    const roleName = `el-${this.listenerName}-trigger-runs`;
    new ApiObject(this, 'TriggerRole', {
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: roleName, namespace: this.namespace, labels: rbacLabels(RbacFor.TRIGGER_RUNNER) },
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

  private rules(createdKinds: readonly string[]): unknown[] {
    const created = [...new Set(createdKinds.filter(k => RESOURCE_OF[k]).map(k => RESOURCE_OF[k]))].sort();
    return [
      { apiGroups: ['triggers.tekton.dev'], resources: ['eventlisteners', 'interceptors', 'triggerbindings', 'triggers', 'triggertemplates'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      ...(created.length ? [{ apiGroups: ['tekton.dev'], resources: created, verbs: ['create'] }] : []),
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ...(this.triggerAccounts.size ? [{ apiGroups: [''], resources: ['serviceaccounts'], resourceNames: [...this.triggerAccounts].sort(), verbs: ['impersonate'] }] : []),
    ];
  }

  private subject(name: string): Subject {
    return { kind: 'ServiceAccount', name, namespace: this.namespace };
  }
}
