/**
 * Kinds that are cluster-scoped (no `metadata.namespace`), by API group: the Kubernetes built-ins an ops
 * repository commits, and the cluster-scoped kinds of the CRDs this library emits (`scope: Cluster` in the
 * kpack, Tekton and Triggers CRDs). Argo CD checks a cluster-scoped object against its project's
 * `clusterResourceWhitelist` and a namespaced one against its `destinations`
 * (argo-cd `controller/sync.go`, `validateSyncPermissions`).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */
const CLUSTER_SCOPED: { readonly [group: string]: readonly string[] } = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'admissionregistration.k8s.io': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
    'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'],
  'scheduling.k8s.io': ['PriorityClass'],
  'node.k8s.io': ['RuntimeClass'],
  'networking.k8s.io': ['IngressClass'],
  'certificates.k8s.io': ['CertificateSigningRequest'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'kpack.io': ['ClusterBuildpack', 'ClusterLifecycle', 'ClusterStack', 'ClusterBuilder', 'ClusterStore'],
  'build.pivotal.io': ['ClusterBuilder'],
  'experimental.kpack.pivotal.io': ['Store', 'Stack', 'CustomClusterBuilder'],
  'triggers.tekton.dev': ['ClusterInterceptor', 'ClusterTriggerBinding'],
  'tekton.dev': ['ClusterTask'],
};

const INDEX = new Set(Object.entries(CLUSTER_SCOPED).flatMap(([group, kinds]) => kinds.map(k => `${group}/${k}`)));

/** The API group of an `apiVersion`: `''` for the core group (`v1`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether objects of `kind` in the group of `apiVersion` are cluster-scoped. Unknown kinds count as namespaced. */
export function isClusterScoped(apiVersion: string, kind: string): boolean {
  return INDEX.has(`${apiGroup(apiVersion)}/${kind}`);
}
