// Every Role and ClusterRole we render, held to an allow-list of what its controller calls, written from the
// controllers' sources (cited per entry); a grant wider than this fails, as does a role whose owner is unknown.
import { RBAC_FOR_LABEL, RbacFor } from '../../lib/core/rbac';
import { describeObject, Manifest } from './manifests';

type Allowed = { [groupAndResource: string]: string[] };
interface AllowEntry {
  readonly kind: 'Role' | 'ClusterRole';
  readonly allowed: Allowed;
  /** `<group>/<resource>` whose rules must name the objects (resourceNames). */
  readonly namedOnly?: string[];
}

const READ = ['get', 'list', 'watch'];
const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** What each controller may do, by the value of its roles' {@link RBAC_FOR_LABEL}. */
export const RBAC_ALLOW_LIST: { [who in RbacFor]: AllowEntry } = {
  // tektoncd/triggers v0.37.0: cmd/eventlistenersink/main.go (informers scoped to the listener's namespace),
  // pkg/adapter/adapter.go (listers, event broadcaster), pkg/sink/auth_override.go (impersonation), and the
  // kinds its templates create.
  [RbacFor.EVENT_LISTENER]: {
    kind: 'Role',
    allowed: {
      'triggers.tekton.dev/eventlisteners': READ, 'triggers.tekton.dev/interceptors': READ, 'triggers.tekton.dev/triggerbindings': READ,
      'triggers.tekton.dev/triggers': READ, 'triggers.tekton.dev/triggertemplates': READ, '/configmaps': READ,
      'tekton.dev/pipelineruns': ['create'], 'tekton.dev/taskruns': ['create'], '/events': ['create', 'patch'], '/serviceaccounts': ['impersonate'],
    },
    namedOnly: ['/serviceaccounts'],
  },
  // pkg/adapter/adapter.go: ClusterInterceptor and ClusterTriggerBinding listers (cluster-scoped kinds).
  [RbacFor.EVENT_LISTENER_CLUSTER]: {
    kind: 'ClusterRole',
    allowed: { 'triggers.tekton.dev/clustertriggerbindings': READ, 'triggers.tekton.dev/clusterinterceptors': READ },
  },
  [RbacFor.TRIGGER_RUNNER]: { kind: 'Role', allowed: { 'tekton.dev/pipelineruns': ['create'] } },
  // pvtl-dnoguerol/kpush: listClusterCustomObject of ImageDeploys and Images, with watch=true in watch/*.java.
  [RbacFor.KPUSH]: {
    kind: 'ClusterRole',
    allowed: { 'crd.whizzosoftware.com/imagedeploys': ['list', 'watch'], 'kpack.io/images': ['list', 'watch'], 'build.pivotal.io/images': ['list', 'watch'] },
  },
  // kpush manager/k8s/K8SDeploymentManager.java: listNamespacedDeployment, createNamespacedDeployment, patchNamespacedDeployment.
  [RbacFor.KPUSH_DEPLOYMENTS]: { kind: 'Role', allowed: { 'apps/deployments': ['create', 'list', 'patch'] } },
  // jquad-group/pipeline-trigger-operator v0.5.0: cmd/main.go (a manager caching every namespace),
  // internal/controller/pipelinetrigger_controller.go (status server-side apply, events),
  // api/v1alpha1/pipelinetrigger_types.go (creates PipelineRuns).
  [RbacFor.PIPELINE_TRIGGER_OPERATOR]: {
    kind: 'ClusterRole',
    allowed: {
      'pipeline.jquad.rocks/pipelinetriggers': READ, 'pipeline.jquad.rocks/pipelinetriggers/status': ['get', 'patch'],
      'pipeline.jquad.rocks/pipelinetriggers/finalizers': ['update'], 'pipeline.jquad.rocks/pullrequests': READ, 'pipeline.jquad.rocks/pullrequests/status': READ,
      'source.toolkit.fluxcd.io/gitrepositories': READ, 'source.toolkit.fluxcd.io/gitrepositories/status': READ,
      'image.toolkit.fluxcd.io/imagepolicies': READ, 'image.toolkit.fluxcd.io/imagepolicies/status': READ,
      'tekton.dev/pipelineruns': [...READ, 'create'], 'tekton.dev/pipelines': READ, '/events': ['create', 'patch'],
    },
  },
  // controller-runtime leader election: a Lease (a ConfigMap in older releases) and Events, in its namespace.
  [RbacFor.PIPELINE_TRIGGER_OPERATOR_LEADER_ELECTION]: {
    kind: 'Role',
    allowed: { 'coordination.k8s.io/leases': ALL, '/configmaps': ALL, '/events': ['create', 'patch'] },
  },
};

/** Every grant in `manifests` outside the allow-list, and every binding to a role not rendered beside it. */
export function rbacFindings(manifests: Manifest[]): string[] {
  const out: string[] = [];
  const roles = new Set<string>();
  for (const { file, object: o } of manifests.filter(m => m.object.apiVersion === 'rbac.authorization.k8s.io/v1')) {
    const at = `${file} ${describeObject(o)}`;
    if (o.kind === 'Role' || o.kind === 'ClusterRole') {
      roles.add(`${o.kind}/${o.kind === 'Role' ? o.metadata?.namespace : ''}/${o.metadata?.name}`);
      const who = o.metadata?.labels?.[RBAC_FOR_LABEL] as RbacFor | undefined;
      const entry = who && RBAC_ALLOW_LIST[who];
      if (!entry) {
        out.push(`${at}: label ${RBAC_FOR_LABEL} '${who}' names no controller of the allow-list`);
        continue;
      }
      if (entry.kind !== o.kind) out.push(`${at}: is a ${o.kind}, but ${who} is granted only by a ${entry.kind}`);
      if (o.aggregationRule) out.push(`${at}: aggregates other roles`);
      (o.rules ?? []).forEach((r: any, i: number) => {
        if (r.nonResourceURLs) out.push(`${at} rules[${i}]: grants nonResourceURLs`);
        for (const group of r.apiGroups ?? []) {
          for (const resource of r.resources ?? []) {
            const key = `${group}/${resource}`;
            const verbs = entry.allowed[key];
            if (!verbs) {
              out.push(`${at} rules[${i}]: ${key} is not needed by ${who}`);
              continue;
            }
            const extra = (r.verbs ?? []).filter((v: string) => !verbs.includes(v));
            if (extra.length) out.push(`${at} rules[${i}]: ${key} verbs ${extra.join(', ')} are not needed by ${who}`);
            if (entry.namedOnly?.includes(key) && !(r.resourceNames ?? []).length) out.push(`${at} rules[${i}]: ${key} is granted for every object, not only the named ones`);
          }
        }
      });
    }
  }
  for (const { file, object: o } of manifests.filter(m => m.object.kind === 'RoleBinding' || m.object.kind === 'ClusterRoleBinding')) {
    const ref = o.roleRef ?? {};
    const key = `${ref.kind}/${ref.kind === 'Role' ? o.metadata?.namespace : ''}/${ref.name}`;
    if (!roles.has(key)) out.push(`${file} ${describeObject(o)}: roleRef ${ref.kind} ${ref.name} is not a role of this output, so its grants are not checked`);
  }
  return out;
}

/**
 * What a Role or ClusterRole grants, one entry per API group, resource and named object, as
 * `group/resource[/name]: verbs`, in rule order. Whether the rules group resources (as a hand-written role
 * does) or give each its own rule (as cdk8s-plus renders them) does not change the entries.
 */
export function grants(role: any): string[] {
  return (role.rules ?? []).flatMap((r: any) => (r.apiGroups ?? []).flatMap((group: string) => (r.resources ?? []).flatMap((resource: string) =>
    ((r.resourceNames ?? []).length ? r.resourceNames : ['']).map((name: string) => `${group}/${resource}${name ? `/${name}` : ''}: ${r.verbs.join(',')}`))));
}
