import { GENERATED_LIST } from './render';
import { readFileBelow } from './safe-path';
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
  // Read without following a link: a generated file replaced by a link is drift, not a way to read elsewhere.
  const read = (root: string, rel: string) => readFileBelow(root, rel, 'generated file', 'Run `npm run synth`, which writes it as a plain file');
  for (const rel of expected) {
    const have = read(committed, rel);
    if (have === undefined) problems.push(`missing: ${rel}`);
    else if (have !== read(fresh, rel)) problems.push(`differs: ${rel}`);
  }
  for (const rel of previous) {
    if (!expectedSet.has(rel) && read(committed, rel) !== undefined) problems.push(`no longer generated: ${rel}`);
  }
  return problems;
}

/** The message a drift failure shows: the differing files and the fix. */
export function driftMessage(committed: string, problems: string[]): string {
  return `${committed} is not what synthesis makes now:\n  ${problems.join('\n  ')}\n`
    + 'Run `npm run synth` and commit the result.';
}
