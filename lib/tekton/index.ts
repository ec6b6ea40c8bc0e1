export type { ParamType, ParamValue } from './api';
/** Hand-written types of the Tekton Pipelines `tekton.dev/v1` API, as the constructs render them. */
export * as TektonApi from './api';
export { PipelineContext, TaskContext } from './context';
export {
  checkExpressions, checkTree, declaredNamesScope, findExpressions, parseExpression, variablesIn,
} from './expressions';
export type { ExpressionFinding, ExpressionMatch, ExpressionOccurrence, ExpressionScope, ParsedExpression, TektonVariable } from './expressions';
export { checkResourceName } from './names';
export { Param } from './params';
export type { ParamInfo, ParamOptions, ParamOwnerKind } from './params';
export { Pipeline } from './pipeline';
export type { PipelineProps, PipelineResultOptions } from './pipeline';
export { ArgoCdHook, HookDeletePolicy, PipelineRun } from './pipeline-run';
export type { PipelineRunProps } from './pipeline-run';
export { PipelineTask, PipelineTaskOnError, PipelineTaskResult } from './pipeline-task';
export type { PipelineParamValue, PipelineTaskOptions } from './pipeline-task';
export { TaskResult } from './results';
export type { ResultInfo, TaskResultOptions } from './results';
export * from './run';
export { StepOnError } from './steps';
export type { ContainerOptions, SidecarProps, StepProps, StepTemplateProps, VolumeMountOptions } from './steps';
export { InlineTask, Task } from './task';
export type { ExternalParamOptions, TaskImportOptions, InlineTaskProps, TaskProps } from './task';
export { TaskDefinition } from './task-definition';
export type { ITask, TaskDefinitionProps } from './task-definition';
export { TaskVolume } from './volumes';
export type { EmptyDirOptions, ObjectVolumeOptions } from './volumes';
export { When } from './when';
export type { IExpressionValue, WhenInput } from './when';
export { PipelineWorkspace, TaskWorkspace, WorkspaceBinding } from './workspaces';
export type { PipelineWorkspaceOptions, TaskWorkspaceOptions, WorkspaceInfo } from './workspaces';
