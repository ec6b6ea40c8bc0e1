import { FolderChart } from '../output/folder-chart';

/** Options of {@link GitOpsRepo.of}. */
export interface GitOpsRepoOptions {
  /** The ops repository's clone URL, as Argo CD reaches it, e.g. `https://github.com/org/app-ops.git`. */
  readonly url: string;

  /**
   * The branch, tag or commit Argo CD syncs.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;

  /**
   * The folder of the repository that synthesis writes to (the app's output directory as committed).
   * @default 'dist'
   */
  readonly manifestsPath?: string;
}

/**
 * The ops repository this app's output is committed to: where Argo CD finds each {@link FolderChart}'s folder.
 *
 * The path of a chart in the repository is `<manifestsPath>/<chart.folder>`. It never comes from the app's
 * output directory, which can be a temporary folder (the drift check synthesizes into one).
 *
 * @example
 * const ops = GitOpsRepo.of({ url: 'https://github.com/org/go-sample-app-ops.git', targetRevision: 'main' });
 * ops.pathOf(tektonChart) // 'dist/go-sample-app/tekton'
 */
export class GitOpsRepo {
  /** Describes an ops repository. */
  public static of(options: GitOpsRepoOptions): GitOpsRepo {
    return new GitOpsRepo(options.url, options.targetRevision ?? 'HEAD', trimSlashes(options.manifestsPath ?? 'dist'));
  }

  private constructor(
    /** The clone URL. */
    public readonly url: string,
    /** The revision Argo CD syncs. */
    public readonly targetRevision: string,
    /** The folder synthesis writes to, without leading or trailing `/`. */
    public readonly manifestsPath: string,
  ) {}

  /** Where `chart`'s manifests are in the repository. */
  public pathOf(chart: FolderChart): string {
    return this.manifestsPath ? `${this.manifestsPath}/${chart.folder}` : chart.folder;
  }

  /**
   * The folder of the app's output `path` names (relative to the manifests path), or undefined when `path`
   * is outside the manifests path.
   */
  public folderOf(path: string): string | undefined {
    const p = trimSlashes(path);
    if (!this.manifestsPath) return p;
    if (p === this.manifestsPath) return '';
    return p.startsWith(`${this.manifestsPath}/`) ? p.slice(this.manifestsPath.length + 1) : undefined;
  }
}

function trimSlashes(p: string): string {
  const trimmed = p.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return trimmed === '.' ? '' : trimmed;
}
