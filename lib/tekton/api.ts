/**
 * The `tekton.dev/v1` API as JSON, written by hand from the Tekton v1 API reference and the v1 CRD schemas
 * (Tekton's CRDs had no schema to import before v1.0). These are the shapes the constructs render; the
 * constructs' props are typed separately, with handles instead of strings.
 *
 * Field names are exactly the JSON names: the v1 CRDs are structural, so a miscased key is pruned.
 */

/** The type of a param or result. `string` is Tekton's default. */
export type ParamType = 'string' | 'array' | 'object';

/** A param or result value: a string, an array of strings, or an object of strings. */
export type ParamValue = string | string[] | { [key: string]: string };

/** The declared keys of an object param or result (`properties`). */
export interface PropertySpec {
  readonly type?: 'string';
}

/** `spec.params[]` of a Task or Pipeline. */
export interface ParamSpec {
  readonly name: string;
  readonly type?: ParamType;
  readonly description?: string;
  readonly default?: ParamValue;
  readonly properties?: { [key: string]: PropertySpec };
  readonly enum?: string[];
}

/** A param value passed to a Task, Pipeline or run: `params[]` of a PipelineTask or PipelineRun. */
export interface ParamEntry {
  readonly name: string;
  readonly value: ParamValue;
}

/** `spec.workspaces[]` of a Task. */
export interface WorkspaceDeclaration {
  readonly name: string;
  readonly description?: string;
  readonly mountPath?: string;
  readonly readOnly?: boolean;
  readonly optional?: boolean;
}

/** `spec.workspaces[]` of a Pipeline. */
export interface PipelineWorkspaceDeclaration {
  readonly name: string;
  readonly description?: string;
  readonly optional?: boolean;
}

/** `workspaces[]` of a PipelineTask: binds a Task's workspace to one of the Pipeline's. */
export interface WorkspacePipelineTaskBinding {
  readonly name: string;
  readonly workspace?: string;
  readonly subPath?: string;
}

/** `spec.results[]` of a Task. */
export interface TaskResultSpec {
  readonly name: string;
  readonly type?: ParamType;
  readonly description?: string;
  readonly properties?: { [key: string]: PropertySpec };
}

/** `spec.results[]` of a Pipeline: a value made of task results. */
export interface PipelineResultSpec {
  readonly name: string;
  readonly type?: ParamType;
  readonly description?: string;
  readonly value: ParamValue;
}

/** `env[].valueFrom` of a container (the sources a Step may read). */
export interface EnvVarSource {
  readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
  readonly configMapKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
  readonly fieldRef?: { readonly fieldPath: string; readonly apiVersion?: string };
  readonly resourceFieldRef?: { readonly resource: string; readonly containerName?: string; readonly divisor?: string };
}

/** `env[]` of a container. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: EnvVarSource;
}

/** `volumeMounts[]` of a container. */
export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly subPath?: string;
}

/** `securityContext` of a container (the commonly used subset of the core/v1 type). */
export interface SecurityContext {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly privileged?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly capabilities?: { readonly add?: string[]; readonly drop?: string[] };
  readonly seccompProfile?: { readonly type: 'RuntimeDefault' | 'Unconfined' | 'Localhost'; readonly localhostProfile?: string };
}

/** `computeResources` of a Step (`resources` of a container). */
export interface ResourceRequirements {
  readonly requests?: { [resource: string]: string };
  readonly limits?: { [resource: string]: string };
}

/** What a Step, StepTemplate and Sidecar share. */
export interface ContainerFields {
  readonly image?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly workingDir?: string;
  readonly env?: EnvVar[];
  readonly computeResources?: ResourceRequirements;
  readonly volumeMounts?: VolumeMount[];
  readonly securityContext?: SecurityContext;
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

/** `spec.steps[]` of a Task. */
export interface Step extends ContainerFields {
  readonly name: string;
  readonly displayName?: string;
  readonly script?: string;
  readonly onError?: 'continue' | 'stopAndFail';
  readonly timeout?: string;
}

/** `spec.stepTemplate` of a Task: defaults every Step inherits. */
export type StepTemplate = ContainerFields;

/** `spec.sidecars[]` of a Task. */
export interface Sidecar extends ContainerFields {
  readonly name: string;
  readonly script?: string;
}

/** `spec.volumes[]` of a Task (the volume sources Tasks commonly use). */
export interface Volume {
  readonly name: string;
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly secret?: { readonly secretName: string; readonly optional?: boolean; readonly defaultMode?: number };
  readonly configMap?: { readonly name: string; readonly optional?: boolean; readonly defaultMode?: number };
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
}

/** `spec` of a Task, and `taskSpec` of an embedded PipelineTask. */
export interface TaskSpec {
  readonly description?: string;
  readonly displayName?: string;
  readonly params?: ParamSpec[];
  readonly workspaces?: WorkspaceDeclaration[];
  readonly results?: TaskResultSpec[];
  readonly steps: Step[];
  readonly stepTemplate?: StepTemplate;
  readonly sidecars?: Sidecar[];
  readonly volumes?: Volume[];
}

/** `taskRef` of a PipelineTask. */
export interface TaskRef {
  readonly name: string;
  readonly kind?: 'Task';
}

/** `when[]` of a PipelineTask: either input/operator/values, or a CEL expression. */
export interface WhenExpression {
  readonly input?: string;
  readonly operator?: 'in' | 'notin';
  readonly values?: string[];
  readonly cel?: string;
}

/** `spec.tasks[]` and `spec.finally[]` of a Pipeline. */
export interface PipelineTaskSpec {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly taskRef?: TaskRef;
  readonly taskSpec?: TaskSpec;
  readonly runAfter?: string[];
  readonly params?: ParamEntry[];
  readonly workspaces?: WorkspacePipelineTaskBinding[];
  readonly when?: WhenExpression[];
  readonly retries?: number;
  readonly timeout?: string;
  readonly onError?: 'continue' | 'stopAndFail';
}

/** `spec` of a Pipeline. */
export interface PipelineSpec {
  readonly description?: string;
  readonly displayName?: string;
  readonly params?: ParamSpec[];
  readonly workspaces?: PipelineWorkspaceDeclaration[];
  readonly results?: PipelineResultSpec[];
  readonly tasks: PipelineTaskSpec[];
  readonly finally?: PipelineTaskSpec[];
}
