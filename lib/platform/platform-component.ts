import { RunningVersion } from './compatibility';
import { ComponentRelease } from './releases';

/** How the platform provides a component, as chosen. */
export enum ComponentMode {
  /** Installed from its release, whatever the repository commits. */
  INSTALL = 'install',
  /** Installed from its release when something in the repository needs it; otherwise not at all. */
  WHEN_NEEDED = 'whenNeeded',
  /** Already in the cluster, at a declared version: nothing is installed. */
  PREINSTALLED = 'preinstalled',
  /** Not installed and not present: committing one of its kinds is an error. */
  ABSENT = 'absent',
}

const PLATFORM_COMPONENT = Symbol.for('push-delivery.PlatformComponent');

/**
 * How the platform provides one component: installed from a pinned release when something needs it (the
 * default), always, already in the cluster, or not at all.
 */
export class PlatformComponent {
  /** True when `x` is a PlatformComponent, also one made by another copy of this library. */
  public static isPlatformComponent(x: unknown): x is PlatformComponent {
    return x !== null && typeof x === 'object' && PLATFORM_COMPONENT in x;
  }

  /**
   * Install `release` (default: the release this library is checked against, see {@link RELEASES}), even when
   * nothing in the ops repository uses it.
   */
  public static install(release?: ComponentRelease): PlatformComponent {
    return new PlatformComponent(ComponentMode.INSTALL, release);
  }

  /**
   * Install `release` (default: {@link RELEASES}) only when something in the ops repository needs it: an object
   * of a kind it serves, a controller that watches its kinds, or another installed component that depends on
   * it. The default of every component.
   */
  public static whenNeeded(release?: ComponentRelease): PlatformComponent {
    return new PlatformComponent(ComponentMode.WHEN_NEEDED, release);
  }

  /**
   * The cluster already runs the component, at `version` (a release such as `v1.15.0`, or a build of an
   * untagged commit such as `main-4f0f57d`): nothing is installed, the version is checked against what the
   * repository commits, and `dist/README.md` lists it as a prerequisite.
   *
   * @param parts versions of parts the component bundles, e.g. `{ 'image-reflector-controller': 'v1.1.2' }` for Flux
   */
  public static preinstalled(version: string, parts?: { readonly [part: string]: string }): PlatformComponent {
    return new PlatformComponent(ComponentMode.PREINSTALLED, undefined, { version, ...(parts ? { parts } : {}) });
  }

  /** Not installed and not present: committing any of its kinds is an error. */
  public static absent(): PlatformComponent {
    return new PlatformComponent(ComponentMode.ABSENT);
  }

  private constructor(
    /** How it is provided. */
    public readonly mode: ComponentMode,
    /** The release to install, when not the default one. */
    public readonly release?: ComponentRelease,
    /** The version declared present. */
    public readonly running?: RunningVersion,
  ) {
    Object.defineProperty(this, PLATFORM_COMPONENT, { value: true });
  }
}
