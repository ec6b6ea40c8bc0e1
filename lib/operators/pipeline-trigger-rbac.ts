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
 * What the operator's manager uses, cluster-wide (from its controller's kubebuilder RBAC markers, narrowed
 * to what the code does: it only reads Pipelines, to check the referenced one exists).
 */
export function operatorRbacRules(): PolicyRule[] {
  return [
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pipelinetriggers'], verbs: ALL },
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pipelinetriggers/status'], verbs: ['get', 'update', 'patch'] },
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pipelinetriggers/finalizers'], verbs: ['update'] },
    // The manager watches PullRequests (pullrequest-operator) whether or not a trigger uses one.
    { apiGroups: ['pipeline.jquad.rocks'], resources: ['pullrequests', 'pullrequests/status'], verbs: READ },
    { apiGroups: ['source.toolkit.fluxcd.io'], resources: ['gitrepositories', 'gitrepositories/status'], verbs: READ },
    { apiGroups: ['image.toolkit.fluxcd.io'], resources: ['imagepolicies', 'imagepolicies/status'], verbs: READ },
    { apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: ['tekton.dev'], resources: ['pipelines'], verbs: READ },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
  ];
}

/** What controller-runtime's leader election uses in the operator's namespace. */
export const LEADER_ELECTION_RULES: PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ALL },
  // Older controller-runtime releases lock on a ConfigMap.
  { apiGroups: [''], resources: ['configmaps'], verbs: ALL },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
];
