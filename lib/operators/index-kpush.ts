export { type ImageDeployContainer, type ImageDeployPort } from './kpush-container';
export { type IKpushServed, KpushController, type KpushControllerProps } from './kpush-controller';
export { ImageDeployEnv, type KeyRefOptions } from './kpush-env';
export { ImageDeploy, type ImageDeployProps } from './kpush-image-deploy';
