export * from './format';
export * from './plan';
export * from './structural-diff';
