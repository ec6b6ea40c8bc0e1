/** The API server URL of the cluster Argo CD runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** The name Argo CD gives the cluster it runs in. */
export const IN_CLUSTER_NAME = 'in-cluster';

/**
 * The cluster of an Argo CD destination (`server` or `name`) as a key and as it reads: the in-cluster server
 * and name are one cluster, `in-cluster`; others are keyed by how the destination gives them.
 */
export function destinationCluster(d: { readonly server?: string; readonly name?: string }): { readonly key: string; readonly label: string } {
  if (d.server === IN_CLUSTER_SERVER || (d.server === undefined && (d.name === undefined || d.name === IN_CLUSTER_NAME))) {
    return { key: 'in-cluster', label: IN_CLUSTER_NAME };
  }
  return d.server !== undefined ? { key: `server:${d.server}`, label: d.server } : { key: `name:${d.name}`, label: d.name! };
}

/**
 * Where an Application deploys to: exactly one of a cluster API server URL or a cluster name registered in
 * Argo CD, and the namespace for objects that do not set their own.
 *
 * @example
 * ApplicationDestination.inCluster('dev')
 * ApplicationDestination.clusterName('prod-eu', 'shop')
 */
export class ApplicationDestination {
  /** The cluster Argo CD runs in (`https://kubernetes.default.svc`). */
  public static inCluster(namespace?: string): ApplicationDestination {
    return new ApplicationDestination(IN_CLUSTER_SERVER, undefined, namespace);
  }

  /** A cluster by its API server URL, as registered in Argo CD. */
  public static server(url: string, namespace?: string): ApplicationDestination {
    return new ApplicationDestination(url, undefined, namespace);
  }

  /** A cluster by the name it is registered with in Argo CD. */
  public static clusterName(name: string, namespace?: string): ApplicationDestination {
    return new ApplicationDestination(undefined, name, namespace);
  }

  private constructor(
    /** `server`, when the cluster is given by URL. */
    public readonly server: string | undefined,
    /** `name`, when the cluster is given by name. */
    public readonly name: string | undefined,
    /** `namespace`: where objects without their own namespace go. */
    public readonly namespace: string | undefined,
  ) {}

  /** The `spec.destination` object. */
  public toSpec(): { server?: string; name?: string; namespace?: string } {
    return {
      ...(this.server !== undefined ? { server: this.server } : {}),
      ...(this.name !== undefined ? { name: this.name } : {}),
      ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
    };
  }
}
