// The public API of the library: anything not exported here is internal.
export * from './core/errors';
export * from './core/names';
export * from './core/warnings';
export * from './output/drift';
export * from './output/folder-chart';
export * from './output/ops-app';
export * from './output/render';
export * from './output/writer';
export * from './tekton';
export * from './kpack';
export * from './operators';
export * from './argocd';
export * from './flux';
export * from './catalog';
export * from './delivery';
export * from './triggers';
