// The public API of the Tekton Triggers constructs: what lib/index.ts re-exports. The CEL checker, the
// listener's RBAC and the reference rendering are internal.
export {
  BindingBase, type BindingKind, ClusterTriggerBinding, type ITriggerBinding, TriggerBinding,
  type TriggerBindingImportOptions, type TriggerBindingProps,
} from './binding';
export { Cel } from './cel';
export { BindingParam, TemplateParam, type TemplateParamOptions } from './params';
export { EventListener, type EventListenerProps, type TriggerOptions } from './event-listener';
export { type EventReference, type EventRoot, EventValue } from './event-value';
export { GitHubHeaders, GitHubPullRequest, GitHubPush, type PayloadPath, type PayloadValue, type SegmentValue } from './github';
export { type GitHubEventName } from './github-events';
export { ListenerClusterAccess, type ListenerClusterAccessProps } from './listener-rbac';
export {
  CelInterceptor, type CelInterceptorOptions, GitHubInterceptor, type GitHubInterceptorOptions, Interceptor, type InterceptorProblem,
  type SecretKeyReference,
} from './interceptor';
export {
  type ITriggerTemplate, type TemplateParamSpec,
  type TemplatePipelineRunOptions, type TemplateRunParamValue, TriggerTemplate, type TriggerTemplateImportOptions,
  type TriggerTemplateProps,
} from './template';
