// A promotion that only writes the working tree (--no-commit): the pin, then the manifests.
import * as fs from 'fs';
import * as path from 'path';
import { readPin } from '../delivery/pins';
import { fault } from '../output/fault';
import { WriterLock } from '../output/lock';
import { writeFileBelow } from '../output/safe-path';
import { writeOutput } from '../output/writer';
import { checkLoadedRoot, commitMessage, decide } from './decision';
import { PIN_FIX, writtenFiles } from './on-branch';
import type { PromoteOptions, PromoteResult } from './promote-types';

/**
 * Writes the pin and synthesizes the manifests in the working tree, under the lock of its output
 * directory. A failure puts the pin back. A kill between the two leaves the pin written and the manifests
 * as they were (never half switched): `npm run synth` brings them in line.
 */
export function promoteInPlace(options: PromoteOptions): PromoteResult {
  const root = path.resolve(options.root);
  const ops = options.load(root);
  const outdir = path.join(root, decide(ops, options, root).manifests);
  const command = `promote ${options.app} to ${options.to} (--no-commit)`;
  const recovered: string[] = [];
  const lock = WriterLock.acquire(outdir, command, recovered);
  try {
    fault('promote:locked');
    const d = decide(ops, options, root); // again, holding the lock: the pins as they are now
    const before = readPin(root, d.pinFile);
    writeFileBelow(root, d.pinFile, `${d.image}\n`, 'pin file', PIN_FIX);
    fault('promote:pinned');
    try {
      const fresh = options.load(root);
      checkLoadedRoot(fresh, root);
      const { files, warnings } = fresh.render();
      const plan = writeOutput(outdir, files, recovered, command);
      const written = writtenFiles(d, plan);
      return {
        app: d.app.appName, to: d.to.name, from: options.from, image: d.image, previous: d.previous, files: written,
        message: commitMessage(d, options.from, written), warnings, recovered,
      };
    } catch (e) {
      if (before === undefined) fs.rmSync(path.join(root, d.pinFile), { force: true });
      else writeFileBelow(root, d.pinFile, before, 'pin file', PIN_FIX);
      throw e;
    }
  } finally {
    lock.release();
  }
}
