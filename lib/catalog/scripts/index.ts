// The git step scripts of the push flow: clone, and pin a tested commit in the ops repo.
export * from './step-script';
export * from './git-clone';
export * from './pin-revision';
