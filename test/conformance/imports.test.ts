// imports/ is generated, never edited: re-importing from the schema store gives the committed files byte
// for byte, and cdk8s.yaml lists the same imports (by upstream URL) under the same aliases.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ROOT } from '../support/drift';

const SCRIPT = path.join(ROOT, 'scripts', 'import-crds.sh');

test('cdk8s.yaml lists the aliases the import script imports', () => {
  const listed = (YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')).imports as string[]).map(i => i.split(':=')[0]);
  const scripted = [...fs.readFileSync(SCRIPT, 'utf8').matchAll(/^ {2}"([a-z-]+) \S+\.json"$/gm)].map(m => m[1]);
  expect(scripted.length).toBeGreaterThan(0);
  expect(listed).toEqual(scripted);
});

test('npm run import reproduces imports/ byte for byte from the schema store', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
  try {
    // No CRD folder: the store in schemas/ is the only source, as in any clone.
    const run = spawnSync('bash', [SCRIPT, path.join(out, 'imports'), path.join(ROOT, 'schemas')],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CRDS_DIR: path.join(out, 'no-crds') } });
    expect(run.status).toBe(0);
    const committed = fs.readdirSync(path.join(ROOT, 'imports')).sort();
    expect(fs.readdirSync(path.join(out, 'imports')).sort()).toEqual(committed);
    for (const f of committed) {
      expect(fs.readFileSync(path.join(out, 'imports', f), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'imports', f), 'utf8'));
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
