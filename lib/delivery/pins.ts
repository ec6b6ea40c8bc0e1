import * as fs from 'fs';
import * as path from 'path';
import { isCommitSha } from '../core/git';
import { parseImageReference } from '../core/image-reference';

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

  /** The pin file of `app`, relative to the ops repo root. */
  public static pathOf(app: string): string {
    return `${PinFiles.FOLDER}/${app}.sha`;
  }

  /** The image pin file of environment `env` of `app`, relative to the ops repo root. */
  public static imagePathOf(app: string, env: string): string {
    return `${PinFiles.FOLDER}/${app}.${env}.image`;
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
    const file = path.join(this.root, rel);
    if (!fs.existsSync(file)) {
      throw new Error(`${rel}: pin file of app '${app}' does not exist. Write the full 40-hex SHA of the commit `
        + `kpack should build first into ${rel} (e.g. \`git -C <app repo> rev-parse HEAD > ${rel}\`); the pipeline updates it from then on`);
    }
    const content = fs.readFileSync(file, 'utf8');
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
    const file = path.join(this.root, rel);
    if (!fs.existsSync(file)) return undefined;
    const content = fs.readFileSync(file, 'utf8');
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
    const rel = PinFiles.imagePathOf(app, env);
    const file = path.join(this.root, rel);
    if (!fs.existsSync(file)) {
      throw new Error(`${rel}: image pin of environment '${env}' of app '${app}' does not exist. Promote an image to it: `
        + `\`npm run promote -- ${app} ${env} --image <registry/repository@sha256:...>\``);
    }
    const content = fs.readFileSync(file, 'utf8');
    const ref = content.trim();
    if (ref === '' || content !== `${ref}\n` || /\s/.test(ref)) {
      throw new Error(`${rel}: image pin '${/\s/.test(ref) ? JSON.stringify(ref) : ref}' is not one image reference on one line. Write the reference followed by a newline, or use npm run promote`);
    }
    return ref;
  }
}
