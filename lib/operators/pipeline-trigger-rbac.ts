/** One RBAC rule. */
export interface PolicyRule {
  /** API groups of the resources ('' for the core group). */
  readonly apiGroups: string[];
  /** Resources (plural names, with '/status' for a subresource). */
  readonly resources: string[];
  /** Verbs allowed on them. */
  readonly verbs: string[];
}

const READ = ['get', 'list', 'watch'];
const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * What the operator's manager (v0.5.0) calls, cluster-wide: its manager caches every namespace (cmd/main.go
 * passes no namespace to `ctrl.NewManager`), so reads must be cluster-wide. Narrowed from the kubebuilder
 * markers of internal/controller/pipelinetrigger_controller.go to what the code does: it reads
 * PipelineTriggers and server-side-applies their status (`r.Status().Patch(..., client.Apply, ...)`), creates
 * PipelineRuns owned by them (api/v1alpha1/pipelinetrigger_types.go `tektonClient.Create`; setting an owner
 * reference that blocks deletion needs `update` on `pipelinetriggers/finalizers`), only reads Pipelines, and
 * records Events. It never updates or deletes PipelineTriggers or PipelineRuns.
 */
export function operatorRbacRules(): PolicyRule[] {
  return [
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pipelinetriggers'], verbs: READ },
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pipelinetriggers/status'], verbs: ['get', 'patch'] },
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pipelinetriggers/finalizers'], verbs: ['update'] },
    // The manager watches PullRequests (pullrequest-operator) whether or not a trigger uses one.
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pullrequests', 'pullrequests/status'], verbs: READ },
    { apiGroups: ['source.toolkit.fluxcd.io'], resources: ['gitrepositories', 'gitrepositories/status'], verbs: READ },
    { apiGroups: ['image.toolkit.fluxcd.io'], resources: ['imagepolicies', 'imagepolicies/status'], verbs: READ },
    { apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: [...READ, 'create'] },
    { apiGroups: ['tekton.dev'], resources: ['pipelines'], verbs: READ },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

/** What controller-runtime's leader election uses in the operator's namespace. */
export const LEADER_ELECTION_RULES: PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ALL },
  // Older controller-runtime releases lock on a ConfigMap.
  { apiGroups: [''], resources: ['configmaps'], verbs: ALL },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
];
