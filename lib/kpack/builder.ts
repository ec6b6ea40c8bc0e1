import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { NameFormat, validateName } from '../core/names';
import { KpackApi } from './api';
import { BuilderBase, BuilderBaseProps } from './builder-base';
import { BuilderImportOptions, BuilderKind, IBuilder, importBuilder } from './builder-ref';

/** Props for {@link Builder}. */
export interface BuilderProps extends BuilderBaseProps {
  /**
   * v1alpha2: the service account whose Secrets push the builder image (`serviceAccountName`); must be in
   * the builder's namespace.
   * @default - kpack's default, the namespace's `default` service account
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /** Legacy: names of Secrets to pull a private builder image with. @default - the builder image is public */
  readonly imagePullSecrets?: string[];
}

/**
 * A namespaced kpack Builder: the builder image Images in its namespace build with.
 *
 * In `kpack.io/v1alpha2` kpack assembles it from a ClusterStack, a ClusterStore and a buildpack order and
 * pushes it to `tag`. In the legacy API (`KpackApi.LEGACY_V1ALPHA1`, the 2020 tutorial) it wraps a ready
 * builder image given as `image`.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/builders.md#builders
 * @example
 * const builder = new Builder(chart, 'go-builder', {
 *   tag: 'registry.example.com/team/go-builder', stack, store,
 *   order: [[BuildpackRef.id('paketo-buildpacks/go')]], serviceAccount: bot,
 * });
 */
export class Builder extends BuilderBase {
  /** A Builder outside the app, by name: it must be in the Image's namespace. */
  public static fromName(name: string, options: BuilderImportOptions = {}): IBuilder {
    return importBuilder(false, name, options);
  }

  /** Always `Builder`. */
  public readonly kind = BuilderKind.BUILDER;
  /** `metadata.namespace`: Images must be in the same one. */
  public readonly namespace?: string;
  private readonly serviceAccountName?: string;
  private readonly pullSecrets?: string[];

  constructor(scope: Construct, id: string, props: BuilderProps = {}) {
    super(scope, id, 'Builder', props);
    const api = props.api ?? KpackApi.V1ALPHA2;
    this.namespace = this.resource.metadata.namespace;
    if (api.legacy && props.serviceAccount) {
      fail(this, 'spec.serviceAccountName', props.serviceAccount.name, `does not exist in ${api} Builders`, 'Remove it: a legacy Builder pulls with imagePullSecrets');
    }
    if (!api.legacy && props.imagePullSecrets) {
      fail(this, 'spec.imagePullSecrets', props.imagePullSecrets, `does not exist in ${api} Builders`, 'Give the service account the pull Secrets instead');
    }
    if (props.serviceAccount instanceof kplus.ServiceAccount && props.serviceAccount.metadata.namespace !== this.namespace) {
      fail(this, 'spec.serviceAccountName', props.serviceAccount.name,
        `is in namespace '${props.serviceAccount.metadata.namespace ?? ''}', not the Builder's '${this.namespace ?? ''}'`,
        'Create the service account in the Builder\'s namespace');
    }
    this.serviceAccountName = props.serviceAccount?.name;
    for (const secret of props.imagePullSecrets ?? []) validateName(this, 'spec.imagePullSecrets', secret, { format: NameFormat.SUBDOMAIN });
    this.pullSecrets = props.imagePullSecrets?.length ? [...props.imagePullSecrets] : undefined;
  }

  protected flavourSpec(): { [key: string]: unknown } {
    return {
      ...(this.serviceAccountName ? { serviceAccountName: this.serviceAccountName } : {}),
      ...(this.pullSecrets ? { imagePullSecrets: this.pullSecrets.map(name => ({ name })) } : {}),
    };
  }
}
