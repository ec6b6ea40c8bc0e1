export * from './compatibility';
export * from './kustomization';
export * from './platform';
export * from './releases';
