import { IConstruct } from 'constructs';
import { redactSecrets } from './git';

/**
 * Formats one problem the way every check in this library reports it:
 * `<field> '<value>' <what is wrong>. <how to fix>`.
 *
 * Messages returned from `node.addValidation` use this form (cdk8s prefixes them with the
 * construct path); errors thrown at construction use {@link fail}, which adds the path itself.
 *
 * @example
 * problem('spec.tag', 'latest', 'has no registry', 'Use a full image reference such as registry.example.com/team/app')
 */
export function problem(field: string, value: unknown, whatIsWrong: string, howToFix: string): string {
  return redactSecrets(`${field} '${show(value)}' ${whatIsWrong}. ${howToFix}`);
}

/**
 * Throws at once for a local argument error, naming the construct path.
 *
 * @example
 * fail(this, 'replicas', 0, 'is out of range', 'Use a value from 1 to 10')
 */
export function fail(scope: IConstruct, field: string, value: unknown, whatIsWrong: string, howToFix: string): never {
  throw new Error(`${scope.node.path || '(app)'}: ${problem(field, value, whatIsWrong, howToFix)}`);
}

/**
 * Throws every problem at once (each a {@link problem} string), each line naming the construct path; does
 * nothing when there is none.
 */
export function throwProblems(scope: IConstruct, problems: readonly string[]): void {
  if (problems.length) throw new Error(problems.map(p => `${scope.node.path || '(app)'}: ${p}`).join('\n'));
}

/**
 * Renders a value for a message: strings as they are but with control characters escaped (a trailing line
 * break shows as `\n`), numbers JSON cannot write (`NaN`, `Infinity`) as JavaScript writes them, everything
 * else as compact JSON; credentials in URLs and tokens are redacted ({@link redactSecrets}), since messages
 * end up in CI logs.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return escapeControl(redactSecrets(value));
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // a cycle: say what it is instead
  }
  return redactSecrets(json ?? Object.prototype.toString.call(value));
}

/** `text` with control characters written as JSON escapes (`\n`, `\t`, `\u0000`), so a message stays one line. */
function escapeControl(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, c => JSON.stringify(c).slice(1, -1).replace(/^\x7f$/, '\\u007f'));
}
