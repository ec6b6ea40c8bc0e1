import { execFileSync } from 'child_process';
import { OpsRepo } from '../delivery/ops-repo';
import { Image } from '../kpack/image';
import { checkRequest } from './decision';
export { branchName } from './decision';
import { promoteInPlace } from './in-place';
import { promoteOnBranch } from './on-branch';

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

/**
 * Pins an image into a promoted environment of an app: `pins/<app>.<to>.image` gets the image `from` runs
 * (or `image`), `dist/` is synthesized again, and both are committed as one commit on a new branch named
 * after app, environment and image, ready for a pull request. With `commit: false` the files are written
 * into the working tree instead.
 *
 * A promotion that commits is a transaction: it never writes the working tree. Under the lock of the
 * working tree (another promote or synthesis is waited for), it checks out the commit HEAD is at into a
 * worktree of its own (`.git/cdk8s-push-delivery/promote/<app>.<env>`), loads the ops repository there,
 * writes the pin, synthesizes, commits, makes the branch (exactly one commit on HEAD, created only if it
 * does not exist), and removes the worktree. It builds what is committed, so tracked files with uncommitted
 * changes (outside the manifests folder) are refused, named. An error leaves the repository as it was; a
 * promote that was killed leaves at most its worktree, which the next promote removes (saying so), or a
 * complete branch, which a rerun reports as done; a branch in the way is named with the command that
 * deletes it.
 *
 * @example
 * promote({ root, load, app: 'go-sample-app', from: 'staging', to: 'prod' });
 * promote({ root, load, app: 'go-sample-app', to: 'staging', image: 'docker.io/org/app@sha256:...' });
 */
export function promote(options: PromoteOptions): PromoteResult {
  checkRequest(options);
  return options.commit === false ? promoteInPlace(options) : promoteOnBranch(options);
}

/**
 * Reads the latest build of a kpack Image with `kubectl` in the current context (it must be the cluster
 * kpack builds in): `status.latestImage`, the digest reference kpush deploys.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/image.md
 */
export function kubectlLatestBuild(image: Image): string {
  const args = ['get', `images.${image.resource.apiGroup}`, image.name,
    ...(image.namespace ? ['-n', image.namespace] : []), '-o', 'jsonpath={.status.latestImage}'];
  const out = execFileSync('kubectl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  if (!out) throw new Error(`kpack Image ${image.name} has no status.latestImage yet: it has not built. Wait for its first build, or give --image`);
  return out;
}
