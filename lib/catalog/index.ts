// The ready Tasks of the push flow (clone, copy, the checks of each ecosystem, pin the tested commit): what
// lib/index.ts re-exports. Their step scripts (./scripts) are internal.
export { type CatalogTaskProps } from './catalog-task';
export { CommandTask, type CommandParam, type CommandTaskProps } from './command-task';
export { CopyCheckoutTask, type CopyCheckoutTaskProps } from './copy-checkout-task';
export { GitCloneTask, type GitCloneTaskProps } from './git-clone-task';
export { GoLintConfig, GoLintExclusionPreset } from './go-lint-config';
export { GoLintTask, type GoLintTaskProps } from './go-lint-task';
export { GoModuleTask, type GoTaskDefaults } from './go-tasks';
export { GoTestTask, type GoTestTaskProps } from './go-test-task';
export { JavaBuildTool, JavaCheckTask, type JavaCheckTaskProps } from './java-check-task';
export { NodeCheckTask, type NodeCheckTaskProps, NodePackageManager } from './node-check-task';
export { type CommitAuthor, PinRevisionTask, type PinRevisionTaskProps } from './pin-revision-task';
