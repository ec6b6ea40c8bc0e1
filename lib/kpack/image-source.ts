import { problem } from '../core/errors';
import { checkBranchName, checkCommitSha } from '../core/git';
import { checkGitUrl, checkHttpUrl } from '../core/url';
import { KpackApi } from './api';
import { checkImageReference } from './image-reference';
import { NameFormat, checkName } from '../core/names';

/** Options shared by every source. */
export interface ImageSourceOptions {
  /**
   * The directory inside the source that holds the app (`spec.source.subPath`), relative, without `..`.
   * @default - the root of the source
   */
  readonly subPath?: string;
}

/** Options of a git source. */
export interface GitSourceOptions extends ImageSourceOptions {
  /** Clone submodules too (`initializeSubmodules`; kpack.io/v1alpha2 only). @default false */
  readonly initializeSubmodules?: boolean;
}

/** How a blob source authenticates (`spec.source.blob.auth`, kpack.io/v1alpha2 only). */
export enum BlobAuth {
  /** Credentials from a Secret on the Image's service account. */
  SECRET = 'secret',
  /** Credentials from kpack's configured blob-auth helper. */
  HELPER = 'helper',
}

/** Options of a blob source. */
export interface BlobSourceOptions extends ImageSourceOptions {
  /** Leading path components to strip when unpacking (kpack.io/v1alpha2 only). @default 0 */
  readonly stripComponents?: number;
  /** How to authenticate to the blob store (kpack.io/v1alpha2 only). @default - the blob is public */
  readonly auth?: BlobAuth;
}

/** Options of a registry source. */
export interface RegistrySourceOptions extends ImageSourceOptions {
  /** Names of `dockerconfigjson` Secrets to pull the source image with. @default - the image is public */
  readonly imagePullSecrets?: string[];
}

/**
 * Where an Image's source code comes from: exactly one of git, blob or registry (`spec.source`).
 *
 * For git, prefer {@link ImageSource.gitCommit}: the Image builds exactly the commit that CI tested and
 * kpack never polls, so the ops repo says what runs. {@link ImageSource.gitBranch} makes kpack poll the
 * branch and rebuild every new commit, tested or not.
 *
 * @example
 * ImageSource.gitCommit('https://github.com/example/go-sample-app', 'f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d')
 */
export class ImageSource {
  /**
   * A git repository pinned to one commit: kpack builds that commit and does not poll. CI moves the pin
   * by committing a new SHA to the ops repo (the push model).
   *
   * @param url https://, ssh://, git:// or user@host:path; never with credentials (use a git Secret on the service account)
   * @param sha the full 40-hex commit SHA, lower-case
   */
  public static gitCommit(url: string, sha: string, options: GitSourceOptions = {}): ImageSource {
    return new ImageSource('git', { url, revision: sha, initializeSubmodules: options.initializeSubmodules }, options.subPath, true);
  }

  /**
   * A git branch: kpack polls it (about every five minutes) and builds every new commit, whether CI has
   * tested it or not. Use it for repos without CI; otherwise prefer {@link gitCommit}.
   */
  public static gitBranch(url: string, branch: string, options: GitSourceOptions = {}): ImageSource {
    return new ImageSource('git', { url, revision: branch, initializeSubmodules: options.initializeSubmodules }, options.subPath, false);
  }

  /**
   * An archive (zip, tar, jar) at an https URL (plain http only without `auth`); it is built once per URL,
   * nothing is polled. Never with credentials or a query in the URL: use `auth`.
   */
  public static blob(url: string, options: BlobSourceOptions = {}): ImageSource {
    return new ImageSource('blob', { url, stripComponents: options.stripComponents, auth: options.auth }, options.subPath, false);
  }

  /** An OCI image in a registry whose layers hold the source. */
  public static registry(image: string, options: RegistrySourceOptions = {}): ImageSource {
    const secrets = options.imagePullSecrets?.map(name => ({ name }));
    return new ImageSource('registry', { image, imagePullSecrets: secrets?.length ? secrets : undefined }, options.subPath, false);
  }

  private constructor(
    /** `git`, `blob` or `registry`. */
    public readonly type: 'git' | 'blob' | 'registry',
    private readonly fields: { [key: string]: unknown },
    /** The sub-path, if any. */
    public readonly subPath: string | undefined,
    /** True for {@link gitCommit}: the revision is a commit SHA and kpack does not poll. */
    public readonly pinned: boolean,
  ) {}

  /** The git revision (commit SHA or branch), or undefined for blob and registry sources. */
  public get revision(): string | undefined {
    return this.type === 'git' ? this.fields.revision as string : undefined;
  }

  /** The git URL, or undefined for blob and registry sources. */
  public get gitUrl(): string | undefined {
    return this.type === 'git' ? this.fields.url as string : undefined;
  }

  /** Every problem of this source for `api`, as `problem(...)` strings whose fields start at `spec.source`. */
  public check(api: KpackApi): string[] {
    const out: string[] = [];
    const at = `spec.source.${this.type}`;
    const f = this.fields;
    if (this.type === 'git') {
      const urlWrong = checkGitUrl(f.url as string);
      if (urlWrong) out.push(problem(`${at}.url`, f.url, urlWrong, 'Give the clone URL; credentials belong in a git Secret listed on the service account'));
      const revWrong = this.pinned ? checkCommitSha(f.revision as string) : checkBranchName(f.revision as string);
      if (revWrong) {
        out.push(problem(`${at}.revision`, f.revision, revWrong, this.pinned
          ? 'Pass the full SHA, e.g. from `git rev-parse HEAD`'
          : 'Pass a branch name such as \'main\', or use ImageSource.gitCommit for a commit'));
      }
    } else if (this.type === 'blob') {
      // With auth, kpack sends the service account's blob Secret (or its helper's credentials) to the host.
      const urlWrong = checkHttpUrl(f.url as string, { credentials: f.auth !== undefined });
      if (urlWrong) out.push(problem(`${at}.url`, f.url, urlWrong, 'Give the https:// URL of a zip, tar or jar archive; credentials belong in a Secret (BlobAuth.SECRET)'));
      const strip = f.stripComponents as number | undefined;
      if (strip !== undefined && !(Number.isInteger(strip) && strip >= 0)) {
        out.push(problem(`${at}.stripComponents`, strip, 'is not a whole number of 0 or more', 'Give how many leading path components to drop, e.g. 1'));
      }
    } else {
      const wrong = checkImageReference(f.image as string);
      if (wrong) out.push(problem(`${at}.image`, f.image, wrong, 'Give an image such as registry.example.com/team/app-source:1'));
      for (const s of (f.imagePullSecrets as Array<{ name: string }> | undefined) ?? []) {
        const bad = checkName(s.name, { format: NameFormat.SUBDOMAIN });
        if (bad) out.push(problem(`${at}.imagePullSecrets`, s.name, bad, 'Give the name of a Secret in the Image\'s namespace'));
      }
    }
    if (this.subPath !== undefined && (this.subPath === '' || this.subPath.startsWith('/') || this.subPath.split('/').includes('..'))) {
      out.push(problem('spec.source.subPath', this.subPath, 'is not a relative path inside the source', 'Give a path such as \'services/api\', without a leading \'/\' or \'..\''));
    }
    if (api.legacy) {
      const v2only: Array<[string, unknown]> = [
        ['git.initializeSubmodules', this.type === 'git' ? f.initializeSubmodules : undefined],
        ['blob.stripComponents', this.type === 'blob' ? f.stripComponents : undefined],
        ['blob.auth', this.type === 'blob' ? f.auth : undefined],
      ];
      for (const [field, value] of v2only.filter(([, v]) => v !== undefined)) {
        out.push(problem(`spec.source.${field}`, value, `does not exist in ${api}`, `Remove it, or use KpackApi.V1ALPHA2`));
      }
    }
    return out;
  }

  /** The `spec.source` object. */
  public render(): { [key: string]: unknown } {
    const fields = Object.fromEntries(Object.entries(this.fields).filter(([, v]) => v !== undefined && v !== false));
    return { [this.type]: fields, ...(this.subPath !== undefined ? { subPath: this.subPath } : {}) };
  }
}
