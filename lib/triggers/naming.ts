import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { NameRule, validateName } from '../core/names';

/**
 * Names of params shared by TriggerBindings and TriggerTemplates. Triggers matches a binding param to a
 * template param by name and substitutes `$(tt.params.<name>)` for names of `[_a-zA-Z][_a-zA-Z0-9.-]*`;
 * tekton-lint (no-invalid-name) also rejects '.', so the intersection is what works everywhere.
 */
export const PARAM_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;

/**
 * Validates the `metadata.name` of a Triggers object: a Kubernetes name by `rule` that also starts with a
 * letter, since tekton-lint (no-invalid-name) rejects names starting with a digit.
 */
export function validateTriggersName(scope: IConstruct, name: string, rule: NameRule): string {
  validateName(scope, 'metadata.name', name, rule);
  if (!/^[a-z]/.test(name)) {
    fail(scope, 'metadata.name', name, 'does not start with a letter, which tekton-lint (no-invalid-name) rejects',
      'Start the name with a lower-case letter');
  }
  return name;
}

/** Throws, naming the construct path, when `name` is not a valid Triggers param name. */
export function validateParamName(scope: IConstruct, field: string, name: string): string {
  if (!PARAM_NAME.test(name)) {
    fail(scope, field, name, 'is not a valid param name (letters, digits, \'_\' and \'-\', starting with a letter or \'_\')',
      'Rename the param, e.g. \'git-revision\'');
  }
  return name;
}
