import { Duration } from 'cdk8s';

/** How pruned objects' dependents are deleted (`PrunePropagationPolicy`). */
export enum PrunePropagationPolicy {
  /** Dependents first, then the object. */
  FOREGROUND = 'foreground',
  /** The object first; the garbage collector deletes dependents. */
  BACKGROUND = 'background',
  /** The object only; dependents stay. */
  ORPHAN = 'orphan',
}

/**
 * An Application-wide sync option (`spec.syncPolicy.syncOptions`).
 *
 * @example
 * [SyncOption.createNamespace(), SyncOption.serverSideApply(), SyncOption.pruneLast()]
 */
export class SyncOption {
  /** Create the destination namespace if it is missing (`CreateNamespace=true`). */
  public static createNamespace(): SyncOption {
    return new SyncOption('CreateNamespace', 'true');
  }

  /** Let `ignoreDifferences` also apply when syncing, not only when diffing (`RespectIgnoreDifferences=true`). */
  public static respectIgnoreDifferences(): SyncOption {
    return new SyncOption('RespectIgnoreDifferences', 'true');
  }

  /** Apply with server-side apply (`ServerSideApply=true`). */
  public static serverSideApply(): SyncOption {
    return new SyncOption('ServerSideApply', 'true');
  }

  /** Prune after everything else is applied and healthy (`PruneLast=true`). */
  public static pruneLast(): SyncOption {
    return new SyncOption('PruneLast', 'true');
  }

  /** Apply only objects that are out of sync (`ApplyOutOfSyncOnly=true`). */
  public static applyOutOfSyncOnly(): SyncOption {
    return new SyncOption('ApplyOutOfSyncOnly', 'true');
  }

  /** Use `kubectl replace`/`create` instead of `apply` (`Replace=true`). */
  public static replace(): SyncOption {
    return new SyncOption('Replace', 'true');
  }

  /** Fail when an object is already managed by another Application (`FailOnSharedResource=true`). */
  public static failOnSharedResource(): SyncOption {
    return new SyncOption('FailOnSharedResource', 'true');
  }

  /** Skip kubectl's schema validation (`Validate=false`). */
  public static skipSchemaValidation(): SyncOption {
    return new SyncOption('Validate', 'false');
  }

  /**
   * Skip the dry run of objects whose kind the cluster does not serve yet
   * (`SkipDryRunOnMissingResource=true`): without it one unknown kind fails the whole sync before anything
   * is applied (argo-cd `docs/user-guide/sync-options.md`); with it that object's apply fails, the rest is
   * applied, and a retry succeeds once the CRD is served.
   */
  public static skipDryRunOnMissingResource(): SyncOption {
    return new SyncOption('SkipDryRunOnMissingResource', 'true');
  }

  /** How pruned objects' dependents are deleted (`PrunePropagationPolicy=<policy>`). */
  public static prunePropagationPolicy(policy: PrunePropagationPolicy): SyncOption {
    return new SyncOption('PrunePropagationPolicy', policy);
  }

  private constructor(
    /** The option's name, e.g. `CreateNamespace`. */
    public readonly key: string,
    /** Its value, e.g. `true`. */
    public readonly value: string,
  ) {}

  /** `Key=value`, as written in `syncOptions`. */
  public toString(): string {
    return `${this.key}=${this.value}`;
  }
}

/** Automated sync (`spec.syncPolicy.automated`): Argo CD syncs whenever Git changes. */
export interface AutomatedSync {
  /**
   * Delete objects that are no longer in Git.
   * @default false
   */
  readonly prune?: boolean;

  /**
   * Revert changes made in the cluster.
   * @default false
   */
  readonly selfHeal?: boolean;

  /**
   * Allow a sync that leaves the Application with no objects (otherwise pruning everything is refused).
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Backoff between sync retries. */
export interface SyncBackoff {
  /**
   * Wait before the first retry.
   * @default - Argo CD's default, 5s
   */
  readonly duration?: Duration;

  /**
   * Multiplier of the wait after each failed retry (an integer of at least 1).
   * @default - Argo CD's default, 2
   */
  readonly factor?: number;

  /**
   * Longest wait between retries.
   * @default - Argo CD's default, 3m
   */
  readonly maxDuration?: Duration;
}

/** Retries of a failed sync (`spec.syncPolicy.retry`). */
export interface SyncRetry {
  /** How many times to retry a failed sync: 0 for none, a negative number for no limit. */
  readonly limit: number;

  /**
   * Backoff between retries.
   * @default - Argo CD's default backoff (5s, factor 2, at most 3m)
   */
  readonly backoff?: SyncBackoff;
}

/**
 * Fields Argo CD does not compare (`spec.ignoreDifferences`), e.g. a field another controller owns.
 * With automated sync, add {@link SyncOption.respectIgnoreDifferences} so a sync does not overwrite them.
 */
export interface IgnoreDifference {
  /**
   * API group of the objects; `''` for the core group.
   * @default - the core group
   */
  readonly group?: string;

  /** Kind of the objects, e.g. `Deployment`. */
  readonly kind: string;

  /**
   * Name of the object.
   * @default - every object of the kind
   */
  readonly name?: string;

  /**
   * Namespace of the object.
   * @default - every namespace
   */
  readonly namespace?: string;

  /**
   * RFC 6901 JSON pointers of ignored fields, e.g. `/spec/replicas`.
   * @default - none
   */
  readonly jsonPointers?: string[];

  /**
   * jq path expressions of ignored fields, e.g. `.spec.template.spec.containers[] | select(.name == "app") | .image`.
   * @default - none
   */
  readonly jqPathExpressions?: string[];

  /**
   * Field managers whose changes are ignored, e.g. `kube-controller-manager`.
   * @default - none
   */
  readonly managedFieldsManagers?: string[];
}
