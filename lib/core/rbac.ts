/**
 * The label on every Role and ClusterRole the library renders, naming whose needs it grants; the
 * conformance tests hold each one to an allow-list of what that controller calls.
 */
export const RBAC_FOR_LABEL = 'cdk8s-push-delivery.dev/rbac-for';

/** Whose needs a Role or ClusterRole grants (the value of {@link RBAC_FOR_LABEL}). */
export enum RbacFor {
  /** An EventListener's namespaced needs: read its Triggers objects, create its templates' runs. */
  EVENT_LISTENER = 'event-listener',
  /** An EventListener's cluster-scoped needs: read ClusterTriggerBindings and ClusterInterceptors. */
  EVENT_LISTENER_CLUSTER = 'event-listener-cluster',
  /** The ServiceAccounts triggers run as: create PipelineRuns. */
  TRIGGER_RUNNER = 'trigger-runner',
  /** kpush, cluster-wide: list and watch ImageDeploys and kpack Images. */
  KPUSH = 'kpush',
  /** kpush in a namespace it deploys to: list, create and patch Deployments. */
  KPUSH_DEPLOYMENTS = 'kpush-deployments',
  /** The pipeline-trigger-operator's manager. */
  PIPELINE_TRIGGER_OPERATOR = 'pipeline-trigger-operator',
  /** The pipeline-trigger-operator's leader election in its namespace. */
  PIPELINE_TRIGGER_OPERATOR_LEADER_ELECTION = 'pipeline-trigger-operator-leader-election',
}

/** `metadata.labels` of a Role or ClusterRole for `who`. */
export function rbacLabels(who: RbacFor): { [key: string]: string } {
  return { [RBAC_FOR_LABEL]: who };
}
