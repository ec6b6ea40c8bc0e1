export * from './duration';
export * from './git-ref';
export * from './git-repository';
export * from './image-policy';
export * from './image-repository';
export * from './source';
export * from './tag-filter';
export * from './tag-policy';
