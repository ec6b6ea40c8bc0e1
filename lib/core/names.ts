import { IConstruct } from 'constructs';
import { fail } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The two Kubernetes name formats (RFC 1123). */
export enum NameFormat {
  /** A DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. Namespaces, Services, Tekton task names. */
  LABEL = 'label',
  /** A DNS-1123 subdomain: labels joined by '.', at most 253 characters. Most object names. */
  SUBDOMAIN = 'subdomain',
}

/** Options for {@link checkName}. */
export interface NameRule {
  /** The name format. @default NameFormat.SUBDOMAIN */
  readonly format?: NameFormat;
  /** The longest allowed name; kinds with generated children are shorter than the format's limit. @default 63 for labels, 253 for subdomains */
  readonly maxLength?: number;
}

/**
 * Returns what is wrong with `name` as a Kubernetes name, or `undefined` when it is valid.
 *
 * @example
 * checkName('el-github', { format: NameFormat.LABEL, maxLength: 60 }) // undefined
 */
export function checkName(name: string, rule: NameRule = {}): string | undefined {
  const format = rule.format ?? NameFormat.SUBDOMAIN;
  const max = rule.maxLength ?? (format === NameFormat.LABEL ? 63 : 253);
  if (name.length === 0) return 'is empty';
  if (name.length > max) return `is ${name.length} characters long, more than the ${max} allowed`;
  const pattern = format === NameFormat.LABEL ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!pattern.test(name)) {
    return format === NameFormat.LABEL
      ? 'is not a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit)'
      : 'is not a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit)';
  }
  return undefined;
}

/**
 * Throws, naming the construct path, when `name` is not a valid Kubernetes name; returns it otherwise.
 *
 * @example
 * const name = validateName(this, 'metadata.name', props.name ?? 'git-clone', { format: NameFormat.LABEL });
 */
export function validateName(scope: IConstruct, field: string, name: string, rule: NameRule = {}): string {
  const wrong = checkName(name, rule);
  if (wrong) {
    fail(scope, field, name, wrong, 'Choose a name of lower-case letters, digits and \'-\'');
  }
  return name;
}
