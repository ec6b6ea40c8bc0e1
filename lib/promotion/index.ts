export * from './apps';
export * from './promote';
export * from './snapshot';
export { filesAtRef, refExists } from './git';
