import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { requireString } from '../core/guards';
import { defaultResourceName } from '../tekton/names';
import { Task } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { BUILD_STEP_RESOURCES, CatalogTaskProps, NONROOT_USER, restrictedSecurityContext } from './catalog-task';
import { inputEnvName } from './scripts/step-script';

/** A param of a {@link CommandTask}. */
export interface CommandParam {
  /** What the param means. @default - none */
  readonly description?: string;
  /** The default value. @default - required: every run must give it */
  readonly default?: string;
}

/** Props for {@link CommandTask}. */
export interface CommandTaskProps extends CatalogTaskProps {
  /** The image the command runs in, with a tag or digest; it must have `/bin/sh`. */
  readonly image: string;
  /**
   * Shell commands, run by `/bin/sh` with `set -eu` in the workspace `source`. Params arrive as environment
   * variables: param `min-coverage` is `$PARAM_MIN_COVERAGE`, the file of result `report` is
   * `$RESULT_REPORT_PATH`. A `$(params.x)` written here is pasted into the script as text before the shell
   * reads it, and is reported at synth.
   */
  readonly command: string;
  /** What the check does. @default - 'Runs <command> in <image>.' */
  readonly description?: string;
  /** Params, by name; each reaches the command through the step's environment. @default - none */
  readonly params?: { [name: string]: CommandParam };
  /** Results, by name; the command writes each to the file `$RESULT_<NAME>_PATH`. @default - none */
  readonly results?: { [name: string]: { readonly description?: string } };
  /**
   * Fixed environment variables of the step, e.g. `{ CGO_ENABLED: '0' }`: literal values, committed with the
   * Task. A value with `$(` is refused (Tekton would substitute it), and one of a token's shape too.
   * @default - none
   */
  readonly env?: { [name: string]: string };
}

/**
 * The Task of a "run this command in this image" check: `command` runs in `image`, in the workspace `source`,
 * as a non-root user under the "restricted" Pod Security profile, with `HOME` in `/tmp` (the image's home
 * may belong to root). Typed params and results reach the command through the environment only.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const audit = new CommandTask(chart, 'shop-audit', {
 *   image: 'docker.io/library/node:22.21.1-bookworm-slim',
 *   params: { level: { default: 'high' } },
 *   command: 'npm audit --audit-level="$PARAM_LEVEL"',
 * });
 * // checks: [{ name: 'audit', task: audit, params: { level: 'critical' } }]
 */
export class CommandTask extends Task {
  /** The project the command runs in. */
  public readonly source: TaskWorkspace;

  constructor(scope: Construct, id: string, props: CommandTaskProps) {
    super(scope, id, {
      metadata: { ...props?.metadata, name: props?.metadata?.name ?? defaultResourceName(scope, id, id) },
      description: props?.description ?? `Runs ${firstLine(props?.command)} in ${props?.image}.`,
      workspaces: { source: { description: 'The project the command runs in.' } },
    });
    requireString(this, 'image', props?.image, 'Give the image the command runs in, with a tag, e.g. docker.io/library/alpine:3.22.2');
    requireString(this, 'command', props.command, 'Give the shell commands to run, e.g. \'make check\'');
    if (props.command.trim() === '') fail(this, 'command', props.command, 'runs nothing', 'Give the shell commands to run, e.g. \'make check\'');
    this.source = this.workspace('source');
    const env: { [name: string]: string } = { HOME: '/tmp' };
    for (const [name, p] of Object.entries(props.params ?? {})) {
      checkKebab(this, 'params', name);
      const param = this.addParam(name, { ...(p.description ? { description: p.description } : {}), ...(p.default !== undefined ? { default: p.default } : {}) });
      env[inputEnvName(`params.${name}`)] = param.ref;
    }
    for (const [name, r] of Object.entries(props.results ?? {})) {
      checkKebab(this, 'results', name);
      const result = this.addResult(name, { ...(r.description ? { description: r.description } : {}) });
      env[inputEnvName(`results.${name}.path`)] = result.path;
    }
    for (const [name, value] of Object.entries(props.env ?? {})) {
      if (name in env) fail(this, 'env', name, 'is also set for a param, a result or HOME', 'Give the variable another name');
      // A fixed value is meant as written, but Tekton substitutes $(params.*), $(context.*)... in a step's env
      // with no escape (tektoncd/pipeline pkg/substitution/replacements.go @v1.15.0, ApplyReplacements), and
      // the kubelet expands $(NAME) from the container's other variables.
      if (typeof value === 'string' && value.includes('$(')) {
        fail(this, `env.${name}`, value, 'contains \'$(\', which Tekton substitutes (and the kubelet expands) before the command sees it, so the value is not the one written',
          'Give a literal value; for a value each run passes, declare a param (params: { name: {} }) and read $PARAM_NAME in the command');
      }
      env[name] = value;
    }
    this.addStep({
      name: 'run',
      image: props.image,
      workingDir: this.source.path,
      env,
      computeResources: props.computeResources ?? BUILD_STEP_RESOURCES,
      securityContext: restrictedSecurityContext(props.runAsUser ?? NONROOT_USER),
      script: `#!/bin/sh\nset -eu\n${props.command.replace(/\n*$/, '')}\n`,
    });
  }
}

function firstLine(command: unknown): string {
  const line = typeof command === 'string' ? command.trim().split('\n')[0] : '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** Names that map to one environment variable each: lower-case words joined by '-'. */
function checkKebab(scope: IConstruct, field: string, name: string): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    fail(scope, field, name, 'is not lower-case words joined by \'-\', so it has no environment variable of its own', 'Use a name such as \'min-coverage\'');
  }
}
