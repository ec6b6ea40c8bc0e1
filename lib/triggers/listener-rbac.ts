import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { clusterScoped } from '../core/cluster-scoped';
import { RbacFor, rbacLabels } from '../core/rbac';

/**
 * What an EventListener may create from its templates, as `<group>/<Kind>`: Tekton runs. Its Role grants
 * `create` on the kinds its templates make, among these (both when a template's kinds are not known).
 */
export const LISTENER_CREATABLE_KINDS: readonly string[] = ['tekton.dev/PipelineRun', 'tekton.dev/TaskRun'];

// Triggers' and Tekton's kinds are CRDs, which cdk8s-plus has no ApiResource constant for.
const triggers = (resourceType: string) => kplus.ApiResource.custom({ apiGroup: 'triggers.tekton.dev', resourceType });
const PIPELINE_RUNS = kplus.ApiResource.custom({ apiGroup: 'tekton.dev', resourceType: 'pipelineruns' });
const RESOURCE_OF = new Map<string, kplus.ApiResource>([
  ['tekton.dev/PipelineRun', PIPELINE_RUNS],
  ['tekton.dev/TaskRun', kplus.ApiResource.custom({ apiGroup: 'tekton.dev', resourceType: 'taskruns' })],
]);

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
 * - the reads of ClusterTriggerBindings and ClusterInterceptors, which are cluster-scoped: a ClusterRole and
 *   ClusterRoleBinding of its own, or a {@link ListenerClusterAccess} shared by many listeners.
 *
 * No Secret: the GitHub interceptor that checks the webhook signature runs in Triggers' core-interceptors
 * Deployment, which reads the Secret from the EventListener's namespace with its own ClusterRole
 * (pkg/interceptors/github/github.go `SecretGetter.Get(ctx, ns, ...)`, config/200-clusterrole.yaml
 * `tekton-triggers-core-interceptors`).
 *
 * The roles are cdk8s-plus `Role`s and `ClusterRole`s, which render one rule per resource
 * (cdk8s-team/cdk8s-plus, cdk8s-plus-27/v2.9.5, src/role.ts `synthesizeRules`). The bindings are
 * `RoleBinding`s and `ClusterRoleBinding`s built directly rather than with `bind()`, which names a binding
 * after its construct path; the names here are stable and explicit.
 *
 * @see https://tekton.dev/docs/triggers/eventlisteners/#specifying-the-kubernetes-service-account
 */
export class ListenerRbac extends Construct {
  private readonly role: kplus.Role;
  private readonly createdKinds = new Set<string>();
  private readonly triggerAccounts = new Set<string>();
  private triggerBinding?: kplus.RoleBinding;

  /**
   * Binds `serviceAccountName` of the listener `listenerName` in `namespace`. The subject is the
   * ServiceAccount of that name in the listener's namespace, whatever namespace an imported ServiceAccount
   * names: the listener's pod runs there, and a pod can only run as a ServiceAccount of its own namespace.
   */
  constructor(scope: Construct, id: string, private readonly listenerName: string, private readonly namespace: string,
    private readonly serviceAccountName: string, clusterAccess?: ListenerClusterAccess) {
    super(scope, id);
    const subject = this.subject(serviceAccountName);
    const name = `el-${listenerName}`;
    this.role = new kplus.Role(this, 'Role', { metadata: { name, namespace, labels: rbacLabels(RbacFor.EVENT_LISTENER) } });
    this.role.allowRead(...['eventlisteners', 'interceptors', 'triggerbindings', 'triggers', 'triggertemplates'].map(triggers));
    this.role.allowRead(kplus.ApiResource.CONFIG_MAPS);
    this.role.allow(['create', 'patch'], kplus.ApiResource.EVENTS);
    new kplus.RoleBinding(this, 'RoleBinding', { metadata: { name, namespace }, role: this.role }).addSubjects(subject);

    if (clusterAccess) {
      clusterAccess.addListener(subject);
    } else {
      // Cluster-scoped: the namespace in the name keeps listeners of the same name in two namespaces apart.
      new ListenerClusterAccess(this, 'Cluster', { name: `el-${listenerName}-${namespace}` }).addListener(subject);
    }
  }

  /**
   * Lets the listener create what a trigger's template makes: `kinds` as `<group>/<Kind>`; kinds outside
   * {@link LISTENER_CREATABLE_KINDS} are left to the trigger checks, which report them.
   */
  public addCreatedKinds(kinds: readonly string[]): void {
    for (const kind of kinds) {
      const resource = RESOURCE_OF.get(kind);
      if (!resource || this.createdKinds.has(kind)) continue;
      this.createdKinds.add(kind);
      this.role.allowCreate(resource);
    }
  }

  /** Lets a trigger's own ServiceAccount create PipelineRuns in the listener's namespace, and the listener impersonate it. */
  public addTriggerServiceAccount(name: string): void {
    if (name === this.serviceAccountName || this.triggerAccounts.has(name)) return;
    this.triggerAccounts.add(name);
    const account = this.subject(name);
    // The ServiceAccount is a resource with a name, so the rule names it (resourceNames).
    this.role.allow(['impersonate'], account);
    if (!this.triggerBinding) {
      const roleName = `el-${this.listenerName}-trigger-runs`;
      const runs = new kplus.Role(this, 'TriggerRole', { metadata: { name: roleName, namespace: this.namespace, labels: rbacLabels(RbacFor.TRIGGER_RUNNER) } });
      runs.allowCreate(PIPELINE_RUNS);
      this.triggerBinding = new kplus.RoleBinding(this, 'TriggerRoleBinding', { metadata: { name: roleName, namespace: this.namespace }, role: runs });
    }
    this.triggerBinding.addSubjects(account);
  }

  private subject(name: string): kplus.IServiceAccount {
    return kplus.ServiceAccount.fromServiceAccountName(this, `Subject-${name}`, name, { namespaceName: this.namespace });
  }
}

/** Props of {@link ListenerClusterAccess}. */
export interface ListenerClusterAccessProps {
  /** Name of the ClusterRole and of its ClusterRoleBinding. */
  readonly name: string;
}

/**
 * The cluster-wide reads every EventListener needs, granted once for many: a ClusterRole that reads
 * ClusterTriggerBindings and ClusterInterceptors, and one ClusterRoleBinding whose subjects are the
 * listeners' ServiceAccounts. Each sink starts informers on both kinds, which are cluster-scoped, whatever
 * its triggers use (tektoncd/triggers v0.37.0 pkg/adapter/adapter.go: `clustertriggerbindingsinformer` and
 * `clusterinterceptorsinformer` in the sink's listers, the ClusterInterceptors listed for their CA bundles;
 * cmd/eventlistenersink/main.go scopes only the namespaced informers to the listener's namespace).
 *
 * Shared, the grant lives in one folder of whoever runs the platform, so a team's AppProject admits no
 * ClusterRole or ClusterRoleBinding for its listeners (see EventListener's `clusterAccess`).
 *
 * @see https://tekton.dev/docs/triggers/eventlisteners/#specifying-the-kubernetes-service-account
 * @example
 * const access = new ListenerClusterAccess(platformChart, 'listeners', { name: 'event-listener-reads' });
 * new EventListener(ciChart, 'github', { clusterAccess: access });
 */
export class ListenerClusterAccess extends Construct {
  private readonly binding: kplus.ClusterRoleBinding;
  private readonly subjects = new Set<string>();

  constructor(scope: Construct, id: string, props: ListenerClusterAccessProps) {
    super(scope, id);
    const role = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: props.name, labels: rbacLabels(RbacFor.EVENT_LISTENER_CLUSTER) } });
    role.allowRead(triggers('clustertriggerbindings'), triggers('clusterinterceptors'));
    this.binding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', { metadata: { name: props.name }, role });
    for (const o of [role, this.binding]) clusterScoped(ApiObject.of(o));
  }

  /** Grants the reads to a listener's ServiceAccount. */
  public addListener(serviceAccount: kplus.IServiceAccount): void {
    const subject = serviceAccount.toSubjectConfiguration();
    const key = `${subject.namespace}/${subject.name}`;
    if (this.subjects.has(key)) return;
    this.subjects.add(key);
    this.binding.addSubjects(serviceAccount);
  }
}
