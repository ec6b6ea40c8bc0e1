/**
 * The container image the git step scripts run in: the official Docker Library `buildpack-deps` image, `-scm`
 * variant of Debian 12 (bookworm). It has bash, git 2.39 and GNU coreutils/sed/grep, which is all the scripts
 * use, and the same Debian git release the scripts are tested against. The tag follows Debian 12's security
 * updates without changing the release; pin it by digest (`@sha256:...`) where the registry's rebuilds must
 * not reach a cluster unreviewed.
 */
export const GIT_STEP_IMAGE = 'docker.io/library/buildpack-deps:bookworm-scm';

/** A string param a step script reads (through its step's environment, never as text in the script). */
export interface ScriptParam {
  /** The param name, kebab-case. */
  readonly name: string;
  /** What the param means, for the Task's `params[].description`. */
  readonly description: string;
  /** The default value; a param without one must be given by every run. @default - required */
  readonly default?: string;
}

/** A workspace a step script reads or writes. */
export interface ScriptWorkspace {
  /** The workspace name, kebab-case. */
  readonly name: string;
  /** What the script expects in it, for the Task's `workspaces[].description`. */
  readonly description: string;
  /** True when the script works without it (it reads whether the workspace is bound). @default false */
  readonly optional?: boolean;
  /** True when the script never writes to it. @default false */
  readonly readOnly?: boolean;
}

/** A result a step script writes. */
export interface ScriptResult {
  /** The result name. */
  readonly name: string;
  /** What the result holds. */
  readonly description: string;
}

/**
 * A shell script for the `script:` of a Tekton Task step, with everything the Task must declare for it.
 *
 * The script text holds no Tekton variable at all. Tekton pastes a `$(params.x)` into a script as text before
 * the shell runs, so a value holding a quote (a branch name from a webhook, say) could end the quoting and run
 * as code. Instead, every param, workspace path and result path reaches the script through the step's `env`
 * (Tekton substitutes there too), and the shell reads it as data: `URL="${PARAM_URL}"`. (Kubernetes still
 * expands `$(NAME)` in an env value to an earlier variable of the same container, so a value holding
 * `$(PARAM_URL)` arrives changed: changed data, never run.)
 *
 * @example
 * const clone = gitCloneScript();
 * // steps: [{ name: 'clone', image: clone.image, script: clone.script, env: clone.env }],
 * // and clone.params, clone.workspaces and clone.results declared on the Task (GitCloneTask does all this).
 */
export interface StepScript {
  /** The image the script is written for. */
  readonly image: string;
  /** The script text, starting with `#!/usr/bin/env bash`; it refers to no Tekton variable. */
  readonly script: string;
  /**
   * The step's environment: each Tekton variable the script reads, by the name it reads it under (e.g.
   * `PARAM_URL: '$(params.url)'`), then fixed settings the script needs (e.g. cache directories).
   */
  readonly env: { readonly [name: string]: string };
  /** The params the script reads, in the order it reads them. */
  readonly params: ScriptParam[];
  /** The workspaces the script uses. */
  readonly workspaces: ScriptWorkspace[];
  /** The results the script writes. */
  readonly results: ScriptResult[];
}

/** One Tekton variable a script reads into a shell variable. */
export interface ScriptInput {
  /** The shell variable the script uses, upper-case. */
  readonly variable: string;
  /** The Tekton reference without `$(` `)`, e.g. `params.revision` or `workspaces.output.path`. */
  readonly reference: string;
}

const REFERENCE = /^(params|workspaces|results)\.([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(path|bound))?$/;
const KIND_PREFIX: { [kind: string]: string } = { params: 'PARAM', workspaces: 'WORKSPACE', results: 'RESULT' };

/**
 * The environment variable that carries a Tekton reference into a step: `params.ops-url` is `PARAM_OPS_URL`,
 * `workspaces.app-source.path` is `WORKSPACE_APP_SOURCE_PATH`, `results.commit.path` is `RESULT_COMMIT_PATH`.
 */
export function inputEnvName(reference: string): string {
  const m = REFERENCE.exec(reference);
  const complete = m && (m[1] === 'params' ? m[3] === undefined : m[1] === 'workspaces' ? m[3] !== undefined : m[3] === 'path');
  if (!m || !complete) {
    throw new Error(`script input '${reference}' is not params.<name>, workspaces.<name>.path|bound or results.<name>.path. Use one of these forms`);
  }
  return [KIND_PREFIX[m[1]], m[2], m[3]].filter(Boolean).join('_').replace(/-/g, '_').toUpperCase();
}

/**
 * The step environment for the inputs: `{ PARAM_URL: '$(params.url)', ... }`, in the order given.
 * Throws when a reference is listed twice.
 */
export function inputEnv(inputs: ScriptInput[]): { [name: string]: string } {
  const env: { [name: string]: string } = {};
  for (const i of inputs) {
    const name = inputEnvName(i.reference);
    if (name in env) throw new Error(`script inputs '${env[name]}' and '$(${i.reference})' both use ${name}. Read each input once`);
    env[name] = `$(${i.reference})`;
  }
  return env;
}

/**
 * The lines at the top of a script that copy each input from the step's environment into the shell variable
 * the script uses, once. Expanding a variable never runs its value, so `'`, `"`, `$(...)` and backquotes in a
 * value stay plain text; with `set -u`, a step started without its environment stops at the first line.
 */
export function renderInputs(inputs: ScriptInput[]): string {
  return inputs.map(i => `${i.variable}="\${${inputEnvName(i.reference)}}"`).join('\n');
}
