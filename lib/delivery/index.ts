// The public API of the delivery layer: what lib/index.ts re-exports.
export {
  type AppCi, AppDelivery, type AppDeliveryProps, type AppImage, type AppNamespaces, type AppRepository, type AppTriggers, type BaseImageUpdates,
} from './app-delivery';
export { Cluster } from './cluster';
export { type DeliveryCheck } from './delivery-check';
export { DeliveryPipeline, type DeliveryPipelineProps } from './delivery-pipeline';
export {
  type DeploymentEnvironmentOptions, DeployMode, Environment, type EnvironmentOptions, type EnvironmentSync, type EnvironmentTarget,
  type KpushEnvironmentOptions,
} from './environments';
export { OpsRepo, type OpsRepoProps } from './ops-repo';
export { PinFiles } from './pins';
export { Team, type TeamProps } from './team';
export {
  type CpuRange, HealthProbe, type ProbeTiming, type SecretKey, type SizeRange, VolumeSource, type WorkloadOptions, type WorkloadPort,
  type WorkloadResources, type WorkloadSecurity, type WorkloadService, type WorkloadVolume,
} from './workload-options';
