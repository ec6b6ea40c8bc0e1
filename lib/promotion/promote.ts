import { execFileSync } from 'child_process';
import { Image } from '../kpack/image';
import { checkRequest } from './decision';
export { branchName } from './decision';
import { promoteInPlace } from './in-place';
import { promoteOnBranch } from './on-branch';
import type { PromoteOptions, PromoteResult } from './promote-types';

export type { PromoteOptions, PromoteResult } from './promote-types';


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
