/**
 * Which kpack API the kpack constructs speak. Set once per Image, Builder or ClusterBuilder: an Image and
 * its Builder must speak the same one, and so must every Image one kpush controller serves.
 *
 * @example
 * new Builder(chart, 'paketo-builder', { api: KpackApi.LEGACY_V1ALPHA1, image: 'gcr.io/paketo-buildpacks/builder:base-platform-api-0.3' });
 */
export class KpackApi {
  /**
   * `kpack.io/v1alpha2`, the storage version of every kpack release since v0.4.0: Builders are assembled
   * from a ClusterStack, a ClusterStore and a buildpack order.
   */
  public static readonly V1ALPHA2 = new KpackApi('kpack.io', 'v1alpha2', false);

  /**
   * `build.pivotal.io/v1alpha1`, kpack v0.0.9 (2020): Builders wrap a ready builder image, Images use
   * `serviceAccount` and `cacheSize`. Its CRDs are `apiextensions.k8s.io/v1beta1`, which Kubernetes 1.22
   * and later no longer serve: use it only to reproduce that release's manifests.
   */
  public static readonly LEGACY_V1ALPHA1 = new KpackApi('build.pivotal.io', 'v1alpha1', true);

  /** The plural of the Image resource in both APIs, as controllers such as kpush watch it. */
  public readonly imagePlural = 'images';

  private constructor(
    /** The API group, e.g. `kpack.io`. */
    public readonly group: string,
    /** The API version, e.g. `v1alpha2`. */
    public readonly version: string,
    /** True for the 2020 `build.pivotal.io` API. */
    public readonly legacy: boolean,
  ) {}

  /** `<group>/<version>`, the `apiVersion` of every object of this API. */
  public get apiVersion(): string {
    return `${this.group}/${this.version}`;
  }

  /** Same as {@link apiVersion}, so messages can show the API directly. */
  public toString(): string {
    return this.apiVersion;
  }
}

/** Fields of a props object that do not exist in `api`, as `[field, value]` for the ones that are set. */
export function fieldsNotIn(api: KpackApi, legacyOnly: { [field: string]: unknown }, v1alpha2Only: { [field: string]: unknown }): Array<[string, unknown]> {
  const foreign = api.legacy ? v1alpha2Only : legacyOnly;
  return Object.entries(foreign).filter(([, v]) => v !== undefined);
}
