/**
 * What a secret value looks like: the token formats whose shape alone says they are credentials, and the
 * variable names that say a value is one. A value of such a shape in a manifest is committed to the ops
 * repository for every reader; messages redact them ({@link redactSecrets} in git.ts uses the same shapes).
 *
 * Shapes, from their issuers' documentation:
 * - GitHub: `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` and fine-grained `github_pat_` tokens
 *   (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/);
 * - GitLab personal, project and group access tokens, `glpat-` (https://docs.gitlab.com/security/tokens/);
 * - AWS access key ids, `AKIA` (long-term) and `ASIA` (temporary) and 16 upper-case letters or digits
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids);
 * - PEM private keys, `-----BEGIN ... PRIVATE KEY-----` (RFC 7468);
 * - JSON Web Tokens: three base64url parts, the first two JSON objects, so both start with `eyJ` (RFC 7519);
 * - Slack tokens `xox[abposr]-` and npm tokens `npm_`.
 */
const SHAPES: ReadonlyArray<readonly [string, string]> = [
  ['gh[pousr]_[A-Za-z0-9]{20,}', 'a GitHub token'],
  ['github_pat_[A-Za-z0-9_]{20,}', 'a GitHub fine-grained token'],
  ['glpat-[A-Za-z0-9_-]{20,}', 'a GitLab access token'],
  ['(?:AKIA|ASIA)[0-9A-Z]{16}', 'an AWS access key id'],
  ['-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----', 'a private key'],
  ['eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}', 'a JSON Web Token'],
  ['xox[abposr]-[A-Za-z0-9-]{10,}', 'a Slack token'],
  ['npm_[A-Za-z0-9]{36}', 'an npm token'],
];

/** A private key's whole block, or everything after its first line when the block is cut short. */
const PRIVATE_KEY_BLOCK = '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\\s\\S]*)';

/** Every token shape, for redaction (global: every occurrence; a private key with its whole block). */
export const TOKEN_PATTERN: RegExp = new RegExp(`(?<![A-Za-z0-9_-])(?:${[PRIVATE_KEY_BLOCK, ...SHAPES.map(([source]) => source)].join('|')})`, 'g');

const EACH = SHAPES.map(([source, what]) => [new RegExp(`(?<![A-Za-z0-9_-])${source}`), what] as const);

/**
 * What kind of credential `value` holds (`'a GitHub token'`...), or undefined when it has no known token
 * shape.
 *
 * @example
 * secretShapeOf('ghp_' + 'x'.repeat(36)) // 'a GitHub token'
 * secretShapeOf('info')                 // undefined
 */
export function secretShapeOf(value: string): string | undefined {
  return EACH.find(([pattern]) => pattern.test(value))?.[1];
}

/** A name that says its value is a credential: `GITHUB_TOKEN`, `DB_PASSWORD`, `API_KEY`, `client-secret`... */
const CREDENTIAL_NAME = /(^|[_.-])(TOKEN|PASSWORD|PASSWD|PASS|SECRET|API[_.-]?KEY|ACCESS[_.-]?KEY|PRIVATE[_.-]?KEY|CREDENTIALS?)($|[_.-])/i;

/**
 * True when an environment variable's name says it holds a credential, and `value` is not empty and not a
 * reference (`$(...)`), so a real value is about to be committed in plain text.
 */
export function looksLikeCredential(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) && value.trim() !== '' && !/^\$\([^)]*\)$/.test(value.trim());
}

/**
 * Checks one plain (committed) environment variable: an error for a value of a token's shape, a warning for
 * a credential's name with a literal value. Both say where the value belongs instead.
 *
 * @param secretForm how to read the variable from a Secret in this construct, e.g. `secretEnv: { NAME: { secretName, key } }`
 */
export function plainEnvFindings(name: string, value: string, secretForm: string): { error?: [string, string]; warning?: [string, string] } {
  const shape = secretShapeOf(value);
  if (shape) {
    return { error: [`is ${shape}, which would be committed in plain text to the ops repository for every reader`, `Revoke it, keep it in a Secret and read it from there: ${secretForm}`] };
  }
  if (looksLikeCredential(name, value)) {
    return { warning: ['is named like a credential but is a plain value, committed to the ops repository for every reader', `If it is one, keep it in a Secret and read it from there: ${secretForm}`] };
  }
  return {};
}
