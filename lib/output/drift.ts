import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_LIST } from './render';
import { readGeneratedList } from './writer';

/**
 * Lists how the generated files in `committed` differ from a fresh synthesis in `fresh`: files that differ,
 * are missing, or were generated before and are no longer. Files in `committed` that synthesis never
 * generated are not drift and are ignored.
 *
 * @example
 * compareOutput('dist', '/tmp/synth-1234') // ['differs: go-sample-app/kpack/image-go-sample-app.yaml']
 */
export function compareOutput(committed: string, fresh: string): string[] {
  const expected = [...readGeneratedList(fresh), GENERATED_LIST];
  const expectedSet = new Set(expected);
  const previous = new Set(readGeneratedList(committed));
  const problems: string[] = [];
  for (const rel of expected) {
    const have = path.join(committed, rel);
    if (!fs.existsSync(have)) problems.push(`missing: ${rel}`);
    else if (!fs.readFileSync(have).equals(fs.readFileSync(path.join(fresh, rel)))) problems.push(`differs: ${rel}`);
  }
  for (const rel of previous) {
    if (!expectedSet.has(rel) && fs.existsSync(path.join(committed, rel))) problems.push(`no longer generated: ${rel}`);
  }
  return problems;
}

/** The message a drift failure shows: the differing files and the fix. */
export function driftMessage(committed: string, problems: string[]): string {
  return `${committed} is not what synthesis makes now:\n  ${problems.join('\n  ')}\n`
    + 'Run `npm run synth` and commit the result.';
}
