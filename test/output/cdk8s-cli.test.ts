// `cdk8s synth`, the real CLI as cdk8s.yaml configures it, on a copy of the repository: it never deletes a
// file synthesis did not generate, and a failed synthesis leaves dist/ as it was.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../support/drift';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-cli-'));
  for (const entry of ['main.ts', 'lib', 'imports', 'pins', 'scripts', 'dist', 'cdk8s.yaml', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));
  // The CLI asks the npm registry whether it is current unless its cache (~/.cdk8s-cli.version) says so.
  fs.mkdirSync(path.join(work, 'home'));
  fs.writeFileSync(path.join(work, 'home', '.cdk8s-cli.version'), require(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'package.json')).version);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach(e =>
    (e.isDirectory() ? walk(path.join(d, e.name)) : out.set(path.relative(dir, path.join(d, e.name)), fs.readFileSync(path.join(d, e.name), 'utf8'))));
  walk(dir);
  return out;
}

function cdk8sSynth() {
  return spawnSync(path.join(work, 'node_modules', '.bin', 'cdk8s'), ['synth'],
    { cwd: work, encoding: 'utf8', env: { ...process.env, HOME: path.join(work, 'home'), CDK8S_OUTDIR: '' } });
}

test('cdk8s synth writes dist/ through our writer and keeps a hand-written file', () => {
  const notes = path.join(work, 'dist', 'go-sample-app', 'NOTES.md');
  fs.writeFileSync(notes, 'hand-written');
  const before = snapshot(path.join(work, 'dist'));
  const run = cdk8sSynth();
  expect(run.status).toBe(0);
  expect(snapshot(path.join(work, 'dist'))).toEqual(before);
  expect(fs.readFileSync(notes, 'utf8')).toBe('hand-written');
  expect(fs.readdirSync(path.join(work, '.cdk8s-out'))).toEqual(['README.md']);
}, 60_000);

test('a failing synthesis under cdk8s synth leaves dist/ as it was', () => {
  const before = snapshot(path.join(work, 'dist'));
  fs.writeFileSync(path.join(work, 'pins', 'go-sample-app.sha'), 'not a sha\n');
  const run = cdk8sSynth();
  expect(run.status).not.toBe(0);
  expect(`${run.stdout}${run.stderr}`).toContain("pins/go-sample-app.sha: pin 'not a sha' is not a full lower-case 40-hex commit SHA");
  expect(snapshot(path.join(work, 'dist'))).toEqual(before);
}, 60_000);
