import type { GitHubEventName } from './github-events';

const BRANCH_PREFIX = 'refs/heads/';

/**
 * Builders for common CEL interceptor expressions over GitHub payloads. Every builder returns plain CEL
 * text; values are quoted, so a branch name cannot change the expression.
 *
 * @example
 * Interceptor.cel({ filter: Cel.pushToBranch('main') })
 * // body.ref == 'refs/heads/main' && !body.deleted
 */
export class Cel {
  /**
   * A push that updates `branch`. Pushes that delete the branch are left out: they carry no head commit,
   * so a binding of `GitHubPush.headCommitId` would fail on them.
   */
  public static pushToBranch(branch: string): string {
    return `body.ref == ${Cel.quote(BRANCH_PREFIX + branch)} && !body.deleted`;
  }

  /** A push of any tag (`refs/tags/...`) that does not delete it. */
  public static tagPush(): string {
    return 'body.ref.startsWith(\'refs/tags/\') && !body.deleted';
  }

  /** An event of one of the given GitHub event types, by the `X-GitHub-Event` header. */
  public static eventType(...types: GitHubEventName[]): string {
    if (types.length === 0) throw new Error('Cel.eventType needs at least one event type');
    return Cel.or(...types.map(t => `header.match('X-GitHub-Event', ${Cel.quote(t)})`));
  }

  /** A pull_request event with one of the given actions, e.g. `'opened', 'synchronize', 'reopened'`. */
  public static pullRequestAction(...actions: string[]): string {
    if (actions.length === 0) throw new Error('Cel.pullRequestAction needs at least one action');
    return `body.action in [${actions.map(a => Cel.quote(a)).join(', ')}]`;
  }

  /** A pull request that targets `branch`. */
  public static pullRequestToBranch(branch: string): string {
    return `body.pull_request.base.ref == ${Cel.quote(branch)}`;
  }

  /** All of the expressions. */
  public static and(...expressions: string[]): string {
    return Cel.join('&&', expressions);
  }

  /** Any of the expressions. */
  public static or(...expressions: string[]): string {
    return Cel.join('||', expressions);
  }

  /** Overlay expression: the branch name of a branch push (`refs/heads/feature/x` gives `feature/x`). */
  public static branchOfPush(): string {
    return `body.ref.substring(${BRANCH_PREFIX.length})`;
  }

  /** Overlay expression: the first `length` characters of a SHA, e.g. `Cel.shortSha('body.after')`. */
  public static shortSha(shaExpression: string, length: number = 7): string {
    if (!Number.isInteger(length) || length < 1) throw new Error(`Cel.shortSha length '${length}' is not a positive integer`);
    return `${shaExpression}.truncate(${length})`;
  }

  /** A CEL string literal of `text`. */
  public static quote(text: string): string {
    let out = '';
    for (const c of text) {
      const code = c.codePointAt(0)!;
      if (c === '\\' || c === '\'') out += `\\${c}`;
      else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += c;
    }
    return `'${out}'`;
  }

  private static join(operator: string, expressions: string[]): string {
    if (expressions.length === 0) throw new Error(`Cel: '${operator}' needs at least one expression`);
    if (expressions.length === 1) return expressions[0];
    return expressions.map(e => `(${e})`).join(` ${operator} `);
  }
}
