import { problem } from '../core/errors';
import { NameFormat, checkName } from '../core/names';

/** Options of a buildpack chosen by id. */
export interface BuildpackIdOptions {
  /** The buildpack version. @default - the highest version available */
  readonly version?: string;
  /** Whether the group may pass detection without this buildpack. @default false */
  readonly optional?: boolean;
}

/** Options of a buildpack taken from a Buildpack or ClusterBuildpack resource. */
export interface BuildpackResourceOptions extends BuildpackIdOptions {
  /** Which buildpack of the resource, when it holds several. @default - the resource's top-level buildpack */
  readonly id?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * One entry of a builder's buildpack group (`spec.order[].group[]`).
 *
 * kpack's webhook also knows an `image` entry but rejects it ("image reference currently not supported"),
 * so there is no factory for it: put buildpackage images in a {@link ClusterStore} and refer to them by id.
 *
 * @example
 * BuildpackRef.id('paketo-buildpacks/go')
 */
export class BuildpackRef {
  /** A buildpack by id, resolved from the builder's ClusterStore (or ClusterBuildpacks). */
  public static id(id: string, options: BuildpackIdOptions = {}): BuildpackRef {
    return new BuildpackRef({ id, version: options.version, optional: options.optional });
  }

  /** The buildpack of a cluster-wide ClusterBuildpack resource. */
  public static clusterBuildpack(name: string, options: BuildpackResourceOptions = {}): BuildpackRef {
    return new BuildpackRef({ kind: 'ClusterBuildpack', name, id: options.id, version: options.version, optional: options.optional });
  }

  /** The buildpack of a namespaced Buildpack resource in the builder's namespace. */
  public static buildpack(name: string, options: BuildpackResourceOptions = {}): BuildpackRef {
    return new BuildpackRef({ kind: 'Buildpack', name, id: options.id, version: options.version, optional: options.optional });
  }

  private constructor(private readonly fields: { id?: string; kind?: string; name?: string; version?: string; optional?: boolean }) {}

  /** What identifies the buildpack inside one group: its id, else its resource. */
  public get key(): string {
    return this.fields.id ?? `${this.fields.kind}/${this.fields.name}`;
  }

  /** Problems of this entry; `at` is its field path, e.g. `spec.order[0].group[1]`. */
  public check(at: string): string[] {
    const out: string[] = [];
    const f = this.fields;
    if (f.id !== undefined && !ID.test(f.id)) {
      out.push(problem(`${at}.id`, f.id, 'is not a buildpack id', 'Give an id such as \'paketo-buildpacks/go\''));
    }
    if (f.name !== undefined) {
      const bad = checkName(f.name, { format: NameFormat.SUBDOMAIN });
      if (bad) out.push(problem(`${at}.name`, f.name, bad, `Give the name of a ${f.kind}`));
    }
    if (f.version !== undefined && !/^\S+$/.test(f.version)) {
      out.push(problem(`${at}.version`, f.version, 'is empty or contains whitespace', 'Give a version such as \'1.2.3\', or leave it out for the highest'));
    }
    return out;
  }

  /** The group entry. */
  public render(): { [key: string]: unknown } {
    return Object.fromEntries(Object.entries(this.fields).filter(([, v]) => v !== undefined && v !== false));
  }
}
