import * as fs from 'fs';
import * as path from 'path';

/**
 * The content of some files of a folder before a change (`undefined`: the file did not exist), so that a
 * change that fails half-way can be undone exactly: files written are put back, files created removed.
 */
export class FileSnapshot {
  private readonly before = new Map<string, string | undefined>();

  constructor(private readonly root: string) {}

  /** Records the current content of `rel` (relative to the root), once. */
  public take(rel: string): void {
    if (this.before.has(rel)) return;
    const abs = path.join(this.root, rel);
    this.before.set(rel, fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined);
  }

  /** Puts every recorded file back as it was and removes folders left empty by removed files. */
  public restore(): void {
    for (const [rel, content] of this.before) {
      const abs = path.join(this.root, rel);
      if (content === undefined) {
        fs.rmSync(abs, { force: true });
        for (let dir = path.dirname(abs); dir.startsWith(this.root + path.sep) && fs.existsSync(dir) && fs.readdirSync(dir).length === 0; dir = path.dirname(dir)) {
          fs.rmdirSync(dir);
        }
      } else {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, content);
      }
    }
  }
}
