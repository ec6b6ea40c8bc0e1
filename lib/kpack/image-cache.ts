import { Size, SizeRoundingBehavior } from 'cdk8s';
import { problem } from '../core/errors';
import { NameFormat, checkName } from '../core/names';
import { KpackApi } from './api';
import { checkPushTag } from './image-reference';
import { quantity } from './quantity';

/** Options of a volume cache. */
export interface VolumeCacheOptions {
  /** Size of the PersistentVolumeClaim. kpack cannot shrink it later, and grows it only on expandable storage classes. */
  readonly size: Size;
  /** StorageClass of the claim (kpack.io/v1alpha2 only). @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/**
 * The build cache of an Image (`spec.cache`): one volume or one registry tag, never both.
 * Without a cache, kpack uses a 2G volume when the cluster has a default StorageClass and none otherwise.
 *
 * @example
 * ImageCache.volume({ size: Size.gibibytes(2) })
 */
export class ImageCache {
  /**
   * A PersistentVolumeClaim per Image. kpack's webhook rejects it when the cluster has no default
   * StorageClass, and refuses to make it smaller afterwards.
   */
  public static volume(options: VolumeCacheOptions): ImageCache {
    return new ImageCache('volume', options.size, options.storageClassName);
  }

  /** An image tag the cache is written to (kpack.io/v1alpha2 only); needs push access for the service account. */
  public static registry(tag: string): ImageCache {
    return new ImageCache('registry', undefined, undefined, tag);
  }

  private constructor(
    /** `volume` or `registry`. */
    public readonly type: 'volume' | 'registry',
    /** The volume size, for a volume cache. */
    public readonly size?: Size,
    private readonly storageClassName?: string,
    /** The cache tag, for a registry cache. */
    public readonly tag?: string,
  ) {}

  /** Every problem of this cache for `api`. */
  public check(api: KpackApi): string[] {
    const out: string[] = [];
    const field = api.legacy ? 'spec.cacheSize' : 'spec.cache.volume.size';
    if (this.type === 'volume') {
      if (this.size!.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) <= 0) {
        out.push(problem(field, quantity(this.size!), 'is not greater than zero', 'Give a size such as Size.gibibytes(2), or leave the cache out'));
      }
      if (this.storageClassName !== undefined) {
        const bad = checkName(this.storageClassName, { format: NameFormat.SUBDOMAIN });
        if (api.legacy) {
          out.push(problem('spec.cache.volume.storageClassName', this.storageClassName, `does not exist in ${api}`, 'Remove it (the legacy API uses the default StorageClass), or use KpackApi.V1ALPHA2'));
        } else if (bad) {
          out.push(problem('spec.cache.volume.storageClassName', this.storageClassName, bad, 'Give the name of a StorageClass'));
        }
      }
    } else if (api.legacy) {
      out.push(problem('spec.cache.registry', this.tag, `does not exist in ${api}`, 'Use ImageCache.volume, or KpackApi.V1ALPHA2'));
    } else {
      const wrong = checkPushTag(this.tag!);
      if (wrong) out.push(problem('spec.cache.registry.tag', this.tag, wrong, 'Give a tag such as registry.example.com/team/app-cache'));
    }
    return out;
  }

  /** The fields this cache adds to an Image's spec: `cache` in kpack.io/v1alpha2, `cacheSize` in the legacy API. */
  public render(api: KpackApi): { [key: string]: unknown } {
    if (this.type === 'registry') return { cache: { registry: { tag: this.tag } } };
    if (api.legacy) return { cacheSize: quantity(this.size!) };
    return { cache: { volume: { size: quantity(this.size!), ...(this.storageClassName ? { storageClassName: this.storageClassName } : {}) } } };
  }
}
