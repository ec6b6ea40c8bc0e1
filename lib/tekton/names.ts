import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { checkName, NameFormat } from '../core/names';

/**
 * Tekton's naming rules, tightened where `@ibm/tekton-lint` is stricter than Tekton, because this repository's
 * output must pass the linter too.
 */

const PARAM_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;
const RESULT_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?$/;
const KEBAB = /^[a-z0-9-()$.]*$/;

/**
 * Returns what is wrong with the name of a Task, Pipeline or PipelineRun: Tekton's webhook wants at most 63
 * characters and no dots (a DNS-1123 label), and tekton-lint's `no-invalid-name` wants it to start with a letter.
 */
export function checkResourceName(name: string, maxLength = 63): string | undefined {
  const wrong = checkName(name, { format: NameFormat.LABEL, maxLength });
  if (wrong) return wrong;
  if (!/^[a-z]/.test(name)) return 'does not start with a letter (tekton-lint\'s no-invalid-name)';
  return undefined;
}

/** Throws, naming the construct path, when a Tekton resource name is invalid; returns it otherwise. */
export function validateResourceName(scope: IConstruct, field: string, name: string, maxLength = 63): string {
  const wrong = checkResourceName(name, maxLength);
  if (wrong) fail(scope, field, name, wrong, 'Use lower-case letters, digits and \'-\', starting with a letter');
  return name;
}

/** Throws when `name` is not a DNS-1123 label (pipeline task, step, sidecar, workspace and volume names). */
export function validateLabel(scope: IConstruct, field: string, name: string): string {
  const wrong = checkName(name, { format: NameFormat.LABEL });
  if (wrong) fail(scope, field, name, wrong, 'Use lower-case letters, digits and \'-\' (at most 63 characters)');
  return name;
}

/**
 * Throws when `name` is not a valid param name. Tekton also allows dots, which then need the bracket form
 * `$(params["a.b"])`; tekton-lint's `no-invalid-name` rejects them, so they are rejected here.
 */
export function validateParamName(scope: IConstruct, field: string, name: string): string {
  if (!PARAM_NAME.test(name)) {
    fail(scope, field, name, 'is not a valid param name (letters, digits, \'_\' and \'-\', starting with a letter or \'_\')',
      'Rename it, e.g. \'git-revision\'');
  }
  return name;
}

/** Throws when `name` is not a valid result name (no dots, so `$(tasks.t.results.r.key)` stays unambiguous). */
export function validateResultName(scope: IConstruct, field: string, name: string): string {
  if (!RESULT_NAME.test(name)) {
    fail(scope, field, name, 'is not a valid result name (letters, digits, \'-\' and \'_\', starting and ending with a letter or digit)',
      'Rename it, e.g. \'commit\'');
  }
  return name;
}

/** True when tekton-lint's `prefer-kebab-case` accepts `name` (lower case, digits, '-'). */
export function isKebab(name: string): boolean {
  return KEBAB.test(name);
}

const NAME_PREFIX = Symbol.for('push-delivery.ResourceNamePrefix');

/**
 * Names the Tekton objects created under `scope` after `prefix` by default (an app names its Tasks after
 * itself): Task names must be unique across a whole output, because tekton-lint keys them by kind and name.
 */
export function setResourceNamePrefix(scope: IConstruct, prefix: string): void {
  Object.defineProperty(scope, NAME_PREFIX, { value: prefix });
}

/**
 * The default name of a Tekton object made with construct id `id` under `scope`: `<prefix>-<id>` under a
 * scope with a prefix ({@link setResourceNamePrefix}), unless `id` already starts with `<prefix>-`;
 * `fallback` elsewhere.
 */
export function defaultResourceName(scope: IConstruct, id: string, fallback: string): string {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    const prefix = (c as any)[NAME_PREFIX] as string | undefined;
    if (prefix !== undefined) return id.startsWith(`${prefix}-`) ? id : `${prefix}-${id}`;
  }
  return fallback;
}
