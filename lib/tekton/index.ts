// The public API of the Tekton Pipelines constructs: what lib/index.ts re-exports. The `$(...)` parser and
// the checks behind the constructs are internal.
export type { ParamType, ParamValue } from './api';
/** Hand-written types of the Tekton Pipelines `tekton.dev/v1` API, as the constructs render them. */
export * as TektonApi from './api';
export { PipelineContext, TaskContext } from './context';
export { Param, type ParamInfo, type ParamOptions, type ParamOwnerKind } from './params';
export { Pipeline, type PipelineProps, type PipelineResultOptions } from './pipeline';
export { ArgoCdHook, HookDeletePolicy, PipelineRun, type PipelineRunProps } from './pipeline-run';
export { type PipelineParamValue, PipelineTask, PipelineTaskOnError, type PipelineTaskOptions, PipelineTaskResult } from './pipeline-task';
export { type ResultInfo, TaskResult, type TaskResultOptions } from './results';
export {
  type DeclaredParam, type DeclaredWorkspace, type IPipeline, type RunParamValue, type RunTimeouts, RunWorkspace,
  type VolumeClaimTemplateOptions,
} from './run';
export { type ContainerOptions, type SidecarProps, StepOnError, type StepProps, type StepTemplateProps, type VolumeMountOptions } from './steps';
export { type ExternalParamOptions, InlineTask, type InlineTaskProps, Task, type TaskImportOptions, type TaskProps } from './task';
export { type ITask, TaskDefinition, type TaskDefinitionProps } from './task-definition';
export { type EmptyDirOptions, type ObjectVolumeOptions, TaskVolume } from './volumes';
export { type IExpressionValue, When, type WhenInput } from './when';
export {
  PipelineWorkspace, type PipelineWorkspaceOptions, TaskWorkspace, type TaskWorkspaceOptions, WorkspaceBinding, type WorkspaceInfo,
} from './workspaces';
