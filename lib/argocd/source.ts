import { FolderChart } from '../output/folder-chart';
import { GitOpsRepo } from './gitops-repo';

/** How Argo CD reads a directory of plain manifests (`spec.source.directory`). */
export interface DirectoryOptions {
  /**
   * Whether to read sub-folders too.
   * @default false
   */
  readonly recurse?: boolean;

  /**
   * Glob of the files to read, e.g. `*.yaml` or `{a.yaml,b.yaml}`.
   * @default - every .yaml, .yml and .json file
   */
  readonly include?: string;

  /**
   * Glob of the files to skip.
   * @default - none
   */
  readonly exclude?: string;
}

/** Options of {@link ApplicationSource.fromGitPath}. */
export interface GitPathOptions extends DirectoryOptions {
  /**
   * The branch, tag or commit to sync.
   * @default - the ops repository's targetRevision when `repo` is a GitOpsRepo, else 'HEAD'
   */
  readonly targetRevision?: string;
}

/**
 * Where an Argo CD Application's manifests come from: a folder of this app's output in the ops repository
 * ({@link ApplicationSource.fromFolderChart}, the path derived from the chart), or any path of a Git
 * repository ({@link ApplicationSource.fromGitPath}).
 *
 * @example
 * ApplicationSource.fromFolderChart(tektonChart, ops)       // path: dist/go-sample-app/tekton
 * ApplicationSource.fromGitPath('https://github.com/org/other.git', 'deploy', { targetRevision: 'v1.2.0' })
 */
export class ApplicationSource {
  /**
   * The folder `chart` is synthesized to, in the ops repository: `<repo.manifestsPath>/<chart.folder>`. The chart
   * must belong to the same app as the Application.
   */
  public static fromFolderChart(chart: FolderChart, repo: GitOpsRepo, options: DirectoryOptions = {}): ApplicationSource {
    return new ApplicationSource(repo.url, repo.pathOf(chart), repo.targetRevision, options, repo, chart);
  }

  /**
   * A path in a Git repository. When `repo` is the ops repository (a {@link GitOpsRepo}, or its URL) and the
   * path is inside its manifests path, synthesis checks that the path is the folder of a FolderChart of the app.
   * Prefer {@link ApplicationSource.fromFolderChart} for those.
   */
  public static fromGitPath(repo: GitOpsRepo | string, path: string, options: GitPathOptions = {}): ApplicationSource {
    const ops = typeof repo === 'string' ? undefined : repo;
    const url = ops ? ops.url : repo as string;
    const { targetRevision, ...directory } = options;
    return new ApplicationSource(url, path, targetRevision ?? ops?.targetRevision ?? 'HEAD', directory, ops);
  }

  private constructor(
    /** `repoURL`. */
    public readonly repoUrl: string,
    /** `path` in the repository. */
    public readonly path: string,
    /** `targetRevision`. */
    public readonly targetRevision: string,
    /** `directory` options. */
    public readonly directory: DirectoryOptions,
    /** The ops repository, when given as one. */
    public readonly opsRepo?: GitOpsRepo,
    /** The chart whose folder this is, for {@link ApplicationSource.fromFolderChart}. */
    public readonly chart?: FolderChart,
  ) {}

  /** The `spec.source` object, in the shape of the generated Application props. */
  public toSpec(): { repoUrl: string; path: string; targetRevision: string; directory?: DirectoryOptions } {
    const d = this.directory;
    const directory = {
      ...(d.recurse !== undefined ? { recurse: d.recurse } : {}),
      ...(d.include !== undefined ? { include: d.include } : {}),
      ...(d.exclude !== undefined ? { exclude: d.exclude } : {}),
    };
    return {
      repoUrl: this.repoUrl,
      path: this.path,
      targetRevision: this.targetRevision,
      ...(Object.keys(directory).length ? { directory } : {}),
    };
  }
}
