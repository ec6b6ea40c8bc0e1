/**
 * The container image the git step scripts run in: the official Docker Library `buildpack-deps` image, `-scm`
 * variant of Debian 12 (bookworm). It has bash, git 2.39 and GNU coreutils/sed/grep, which is all the scripts
 * use, and the same Debian git release the scripts are tested against. The tag follows Debian 12's security
 * updates without changing the release; pin it by digest (`@sha256:...`) where the registry's rebuilds must
 * not reach a cluster unreviewed.
 */
export const GIT_STEP_IMAGE = 'docker.io/library/buildpack-deps:bookworm-scm';

/** A string param a step script reads (as `$(params.<name>)`). */
export interface ScriptParam {
  /** The param name, kebab-case. */
  readonly name: string;
  /** What the param means, for the Task's `params[].description`. */
  readonly description: string;
  /** The default value; a param without one must be given by every run. @default - required */
  readonly default?: string;
}

/** A workspace a step script reads or writes (as `$(workspaces.<name>.path)`). */
export interface ScriptWorkspace {
  /** The workspace name, kebab-case. */
  readonly name: string;
  /** What the script expects in it, for the Task's `workspaces[].description`. */
  readonly description: string;
  /** True when the script works without it (it checks `$(workspaces.<name>.bound)`). @default false */
  readonly optional?: boolean;
  /** True when the script never writes to it. @default false */
  readonly readOnly?: boolean;
}

/** A result a step script writes (to `$(results.<name>.path)`). */
export interface ScriptResult {
  /** The result name. */
  readonly name: string;
  /** What the result holds. */
  readonly description: string;
}

/**
 * A shell script for the `script:` of a Tekton Task step, with everything the Task must declare for it:
 * the script refers to exactly these params, workspaces and results and to nothing else.
 *
 * @example
 * const clone = gitCloneScript();
 * // steps: [{ name: 'clone', image: clone.image, script: clone.script }], params: clone.params, ...
 */
export interface StepScript {
  /** The image the script is written for. */
  readonly image: string;
  /** The script text, starting with `#!/usr/bin/env bash`. */
  readonly script: string;
  /** The params the script reads, in the order it reads them. */
  readonly params: ScriptParam[];
  /** The workspaces the script uses. */
  readonly workspaces: ScriptWorkspace[];
  /** The results the script writes. @default - none */
  readonly results: ScriptResult[];
}

/** One Tekton variable a script reads into a shell variable. */
export interface ScriptInput {
  /** The shell variable, upper-case. */
  readonly variable: string;
  /** The Tekton reference without `$(` `)`, e.g. `params.revision` or `workspaces.output.path`. */
  readonly reference: string;
}

/**
 * The lines that copy each Tekton reference into a shell variable once, at the top of a script.
 *
 * Tekton replaces the reference with the value as text before the shell runs. The value is put between
 * single quotes, so `$`, backquotes and double quotes in it stay literal; a value must not itself hold a
 * single quote. Everything after these lines uses the shell variables only.
 */
export function renderInputs(inputs: ScriptInput[]): string {
  return inputs.map(i => `${i.variable}='$(${i.reference})'`).join('\n');
}
