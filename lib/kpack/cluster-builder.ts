import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { requireNoNamespace } from '../core/resource';
import { KpackApi } from './api';
import { BuilderBase, BuilderBaseProps } from './builder-base';
import { BuilderImportOptions, BuilderKind, IBuilder, importBuilder } from './builder-ref';
import { clusterScoped } from '../core/cluster-scoped';
import { ServiceAccountRef, checkServiceAccountRef, serviceAccountRef } from './service-account';

/** Props for {@link ClusterBuilder}. */
export interface ClusterBuilderProps extends BuilderBaseProps {
  /**
   * v1alpha2: the service account whose Secrets push the builder image, rendered as
   * `serviceAccountRef{name, namespace}`. Required in v1alpha2: kpack rejects a ClusterBuilder without it.
   * @default - none
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A cluster-scoped kpack ClusterBuilder, usable by Images in every namespace.
 *
 * In `kpack.io/v1alpha2` it is assembled like a {@link Builder} and names its service account with
 * `serviceAccountRef`; in the legacy API it wraps a ready builder image.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/builders.md#cluster-builders
 * @example
 * new ClusterBuilder(chart, 'default', { tag: 'registry.example.com/builders/default', stack, store, order, serviceAccount: bot });
 */
export class ClusterBuilder extends BuilderBase {
  /** A ClusterBuilder outside the app, by name. */
  public static fromName(name: string, options: BuilderImportOptions = {}): IBuilder {
    return importBuilder(true, name, options);
  }

  /** Always `ClusterBuilder`. */
  public readonly kind = BuilderKind.CLUSTER_BUILDER;
  /** Always undefined: a ClusterBuilder serves every namespace. */
  public readonly namespace?: string;
  private readonly saRef?: ServiceAccountRef;

  constructor(scope: Construct, id: string, props: ClusterBuilderProps = {}) {
    super(scope, id, 'ClusterBuilder', props);
    requireNoNamespace(this, 'ClusterBuilder', props.metadata);
    clusterScoped(this.resource);
    const api = props.api ?? KpackApi.V1ALPHA2;
    if (api.legacy) {
      if (props.serviceAccount) {
        fail(this, 'spec.serviceAccountRef', props.serviceAccount.name, `does not exist in ${api} ClusterBuilders`, 'Remove it: a legacy ClusterBuilder wraps a public builder image');
      }
      return;
    }
    if (!props.serviceAccount) {
      fail(this, 'spec.serviceAccountRef', '', 'is missing, but kpack requires a ClusterBuilder to name its service account',
        'Pass serviceAccount, e.g. a RegistryServiceAccount or ServiceAccount.fromServiceAccountName(scope, id, name, { namespaceName })');
    }
    this.saRef = serviceAccountRef(props.serviceAccount);
    const problems = checkServiceAccountRef('spec.serviceAccountRef', this.saRef);
    if (problems.length) throw new Error(`${this.node.path}: ${problems[0]}`);
  }

  protected flavourSpec(): { [key: string]: unknown } {
    return this.saRef ? { serviceAccountRef: this.saRef } : {};
  }
}
