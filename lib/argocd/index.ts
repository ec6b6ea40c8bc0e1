export * from './app-project';
export * from './application';
export * from './application-set';
export type { ApplicationSpecOptions } from './application-spec';
export * from './destination';
export * from './gitops-repo';
export * from './source';
export * from './sync';
