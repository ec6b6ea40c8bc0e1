// Earlier versions of the writer staged files inside the output directory, beside their targets
// (`<file>.cdk8s-tmp-<pid>`, `<folder>.cdk8s-tmp-<pid>/`); a run killed then left them there, for git status
// and Argo CD to see. The writer now stages beside the output directory, so such names are always leftovers,
// of a writer that is no longer running (the caller holds the lock), and they are deleted.
import * as fs from 'fs';
import * as path from 'path';

const LEFTOVER = /\.cdk8s-tmp-\d+$/;

/**
 * Deletes every `*.cdk8s-tmp-<pid>` file or folder in `outdir` (absolute), walking only real folders (never
 * a link); returns a line for the user when it deleted any.
 */
export function removeLegacyStaging(outdir: string, shown: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(outdir, rel), { withFileTypes: true });
    } catch {
      return; // gone, or no folder (a first synthesis)
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (LEFTOVER.test(e.name)) {
        fs.rmSync(path.join(outdir, child), { recursive: true, force: true });
        found.push(child);
      } else if (e.isDirectory()) {
        walk(child);
      }
    }
  };
  walk('');
  if (found.length === 0) return [];
  found.sort();
  return [`${shown}: removed ${found.length} file(s) and folder(s) an interrupted synthesis of an earlier version left there: `
    + `${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}`];
}
