export * from './pipeline-trigger';
export * from './pipeline-trigger-event';
export * from './pipeline-trigger-operator';
export * from './pipeline-trigger-rbac';
export * from './index-kpush';
