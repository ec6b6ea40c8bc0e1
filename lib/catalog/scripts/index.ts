// The step scripts of the push flow (internal): clone, copy, the checks, and pin a tested commit in the ops repo.
export { copyCheckoutScript } from './copy-checkout';
export { gitCloneScript } from './git-clone';
export { goLintScript } from './go-lint';
export { GO_CACHE_ENV, GO_STEP_IMAGE, GOLANGCI_LINT_STEP_IMAGE } from './go-setup';
export { goTestScript } from './go-test';
export { JAVA_CACHE_ENV, JAVA_STEP_IMAGE, javaCheckScript } from './java-check';
export { NODE_STEP_IMAGE, nodeCheckScript } from './node-check';
export { pinRevisionScript, UNPINNED, UNRECORDED } from './pin-revision';
export { MAX_BACKOFF_DOUBLINGS, MAX_RESTARTS } from './push-retry';
export {
  GIT_STEP_IMAGE, inputEnv, inputEnvName, renderInputs, type ScriptInput, type ScriptParam, type ScriptResult, type ScriptWorkspace, type StepScript,
} from './step-script';
