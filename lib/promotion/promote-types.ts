// The options and the result of promote(): types only, which the promotion's files share.
import type { OpsRepo } from '../delivery/ops-repo';
import type { Image } from '../kpack/image';

/** Options of {@link promote}. */
export interface PromoteOptions {
  /** The ops repository's root folder (a git work tree unless `commit` is false). */
  readonly root: string;
  /**
   * Builds the ops repository afresh from the folder it is given, reading the pins there: `root` with
   * `commit: false`, else promote's own worktree of the committed state. It is called again after the pin
   * is written, and the pin files are read when the app is built (a `require` served from the module cache
   * would return the app of before). The CLI's `promote` runs its entry anew each time (lib/cli/entry.ts).
   */
  readonly load: (root: string) => OpsRepo;
  /** The app. */
  readonly app: string;
  /** The environment that gets the image; it must run a promoted image. */
  readonly to: string;
  /** The environment whose image is copied. Give this or `image`. @default - none */
  readonly from?: string;
  /** The image to pin, by digest (a tag is accepted with a warning). Give this or `from`. @default - none */
  readonly image?: string;
  /** Commit on a new branch (tracked files must have no uncommitted changes), or only write the files. @default true */
  readonly commit?: boolean;
  /**
   * Accept an image of another repository than the app's kpack Image tag and the one the environment runs
   * now (e.g. a mirror). @default false: such an image is refused, since by digest it could be another
   * app's
   */
  readonly allowOtherRepository?: boolean;
  /**
   * Reads the latest build of a kpack Image (its `status.latestImage`): what a kpush environment runs, when
   * it is the `from` environment. @default - none: promoting from a kpush environment needs `image`
   */
  readonly readLatestBuild?: (image: Image) => string;
}

/** What {@link promote} did. */
export interface PromoteResult {
  /** The app. */
  readonly app: string;
  /** The environment that got the image. */
  readonly to: string;
  /** The environment the image was copied from, if any. */
  readonly from?: string;
  /** The image now pinned. */
  readonly image: string;
  /** The image pinned before, if any. */
  readonly previous?: string;
  /** Files written, relative to the root (the pin file first). */
  readonly files: string[];
  /** The branch made, when committing. */
  readonly branch?: string;
  /** The commit made, when committing. */
  readonly commit?: string;
  /** The commit message. */
  readonly message: string;
  /** Warnings (e.g. an image pinned by tag), as `<where>: <message>`. */
  readonly warnings: string[];
  /**
   * What was cleaned up first after a promote or synthesis that was killed (a worktree removed, a stale lock
   * taken over, a switch of the manifests finished), or that the branch was complete already; one line each.
   */
  readonly recovered: string[];
}
