import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './drift';

/** The output folders every conformance check covers: dist/ and every examples/<name>/dist/ that exists, sorted. */
export function outputFolders(): string[] {
  const examples = path.join(ROOT, 'examples');
  const extra = fs.existsSync(examples)
    ? fs.readdirSync(examples).map(n => path.join(examples, n, 'dist')).filter(d => fs.existsSync(d)).sort()
    : [];
  return [path.join(ROOT, 'dist'), ...extra];
}
