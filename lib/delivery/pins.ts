import { problem } from '../core/errors';
import { isCommitSha } from '../core/git';
import { parseImageReference } from '../core/image-reference';
import { readFileBelow } from '../output/safe-path';

/** What a promoted image reference is: pinned by digest, by tag (accepted with a warning), or malformed. */
export interface PromotedImageCheck {
  /** Why the reference cannot be used, when it cannot. */
  readonly error?: string;
  /** Why the reference is risky, when it can be used but should not be. */
  readonly warning?: string;
}

/**
 * Checks an image promoted to an environment: a digest (`repo@sha256:...`) names exactly one image; a
 * tag can be pushed again, so what runs can change without a commit (accepted, with a warning); no tag
 * or `latest` is an error.
 */
export function checkPromotedImage(ref: string): PromotedImageCheck {
  const parsed = parseImageReference(ref);
  if (typeof parsed === 'string') return { error: `${parsed}, so it is not an image reference` };
  if (!parsed.qualified) return { error: 'names no registry or account, so it would be pulled from Docker Hub\'s library' };
  if (parsed.digest) return {};
  if (parsed.tag === undefined || parsed.tag === 'latest') return { error: 'has no digest and no fixed tag, so it changes whenever the image is pushed' };
  return { warning: 'is pinned by tag, which can be pushed again: what runs could change without a commit' };
}

/**
 * The command that promotes an image to `env` of `app`, as every message and the front page print it.
 * `promote` commits on a new branch and refuses a working tree with uncommitted changes to tracked files,
 * so the messages that print it before the app is committed say to commit first.
 */
export function promoteCommand(app: string, env: string): string {
  return `npm run promote -- ${app} ${env} --image <registry/repository@sha256:...>`;
}

/**
 * The pin files of an ops repo: `pins/<app>.sha` holds the one commit of `<app>` that kpack builds, a
 * 40-hex SHA and a newline (git's null id, forty zeros, before the first pin). The pin step of the delivery pipeline
 * writes it once the commit has passed lint and test; synthesis reads it, so the kpack Image in `dist/`
 * always carries exactly that commit.
 *
 * `pins/<app>.<environment>.image` holds the image a promoted environment runs (a reference by digest, on
 * one line), written by `npm run promote` and read by synthesis in the same way. App and environment names
 * are DNS labels (no dots), so the file name is unambiguous.
 *
 * @example
 * const pins = new PinFiles(__dirname);
 * const revision = pins.read('go-sample-app');
 * const image = pins.readImage('go-sample-app', 'prod');
 */
export class PinFiles {
  /** The folder of pin files, relative to the ops repo root. */
  public static readonly FOLDER = 'pins';

  /** The pin file of `app`, relative to the ops repo root; throws when `app` is not a name (a DNS label). */
  public static pathOf(app: string): string {
    return `${PinFiles.FOLDER}/${checkName('app', app)}.sha`;
  }

  /** The image pin file of environment `env` of `app`, relative to the ops repo root; throws unless both are names. */
  public static imagePathOf(app: string, env: string): string {
    return `${PinFiles.FOLDER}/${checkName('app', app)}.${checkName('environment', env)}.image`;
  }

  /** The file that records the base image an app's checks passed with, relative to the ops repo root. */
  public static baseImagePathOf(app: string): string {
    return `${PinFiles.FOLDER}/${app}.base-image`;
  }

  /** @param root the ops repo's root folder */
  constructor(
    /** The ops repo's root folder. */
    public readonly root: string,
  ) {}

  /** Reads the pinned commit of `app`; throws a message that says how to fix a missing or malformed pin. */
  public read(app: string): string {
    const rel = PinFiles.pathOf(app);
    const content = readPin(this.root, rel);
    if (content === undefined) {
      throw new Error(`${rel}: pin file of app '${app}' does not exist. Write the full 40-hex SHA of the commit `
        + `kpack should build first into ${rel} (e.g. \`git -C <app repo> rev-parse HEAD > ${rel}\`); the pipeline updates it from then on`);
    }
    if (content.includes('\r')) {
      throw new Error(`${rel}: pin file of app '${app}' ends its line with CRLF (a Windows line ending, e.g. from an editor or git's autocrlf). `
        + `Write it with a plain \\n ending (\`printf '%s\\n' <sha> > ${rel}\`), and set \`* text=auto eol=lf\` for pins/ in .gitattributes`);
    }
    const sha = content.trim();
    if (!isCommitSha(sha) || content !== `${sha}\n`) {
      throw new Error(`${rel}: pin '${sha}' is not a full lower-case 40-hex commit SHA on one line. Write the commit's full SHA followed by a newline`);
    }
    return sha;
  }

  /**
   * Reads the base image recorded for `app` (`pins/<app>.base-image`: `<repository>:<tag>` on one line, written
   * by the pin step of a base-image run); undefined when none is recorded yet.
   */
  public readBaseImage(app: string): string | undefined {
    const rel = PinFiles.baseImagePathOf(app);
    const content = readPin(this.root, rel);
    if (content === undefined) return undefined;
    const ref = content.trim();
    if (ref === '' || content !== `${ref}\n` || /\s/.test(ref)) {
      throw new Error(`${rel}: base image record '${/\s/.test(ref) ? JSON.stringify(ref) : ref}' is not one image reference on one line. `
        + 'Write <repository>:<tag> followed by a newline (the pin step of a base-image run writes it), or delete the file');
    }
    return ref;
  }

  /**
   * Reads the image promoted to environment `env` of `app`; throws a message that says how to fix a
   * missing or malformed pin. Whether it is pinned by digest is checked by the environment.
   */
  public readImage(app: string, env: string): string {
    const image = this.tryReadImage(app, env);
    if (image === undefined) {
      const rel = PinFiles.imagePathOf(app, env);
      throw new Error(`${rel}: image pin of environment '${env}' of app '${app}' does not exist. Promote an image to it: \`${promoteCommand(app, env)}\``);
    }
    return image;
  }

  /**
   * The image promoted to environment `env` of `app`, or undefined when nothing is promoted to it yet (no
   * pin file); throws a message that says how to fix a malformed pin.
   */
  public tryReadImage(app: string, env: string): string | undefined {
    const rel = PinFiles.imagePathOf(app, env);
    const content = readPin(this.root, rel);
    if (content === undefined) return undefined;
    const ref = content.trim();
    if (ref === '' || content !== `${ref}\n` || /\s/.test(ref)) {
      throw new Error(`${rel}: image pin '${/\s/.test(ref) ? JSON.stringify(ref) : ref}' is not one image reference on one line. Write the reference followed by a newline, or use npm run promote`);
    }
    return ref;
  }
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `name` when it is a DNS label (all app and environment names are), so a pin file's path stays in pins/. */
function checkName(what: string, name: string): string {
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 63) {
    throw new Error(problem(what, name, 'is not a name of lower-case letters, digits and \'-\' (a DNS label), so it names no pin file',
      `Give the name of an ${what} of the ops repository`));
  }
  return name;
}

/**
 * The content of a pin file, or undefined when it does not exist. A pin file, and the `pins` folder, must be
 * what they look like: a link (to a file outside the repository, or to another app's pin) or a folder is
 * refused, never followed.
 */
export function readPin(root: string, rel: string): string | undefined {
  return readFileBelow(root, rel, 'pin file', `Make ${rel} a plain file in ${PinFiles.FOLDER}/ (not a link or a folder), e.g. git rm it and write the pin again`);
}
