/**
 * The API server's rules for labels and annotations (k8s.io/apimachinery `pkg/api/validation/objectmeta.go`
 * `ValidateAnnotations`, `pkg/apis/meta/v1/validation/validation.go` `ValidateLabels`, and
 * `pkg/util/validation/validation.go` `IsQualifiedName`, `IsValidLabelValue`): an object that breaks them
 * is refused by the API server, so Argo CD's sync of the whole folder fails.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */

import { problem } from './errors';

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The most bytes all annotations of one object may take together, keys and values (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** What is wrong with a label or annotation key (a qualified name: optional DNS prefix, '/', name), or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'has an empty prefix before \'/\'';
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return `has a prefix '${prefix}' that is not a DNS-1123 subdomain of at most 253 characters`;
  }
  if (name.length === 0) return 'has an empty name';
  if (name.length > 63) return `has a name part of ${name.length} characters, more than the 63 allowed`;
  if (!NAME_PART.test(name)) return 'has a name part that is not letters, digits, \'-\', \'_\' and \'.\' starting and ending with a letter or digit';
  if (name.includes('/')) return 'has more than one \'/\'';
  return undefined;
}

/** What is wrong with a label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `is ${value.length} characters long, more than the 63 a label value may have`;
  if (!LABEL_VALUE.test(value)) return 'is not letters, digits, \'-\', \'_\' and \'.\' starting and ending with a letter or digit (or empty)';
  return undefined;
}

/** Problems of an object's labels, as `[field, value, what is wrong]`. */
export function labelProblems(labels: { [key: string]: unknown } | undefined, at = 'metadata.labels'): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) out.push([`${at} key`, key, keyProblem]);
    if (typeof value !== 'string') {
      out.push([`${at}["${key}"]`, String(value), 'is not a string']);
      continue;
    }
    const valueProblem = labelValueProblem(value);
    if (valueProblem) out.push([`${at}["${key}"]`, value, valueProblem]);
  }
  return out;
}

/** Problems of an object's annotations, as `[field, value, what is wrong]`. */
export function annotationProblems(annotations: { [key: string]: unknown } | undefined, at = 'metadata.annotations'): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem) out.push([`${at} key`, key, keyProblem]);
    if (typeof value !== 'string') {
      out.push([`${at}["${key}"]`, String(value), 'is not a string']);
      continue;
    }
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    out.push([at, `${size} bytes`, `are larger than the ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes (256 KiB) the API server allows all annotations of an object together`]);
  }
  return out;
}

/**
 * Problems of a label map a user gives for a field other than an object's own labels (a `nodeSelector`, a
 * run's labels, a namespace selector's `matchLabels`), in the library's message form: the API server applies
 * the same rules there (`ValidateLabels` is called for node selectors and label selectors too).
 *
 * @param what what the labels are, for the fix, e.g. `'node label'`
 */
export function labelMapProblems(field: string, labels: { readonly [key: string]: unknown } | undefined, what = 'label'): string[] {
  return labelProblems(labels, field).map(([at, value, wrong]) => problem(at, value, wrong, at.endsWith(' key')
    ? `Use ${what} keys such as 'app.kubernetes.io/name' or 'disktype': an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`
    : `Use a value of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`));
}

/** Problems of an annotation map a user gives for a field other than an object's own annotations (a run's), in the library's message form. */
export function annotationMapProblems(field: string, annotations: { readonly [key: string]: unknown } | undefined): string[] {
  return annotationProblems(annotations, field).map(([at, value, wrong]) => problem(at, value, wrong, at.endsWith(' key')
    ? 'Use a key such as \'example.com/owner\': an optional DNS prefix and \'/\', then at most 63 letters, digits, \'-\', \'_\' or \'.\''
    : 'Keep large data out of annotations: put it in a ConfigMap and reference it'));
}
