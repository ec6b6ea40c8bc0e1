// The public API of the operator constructs (kpush, the pipeline-trigger-operator): what lib/index.ts re-exports.
export { type ImageDeployContainer, type ImageDeployPort } from './kpush-container';
export { type IKpushServed, KpushController, type KpushControllerProps } from './kpush-controller';
export { ImageDeployEnv, type KeyRefOptions } from './kpush-env';
export { ImageDeploy, type ImageDeployProps } from './kpush-image-deploy';
export { PipelineTrigger, PipelineTriggerFlavour, type PipelineTriggerProps, type TriggerParamValue } from './pipeline-trigger';
export { TriggerEvent } from './pipeline-trigger-event';
export { type MySqlLeaderElection, PipelineTriggerOperator, type PipelineTriggerOperatorProps } from './pipeline-trigger-operator';
