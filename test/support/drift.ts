import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GENERATED_LIST } from '../../lib/output/render';
import { readGeneratedList } from '../../lib/output/writer';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Runs the app's real entry point (`npm run synth`'s command) with its output in a new temporary folder. */
export function synthToTemp(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  const run = spawnSync(process.execPath, ['scripts/synth.js'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
  if (run.status !== 0) throw new Error(`synth failed (exit ${run.status}):\n${run.stderr}`);
  return outdir;
}

/**
 * Lists how the generated files in `committed` differ from a fresh synthesis in `fresh`: files that differ,
 * are missing, or were generated before and are no longer. Files in `committed` that synthesis never
 * generated are not drift and are ignored.
 */
export function compareOutput(committed: string, fresh: string): string[] {
  const expected = [...readGeneratedList(fresh), GENERATED_LIST];
  const previous = new Set(readGeneratedList(committed));
  const problems: string[] = [];
  for (const rel of expected) {
    const have = path.join(committed, rel);
    if (!fs.existsSync(have)) problems.push(`missing: ${rel}`);
    else if (!fs.readFileSync(have).equals(fs.readFileSync(path.join(fresh, rel)))) problems.push(`differs: ${rel}`);
  }
  for (const rel of previous) {
    if (!expected.includes(rel) && fs.existsSync(path.join(committed, rel))) problems.push(`no longer generated: ${rel}`);
  }
  return problems;
}

/** The message a drift failure shows. */
export function driftMessage(committed: string, problems: string[]): string {
  return `${committed} is not what synthesis makes now:\n  ${problems.join('\n  ')}\n`
    + 'Run `npm run synth` and commit the result.';
}
