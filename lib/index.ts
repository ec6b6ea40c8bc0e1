// The public API of the library: anything not exported here is internal. Each domain's index.ts lists its
// public symbols; this file re-exports exactly those (test/core/public-api.test.ts checks both).
export {
  type IResource, PodSecurity, PodSecurityLevel, type ResourceProps, Warnings,
} from './core';
export {
  FolderChart, type FolderChartProps, type FolderCluster, GeneratedFile, type GeneratedFileProps, type IFolderSync, OpsApp,
  type OpsAppProps, type OutputFiles, type OutputPlan, type SynthReport,
} from './output';
export {
  ArgoCdHook, type ContainerOptions, type DeclaredParam, type DeclaredWorkspace, type EmptyDirOptions,
  type ExternalParamOptions, HookDeletePolicy, type IExpressionValue, InlineTask, type InlineTaskProps, type IPipeline,
  type ITask, type ObjectVolumeOptions, Param, type ParamInfo, type ParamOptions, type ParamOwnerKind, type ParamType,
  type ParamValue, Pipeline, PipelineContext, type PipelineParamValue, type PipelineProps, type PipelineResultOptions,
  PipelineRun, type PipelineRunProps, PipelineTask, PipelineTaskOnError, type PipelineTaskOptions, PipelineTaskResult,
  PipelineWorkspace, type PipelineWorkspaceOptions, type ResultInfo, type RunParamValue, type RunTimeouts, RunWorkspace,
  type SidecarProps, StepOnError, type StepProps, type StepTemplateProps, Task, TaskContext, TaskDefinition,
  type TaskDefinitionProps, type TaskImportOptions, type TaskProps, TaskResult, type TaskResultOptions, TaskVolume,
  TaskWorkspace, type TaskWorkspaceOptions, TektonApi, type VolumeClaimTemplateOptions, type VolumeMountOptions, When,
  type WhenInput, WorkspaceBinding, type WorkspaceInfo,
} from './tekton';
export {
  BlobAuth, type BlobSourceOptions, Builder, BuilderBase, type BuilderBaseProps, type BuilderImportOptions,
  BuilderKind, type BuilderProps, BuilderUpdatePolicy, type BuildpackIdOptions, BuildpackRef,
  type BuildpackResourceOptions, ClusterBuilder, type ClusterBuilderProps, ClusterStack, type ClusterStackProps,
  ClusterStore, type ClusterStoreProps, type GitSourceOptions, type IBuilder, type IClusterStack,
  type IClusterStore, Image, type ImageBuildOptions, ImageCache, type ImageProps, ImageSource,
  type ImageSourceOptions, ImageTaggingStrategy, KpackApi, RegistryServiceAccount, type RegistryServiceAccountProps,
  type RegistrySourceOptions, type VolumeCacheOptions,
} from './kpack';
export {
  type IKpushServed, ImageDeploy, type ImageDeployContainer, ImageDeployEnv, type ImageDeployPort,
  type ImageDeployProps, type KeyRefOptions, KpushController, type KpushControllerProps, type MySqlLeaderElection,
  PipelineTrigger, PipelineTriggerFlavour, PipelineTriggerOperator, type PipelineTriggerOperatorProps,
  type PipelineTriggerProps, TriggerEvent, type TriggerParamValue,
} from './operators';
export {
  Application, ApplicationDestination, type ApplicationMetadataOptions, type ApplicationProps, ApplicationSet,
  ApplicationSetGenerator, type ApplicationSetProps, ApplicationSource, type ApplicationSpecOptions,
  type ApplicationTemplate, AppProject, type AppProjectProps, type AutomatedSync, type DirectoryOptions, GitOpsRepo,
  type GitOpsRepoOptions, type GitPathOptions, type GroupKind, type IAppProject, type IgnoreDifference,
  type IOpsRepository, type ProjectDestination, type ProjectUse, PrunePropagationPolicy, type SyncBackoff,
  type SyncFolderOptions, SyncOption, type SyncRetry,
} from './argocd';
export {
  DigestReflectionPolicy, GitProvider, GitRef, type GitRefKind, GitRepository, type GitRepositoryProps,
  type IFluxObject, type IGitRepository, type IImagePolicy, type IImageRepository, ImagePolicy, type ImagePolicyProps,
  ImageProvider, ImageRepository, type ImageRepositoryImportOptions, type ImageRepositoryProps, SortOrder,
  type TagFilter, TagPolicy,
} from './flux';
export {
  type CatalogTaskProps, type CommandParam, CommandTask, type CommandTaskProps, type CommitAuthor, CopyCheckoutTask,
  type CopyCheckoutTaskProps, GitCloneTask, type GitCloneTaskProps, GoLintConfig, GoLintExclusionPreset, GoLintTask,
  type GoLintTaskProps, GoModuleTask,
  type GoTaskDefaults, GoTestTask, type GoTestTaskProps, JavaBuildTool, JavaCheckTask, type JavaCheckTaskProps,
  NodeCheckTask, type NodeCheckTaskProps, NodePackageManager, PinRevisionTask, type PinRevisionTaskProps,
} from './catalog';
export {
  BindingBase, type BindingKind, BindingParam, Cel, CelInterceptor, type CelInterceptorOptions, ClusterTriggerBinding,
  EventListener, type EventListenerProps, type EventReference, type EventRoot, EventValue, type GitHubEventName,
  GitHubHeaders, GitHubInterceptor, type GitHubInterceptorOptions, GitHubPullRequest, GitHubPush, Interceptor,
  type InterceptorProblem, type ITriggerBinding, type ITriggerTemplate, ListenerClusterAccess,
  type ListenerClusterAccessProps, type PayloadPath, type PayloadValue,
  type SecretKeyReference, type SegmentValue, TemplateParam, type TemplateParamOptions, type TemplateParamSpec,
  type TemplatePipelineRunOptions, type TemplateRunParamValue, TriggerBinding, type TriggerBindingImportOptions,
  type TriggerBindingProps, type TriggerOptions, TriggerTemplate, type TriggerTemplateImportOptions,
  type TriggerTemplateProps,
} from './triggers';
export {
  type AppCi, AppDelivery, type AppDeliveryProps, type AppImage, type AppNamespaces, type AppRepository,
  type AppTriggers, type BaseImageUpdates, Cluster, type CpuRange, type DeliveryCheck, DeliveryPipeline,
  type DeliveryPipelineProps, type DeploymentEnvironmentOptions, DeployMode, Environment, type EnvironmentOptions,
  type EnvironmentSync, type EnvironmentTarget, HealthProbe, type KpushEnvironmentOptions, OpsRepo, type OpsRepoProps,
  PinFiles, type ProbeTiming, type SecretKey, type SizeRange, Team, type TeamProps,
  VolumeSource, type WorkloadOptions, type WorkloadPort, type WorkloadResources, type WorkloadSecurity,
  type WorkloadService, type WorkloadVolume,
} from './delivery';
export {
  ComponentMode, ComponentName, type ComponentRelease, type DeletedObject, Platform, PLATFORM_CONFIG_WAVE, PlatformComponent,
  type PlatformPrerequisite, type PlatformProps, PIPELINE_TRIGGER_OPERATOR_MAIN, PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT, type ProvidedComponent,
  type ReleaseSync, RELEASES, type RunHistory, type RunningVersion,
} from './platform';
export {
  type ApplicationPlan, type FieldChange, formatPlanMarkdown, formatPlanText, type ObjectChange, ObjectChangeKind,
  plan, type Plan, PLAN_CHANGES, PLAN_NO_CHANGES, planHasChanges, type PlanOptions,
} from './plan';
export {
  kubectlLatestBuild, promote, type PromoteOptions, type PromoteResult,
} from './promotion';
