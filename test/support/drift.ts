import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Runs the app's real entry point (`npm run synth`'s command), or the example `entry` (e.g.
 * `examples/node-service/main.ts`), with its output in a new temporary folder.
 */
export function synthToTemp(entry?: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  const run = spawnSync(process.execPath, ['scripts/synth.js', ...(entry ? [entry] : [])],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
  if (run.status !== 0) throw new Error(`synth failed (exit ${run.status}):\n${run.stderr}`);
  return outdir;
}

export { compareOutput, driftMessage } from '../../lib/output/drift';
