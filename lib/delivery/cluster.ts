import { IConstruct } from 'constructs';
import { ApplicationDestination, destinationCluster, IN_CLUSTER_SERVER } from '../argocd/destination';
import { fail } from '../core/errors';
import { describeValue } from '../core/guards';
import { checkClusterServerUrl } from '../core/url';

/**
 * A Kubernetes cluster registered in Argo CD, where an environment runs: by API server URL or by the name
 * it is registered with (`argocd cluster add`). Argo CD accepts either in an Application's
 * `spec.destination` (argo-cd `pkg/apis/application/v1alpha1/types.go`, `ApplicationDestination`).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#clusters
 *
 * @example
 * Cluster.inCluster()
 * Cluster.server('https://prod.example.com:6443')
 * Cluster.named('prod-eu')
 */
export class Cluster {
  /** The cluster Argo CD runs in (`https://kubernetes.default.svc`). */
  public static inCluster(): Cluster {
    return new Cluster(IN_CLUSTER_SERVER, undefined);
  }

  /**
   * A cluster by its API server URL, as registered in Argo CD: `https://host[:port][/path]`, without
   * credentials, a query or a trailing `/` (checked where an environment uses it).
   */
  public static server(url: string): Cluster {
    return new Cluster(url, undefined);
  }

  /** A cluster by the name it is registered with in Argo CD. */
  public static named(name: string): Cluster {
    return new Cluster(undefined, name);
  }

  private constructor(
    /** The API server URL, when the cluster is given by URL. */
    public readonly server: string | undefined,
    /** The registered name, when the cluster is given by name. */
    public readonly name: string | undefined,
  ) {}

  /** An Application destination in this cluster. */
  public destination(namespace: string): ApplicationDestination {
    return this.server !== undefined
      ? ApplicationDestination.server(this.server, namespace)
      : ApplicationDestination.clusterName(this.name!, namespace);
  }

  /** A stable key for comparing clusters: the in-cluster server and name are the same cluster. */
  public get key(): string {
    return clusterKey({ server: this.server, name: this.name });
  }

  /** How the cluster reads in a message. */
  public toString(): string {
    return this.server ?? this.name!;
  }
}

/** A key identifying the cluster of an Argo CD destination (`server` or `name`). */
export function clusterKey(d: { readonly server?: string; readonly name?: string }): string {
  return destinationCluster(d).key;
}

/**
 * Throws in the library's format unless `cluster` is a {@link Cluster} whose server URL follows the URL rules
 * ({@link checkClusterServerUrl}: https, no credentials, no whitespace) and whose name is one line of text.
 */
export function checkCluster(scope: IConstruct, field: string, cluster: unknown): void {
  if (!(cluster instanceof Cluster)) {
    fail(scope, field, cluster, `is ${describeValue(cluster)}, not a Cluster`, 'Use Cluster.inCluster(), Cluster.server(\'https://...\') or Cluster.named(\'...\')');
  }
  if (cluster.server !== undefined) {
    const wrong = typeof cluster.server === 'string' ? checkClusterServerUrl(cluster.server) : `is ${describeValue(cluster.server)}, not a string`;
    if (wrong) {
      fail(scope, `${field}.server`, cluster.server, wrong,
        'Give the API server URL the cluster is registered with in Argo CD (argocd cluster list), e.g. https://prod.example.com:6443; its credentials stay in Argo CD\'s cluster Secret');
    }
  } else if (typeof cluster.name !== 'string' || cluster.name.trim() === '' || /[\s\x00-\x1f\x7f]/.test(cluster.name)) {
    fail(scope, `${field}.name`, cluster.name, 'is not the name of a cluster (empty, not a string, or with whitespace or control characters)',
      'Give the name the cluster is registered with in Argo CD (argocd cluster list), e.g. prod-eu');
  }
}
