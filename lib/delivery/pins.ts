import * as fs from 'fs';
import * as path from 'path';
import { UNPINNED } from '../catalog/scripts/pin-revision';

const SHA = /^[0-9a-f]{40}$/;

/**
 * The pin files of an ops repo: `pins/<app>.sha` holds the one commit of `<app>` that kpack builds, a
 * 40-hex SHA and a newline ({@link UNPINNED} before the first pin). The pin step of the delivery pipeline
 * writes it once the commit has passed lint and test; synthesis reads it, so the kpack Image in `dist/`
 * always carries exactly that commit.
 *
 * @example
 * const pins = new PinFiles(__dirname);
 * const revision = pins.read('go-sample-app');
 */
export class PinFiles {
  /** The folder of pin files, relative to the ops repo root. */
  public static readonly FOLDER = 'pins';

  /** The pin file of `app`, relative to the ops repo root. */
  public static pathOf(app: string): string {
    return `${PinFiles.FOLDER}/${app}.sha`;
  }

  /** @param root the ops repo's root folder */
  constructor(private readonly root: string) {}

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
    if (!SHA.test(sha) || content !== `${sha}\n`) {
      throw new Error(`${rel}: pin '${sha}' is not a full lower-case 40-hex commit SHA on one line. Write the commit's full SHA followed by a newline`);
    }
    return sha;
  }
}
