import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AppDelivery } from '../delivery/app-delivery';
import { DeployMode, Environment } from '../delivery/environments';
import { OpsRepo } from '../delivery/ops-repo';
import { checkPromotedImage, PinFiles } from '../delivery/pins';
import { Image } from '../kpack/image';
import { parseImageReference } from '../core/image-reference';
import { planOutput, writeOutput } from '../output/writer';
import { GENERATED_LIST } from '../output/render';
import { findApp, findEnvironment, isPromoted } from './apps';
import { git, refExists } from './git';
import { FileSnapshot } from './snapshot';

/** Options of {@link promote}. */
export interface PromoteOptions {
  /** The ops repository's root folder (a git work tree unless `commit` is false). */
  readonly root: string;
  /**
   * Builds the ops repository afresh from `root`: it is called again after the pin is written, and the pin
   * files are read when the app is built (a `require` served from the module cache would return the app of
   * before). The CLI's `promote` runs its entry anew each time (lib/cli/entry.ts).
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
  /** Commit on a new branch (the working tree must have no uncommitted changes), or only write the files. @default true */
  readonly commit?: boolean;
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
}

/**
 * Pins an image into a promoted environment of an app: `pins/<app>.<to>.image` gets the image `from` runs
 * (or `image`), `dist/` is synthesized again, and both are committed as one commit on a new branch named
 * after app, environment and image, ready for a pull request; the working tree is left as it was. With
 * `commit: false` the files are only written.
 *
 * Everything is checked before anything is written (app, environments, image reference, a clean working
 * tree, a free branch name), and a failure after that (synthesis, git) puts every file back and removes
 * the branch: an error leaves the repository as it was.
 *
 * @example
 * promote({ root, load, app: 'go-sample-app', from: 'staging', to: 'prod' });
 * promote({ root, load, app: 'go-sample-app', to: 'staging', image: 'docker.io/org/app@sha256:...' });
 */
export function promote(options: PromoteOptions): PromoteResult {
  const { root } = options;
  const commit = options.commit ?? true;
  const ops = options.load(root);
  const app = findApp(ops, options.app);
  const to = findEnvironment(app, options.to);
  if (!isPromoted(to)) {
    throw new Error(to.mode === DeployMode.KPUSH
      ? `environment '${to.name}' of app '${app.appName}' deploys every kpack build with kpush, so nothing is promoted to it. Promote to an Environment.deployment(...)`
      : `environment '${to.name}' of app '${app.appName}' has its image fixed in code (image: ...). Remove the image prop to run the image pinned in ${PinFiles.imagePathOf(app.appName, to.name)}`);
  }
  if ((options.from === undefined) === (options.image === undefined)) {
    throw new Error('promote needs exactly one of a source environment or --image <reference>. Give `<app> <from> <to>` or `<app> <to> --image <ref>`');
  }
  const image = options.image ?? imageOf(ops, app, findEnvironment(app, options.from!), options);
  if (options.from === options.to) throw new Error(`environment '${to.name}' is both source and target. Promote from another environment`);
  const check = checkPromotedImage(image);
  if (check.error) throw new Error(`image '${image}' ${check.error}. Give the image by digest, e.g. docker.io/org/app@sha256:<64 hex digits>`);
  const pinFile = PinFiles.imagePathOf(app.appName, to.name);
  const previous = readPin(root, pinFile);
  if (previous === image) throw new Error(`environment '${to.name}' of app '${app.appName}' already runs '${image}'. Nothing to promote`);
  const manifests = ops.repo.manifestsPath;
  const branch = commit ? branchName(app.appName, to.name, image) : undefined;
  let original: string | undefined;
  if (commit) {
    const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']).trimEnd();
    if (dirty) throw new Error(`the working tree of ${root} has uncommitted changes:\n${dirty}\nCommit or stash them, or use --no-commit`);
    if (refExists(root, `refs/heads/${branch}`)) throw new Error(`branch '${branch}' already exists. Delete it, or open its pull request`);
    // The branch checked out, or the commit of a detached HEAD: where the working tree returns to.
    original = refExists(root, 'HEAD') ? currentBranch(root) : undefined;
    if (!original) throw new Error(`${root} has no commit yet. Commit the ops repository first`);
  }

  const snapshot = new FileSnapshot(root);
  let branchMade = false;
  try {
    snapshot.take(pinFile);
    fs.mkdirSync(path.join(root, PinFiles.FOLDER), { recursive: true });
    fs.writeFileSync(path.join(root, pinFile), `${image}\n`);
    const fresh = options.load(root);
    const { files, warnings } = fresh.render();
    const outdir = path.join(root, manifests);
    const plan = planOutput(outdir, files);
    for (const rel of [...plan.added, ...plan.changed, ...plan.removed, GENERATED_LIST]) snapshot.take(path.join(manifests, rel));
    writeOutput(outdir, files);
    const written = [pinFile, ...[...plan.added, ...plan.changed, ...plan.removed].filter(f => f !== GENERATED_LIST).sort().map(f => `${manifests}/${f}`)];
    const message = commitMessage(app, to, image, previous, options.from, written);
    if (!commit) return { app: app.appName, to: to.name, from: options.from, image, previous, files: written, message, warnings };
    git(root, ['checkout', '-q', '-b', branch!]);
    branchMade = true;
    git(root, ['add', '-A', '--', pinFile, ...written.slice(1), `${manifests}/${GENERATED_LIST}`]);
    git(root, ['commit', '-q', '-F', '-'], message);
    const sha = git(root, ['rev-parse', 'HEAD']).trim();
    git(root, ['checkout', '-q', original!]);
    return { app: app.appName, to: to.name, from: options.from, image, previous, files: written, branch, commit: sha, message, warnings };
  } catch (e) {
    if (branchMade) {
      git(root, ['checkout', '-q', '-f', original!]);
      git(root, ['branch', '-q', '-D', branch!]);
    }
    snapshot.restore();
    throw e;
  }
}

/** What `env` runs: its pinned image, or the latest kpack build for a kpush environment. */
function imageOf(ops: OpsRepo, app: AppDelivery, env: Environment, options: PromoteOptions): string {
  if (env.mode === DeployMode.KPUSH) {
    if (!options.readLatestBuild) {
      throw new Error(`environment '${env.name}' of app '${app.appName}' runs whatever kpack built last, which the ops repository does not record. `
        + `Give the image with --image, or read kpack Image ${app.image.name}'s status.latestImage from the cluster with --from-cluster`);
    }
    return options.readLatestBuild(app.image);
  }
  const fixed = (env.options as { image?: string }).image;
  if (fixed !== undefined) return fixed;
  const pin = readPin(ops.pins.root, PinFiles.imagePathOf(app.appName, env.name));
  if (pin === undefined) {
    throw new Error(`environment '${env.name}' of app '${app.appName}' has nothing pinned (${PinFiles.imagePathOf(app.appName, env.name)} does not exist). Promote an image to it first`);
  }
  return pin;
}

function currentBranch(root: string): string {
  try {
    return git(root, ['symbolic-ref', '-q', '--short', 'HEAD']).trim();
  } catch {
    return git(root, ['rev-parse', 'HEAD']).trim();
  }
}

function readPin(root: string, rel: string): string | undefined {
  const file = path.join(root, rel);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

/** `promote/<app>/<env>/<digest, 12 hex | tag>`: readable in a pull request list, valid as a git ref. */
export function branchName(app: string, env: string, image: string): string {
  const parsed = parseImageReference(image);
  const id = typeof parsed === 'string' ? 'image'
    : parsed.digest ? `sha256-${parsed.digest.slice('sha256:'.length, 'sha256:'.length + 12)}` : (parsed.tag ?? 'image');
  return `promote/${app}/${env}/${id.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.-]+/, '')}`;
}

function commitMessage(app: AppDelivery, to: Environment, image: string, previous: string | undefined, from: string | undefined, files: string[]): string {
  const short = image.includes('@') ? image.slice(image.indexOf('@') + 1, image.indexOf('@') + 20) : image.slice(image.lastIndexOf(':') + 1);
  return [
    `Promote ${app.appName} to ${to.name}: ${short}`,
    '',
    `${to.name} (namespace ${to.namespace} on ${to.cluster}) runs ${from ? `the image of ${from}` : 'the image given'}:`,
    `  ${image}`,
    `It ran:`,
    `  ${previous ?? '(nothing pinned before)'}`,
    '',
    'Changed:',
    ...files.map(f => `  ${f}`),
    '',
  ].join('\n');
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
