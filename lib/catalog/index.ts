// The ready Tasks of the push flow (clone, lint, test, pin the tested commit) and the step scripts they run.
export * from './scripts';
export type { CatalogTaskProps } from './catalog-task';
export { GitCloneTask } from './git-clone-task';
export type { GitCloneTaskProps } from './git-clone-task';
export type { GoTaskDefaults } from './go-tasks';
export { GoLintTask } from './go-lint-task';
export type { GoLintTaskProps } from './go-lint-task';
export { GoTestTask } from './go-test-task';
export type { GoTestTaskProps } from './go-test-task';
export { PinRevisionTask } from './pin-revision-task';
export type { CommitAuthor, PinRevisionTaskProps } from './pin-revision-task';
export { CopyCheckoutTask } from './copy-checkout-task';
export type { CopyCheckoutTaskProps } from './copy-checkout-task';
