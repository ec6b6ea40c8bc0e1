export * from './app-delivery';
export * from './delivery-pipeline';
export * from './environments';
export * from './ops-repo';
export * from './pins';
export * from './team';
export * from './front-page';
export * from './delivery-check';
