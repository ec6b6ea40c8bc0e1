import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * Makes `obj` render without `metadata.namespace`. cdk8s gives every object the namespace of its chart,
 * but a cluster-scoped kind (ClusterBuilder, ClusterRole, Namespace) has none, and a namespace there
 * would only show up as a permanent diff in Argo CD.
 */
export function clusterScoped(obj: ApiObject): ApiObject {
  if (obj.metadata.namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return obj;
}
