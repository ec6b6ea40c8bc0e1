// What a promotion is, decided from the ops repository before anything is written: the app, the target
// environment, the image and the image it replaces, the branch and the commit message.
import * as path from 'path';
import { AppDelivery } from '../delivery/app-delivery';
import { DeployMode, Environment } from '../delivery/environments';
import { OpsRepo } from '../delivery/ops-repo';
import { checkPromotedImage, PinFiles, readPin } from '../delivery/pins';
import { parseImageReference } from '../core/image-reference';
import { relativePathProblem } from '../output/safe-path';
import { findApp, findEnvironment, isPromoted } from './apps';
import { otherRepositoryProblem } from './image-repository';
import type { PromoteOptions } from './promote-types';

/** A promotion, decided. */
export interface Decision {
  readonly app: AppDelivery;
  readonly to: Environment;
  /** The image to pin. */
  readonly image: string;
  /** The image pinned before, if any. */
  readonly previous?: string;
  /** The pin file, relative to the root. */
  readonly pinFile: string;
  /** The manifests folder, relative to the root. */
  readonly manifests: string;
  /** Why the image's repository is unusual, when `allowOtherRepository` let it through. */
  readonly otherRepository?: string;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks what can be checked before the ops repository is loaded: names that can be names (they become
 * paths and branch names), exactly one of a source environment and an image, an image that is a pinned
 * reference.
 */
export function checkRequest(options: PromoteOptions): void {
  for (const [what, name] of [['app', options.app], ['environment', options.to], ['environment', options.from]] as const) {
    if (name !== undefined && (typeof name !== 'string' || !NAME.test(name) || name.length > 63)) {
      throw new Error(`${what} '${String(name)}' is not a name of lower-case letters, digits and '-'. Give the name of an ${what} of the ops repository`);
    }
  }
  if ((options.from === undefined) === (options.image === undefined)) {
    throw new Error('promote needs exactly one of a source environment or --image <reference>. Give `<app> <from> <to>` or `<app> <to> --image <ref>`');
  }
  if (options.from === options.to) throw new Error(`environment '${options.to}' is both source and target. Promote from another environment`);
  if (options.image !== undefined) checkImage(options.image);
}

function checkImage(image: string): void {
  const check = checkPromotedImage(image);
  if (check.error) throw new Error(`image '${image}' ${check.error}. Give the image by digest, e.g. docker.io/org/app@sha256:<64 hex digits>`);
}

/**
 * Decides the promotion in `ops`, loaded from `root`: the app and environments exist, the target runs a
 * promoted image, the image (given, or what the source environment runs) is a pinned reference of the app's
 * repository (unless allowed otherwise) and not what the target runs already.
 */
export function decide(ops: OpsRepo, options: PromoteOptions, root: string): Decision {
  checkLoadedRoot(ops, root);
  const app = findApp(ops, options.app);
  const to = findEnvironment(app, options.to);
  if (!isPromoted(to)) {
    throw new Error(to.mode === DeployMode.KPUSH
      ? `environment '${to.name}' of app '${app.appName}' deploys every kpack build with kpush, so nothing is promoted to it. Promote to an Environment.deployment(...)`
      : `environment '${to.name}' of app '${app.appName}' has its image fixed in code (image: ...). Remove the image prop to run the image pinned in ${PinFiles.imagePathOf(app.appName, to.name)}`);
  }
  const image = options.image ?? imageOf(app, findEnvironment(app, options.from!), options, root);
  checkImage(image);
  const pinFile = PinFiles.imagePathOf(app.appName, to.name);
  const previous = readPin(root, pinFile)?.trim();
  if (previous === image) throw new Error(`environment '${to.name}' of app '${app.appName}' already runs '${image}'. Nothing to promote`);
  const other = otherRepositoryProblem(app, to, image, previous);
  if (other && !options.allowOtherRepository) throw new Error(`${other.problem}. ${other.fix}`);
  const manifests = ops.repo.manifestsPath;
  const wrong = relativePathProblem(manifests);
  if (wrong) throw new Error(`manifestsPath '${manifests}' ${wrong}. Give the folder of the repository the manifests are committed in, e.g. 'dist'`);
  return { app, to, image, previous, pinFile, manifests, ...(other ? { otherRepository: other.problem } : {}) };
}

/**
 * The app must read its pins from the root it was loaded for: promote loads it in a worktree of its own,
 * and an app that read the user's working tree instead would promote what is not committed.
 */
export function checkLoadedRoot(ops: OpsRepo, root: string): void {
  if (path.resolve(ops.pins.root) !== path.resolve(root)) {
    throw new Error(`the ops repository reads its pins from ${ops.pins.root}, not from ${root}, the folder it was loaded for. `
      + 'Build the OpsRepo with root: __dirname (or leave root to the working directory), so that promote reads the pins it writes');
  }
}

/** What `env` runs: its pinned image, or the latest kpack build for a kpush environment. */
function imageOf(app: AppDelivery, env: Environment, options: PromoteOptions, root: string): string {
  if (env.mode === DeployMode.KPUSH) {
    if (!options.readLatestBuild) {
      throw new Error(`environment '${env.name}' of app '${app.appName}' runs whatever kpack built last, which the ops repository does not record. `
        + `Give the image with --image, or read kpack Image ${app.image.name}'s status.latestImage from the cluster with --from-cluster`);
    }
    return options.readLatestBuild(app.image);
  }
  const fixed = (env.options as { image?: string }).image;
  if (fixed !== undefined) return fixed;
  const pin = readPin(root, PinFiles.imagePathOf(app.appName, env.name))?.trim();
  if (pin === undefined) {
    throw new Error(`environment '${env.name}' of app '${app.appName}' has nothing pinned (${PinFiles.imagePathOf(app.appName, env.name)} does not exist). Promote an image to it first`);
  }
  return pin;
}

/** `promote/<app>/<env>/<digest, 12 hex | tag>`: readable in a pull request list, valid as a git ref. */
export function branchName(app: string, env: string, image: string): string {
  const parsed = parseImageReference(image);
  const id = typeof parsed === 'string' ? 'image'
    : parsed.digest ? `sha256-${parsed.digest.slice('sha256:'.length, 'sha256:'.length + 12)}` : (parsed.tag ?? 'image');
  return `promote/${app}/${env}/${id.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.-]+/, '')}`;
}

/** The commit message: what runs where now, what ran before, and the files changed. */
export function commitMessage(d: Decision, from: string | undefined, files: string[]): string {
  const { image } = d;
  const short = image.includes('@') ? image.slice(image.indexOf('@') + 1, image.indexOf('@') + 20) : image.slice(image.lastIndexOf(':') + 1);
  return [
    `Promote ${d.app.appName} to ${d.to.name}: ${short}`,
    '',
    `${d.to.name} (namespace ${d.to.namespace} on ${d.to.cluster}) runs ${from ? `the image of ${from}` : 'the image given'}:`,
    `  ${image}`,
    `It ran:`,
    `  ${d.previous ?? '(nothing pinned before)'}`,
    ...(d.otherRepository ? ['', `Allowed with --allow-other-repository: ${d.otherRepository}.`] : []),
    '',
    'Changed:',
    ...files.map(f => `  ${f}`),
    '',
  ].join('\n');
}
