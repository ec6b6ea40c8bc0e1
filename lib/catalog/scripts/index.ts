// The step scripts of the push flow: clone, lint, test, and pin a tested commit in the ops repo.
export * from './step-script';
export * from './git-clone';
export * from './pin-revision';
export { MAX_BACKOFF_DOUBLINGS, MAX_RESTARTS } from './push-retry';
export { GO_CACHE_ENV, GO_STEP_IMAGE, GOLANGCI_LINT_STEP_IMAGE } from './go-setup';
export * from './go-lint';
export * from './go-test';
export * from './copy-checkout';
export * from './node-check';
export * from './java-check';
