import { ApiObjectMetadata } from 'cdk8s';
import { IConstruct } from 'constructs';
import { NameFormat, NameRule, validateName } from './names';

/**
 * The `metadata` of an L2 construct's object: the name defaults to the construct id (not cdk8s' path-based
 * name) and is checked against `rule`; a namespace given explicitly is checked as a DNS-1123 label.
 *
 * @example
 * const metadata = objectMetadata(this, id, props.metadata, { maxLength: 63 }, { namespace: 'argocd' });
 */
export function objectMetadata(
  scope: IConstruct,
  id: string,
  metadata: ApiObjectMetadata | undefined,
  rule: NameRule = {},
  defaults: { readonly namespace?: string } = {},
): ApiObjectMetadata {
  return namedMetadata(scope, metadata, validateName(scope, 'metadata.name', metadata?.name ?? id, rule), defaults);
}

/**
 * `metadata` with the `name` its construct checked by its kind's rules; a namespace given explicitly (or as
 * the default) is checked as a DNS-1123 label.
 *
 * @example
 * const metadata = namedMetadata(this, props.metadata, validateResourceName(this, 'metadata.name', props.metadata?.name ?? id));
 */
export function namedMetadata(
  scope: IConstruct,
  metadata: ApiObjectMetadata | undefined,
  name: string,
  defaults: { readonly namespace?: string } = {},
): ApiObjectMetadata {
  const namespace = metadata?.namespace ?? defaults.namespace;
  if (namespace !== undefined) validateName(scope, 'metadata.namespace', namespace, { format: NameFormat.LABEL });
  return { ...metadata, name, ...(namespace !== undefined ? { namespace } : {}) };
}
