// The drift check reads committed output as synthesis does: a generated file replaced by a link is refused,
// never followed (it would compare, and so reveal, whatever the link points to).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareOutput } from '../../lib/output/drift';
import { GENERATED_LIST } from '../../lib/output/render';
import { readGeneratedFiles } from '../../lib/output/writer';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function output(name: string, files: { [rel: string]: string }): string {
  const root = path.join(dir, name);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  fs.writeFileSync(path.join(root, GENERATED_LIST), Object.keys(files).map(f => `${f}\n`).join(''));
  return root;
}

test('equal outputs have no drift; a changed, missing or stale file is listed', () => {
  const fresh = output('fresh', { 'app/a.yaml': 'a: 1\n', 'app/b.yaml': 'b: 1\n' });
  expect(compareOutput(output('same', { 'app/a.yaml': 'a: 1\n', 'app/b.yaml': 'b: 1\n' }), fresh)).toEqual([]);
  const committed = output('committed', { 'app/a.yaml': 'a: 2\n', 'app/c.yaml': 'c: 1\n' });
  expect(compareOutput(committed, fresh)).toEqual(['differs: app/a.yaml', 'missing: app/b.yaml', 'differs: .generated-files', 'no longer generated: app/c.yaml']);
});

test('a committed file that is a link is refused, though its target has the very content', () => {
  const fresh = output('fresh', { 'app/a.yaml': 'a: 1\n' });
  const committed = output('committed', { 'app/a.yaml': 'a: 1\n' });
  const outside = path.join(dir, 'outside.yaml');
  fs.writeFileSync(outside, 'a: 1\n');
  fs.rmSync(path.join(committed, 'app/a.yaml'));
  fs.symlinkSync(outside, path.join(committed, 'app/a.yaml'));
  expect(() => compareOutput(committed, fresh)).toThrow(/generated file 'app\/a.yaml' is a symbolic link.*Run `npm run synth`/);
});

describe('readGeneratedFiles (what plan compares against) checks each folder once and each file by its descriptor', () => {
  const refused: Array<[string, (committed: string) => void, RegExp]> = [
    ['a link to a file with the very content', c => {
      fs.writeFileSync(path.join(dir, 'outside.yaml'), 'a: 1\n');
      fs.rmSync(path.join(c, 'app/a.yaml'));
      fs.symlinkSync(path.join(dir, 'outside.yaml'), path.join(c, 'app/a.yaml'));
    }, /generated file 'app\/a\.yaml' is a symbolic link to .*outside\.yaml, not a regular file/],
    ['a folder', c => {
      fs.rmSync(path.join(c, 'app/a.yaml'));
      fs.mkdirSync(path.join(c, 'app/a.yaml'));
    }, /generated file 'app\/a\.yaml' is a folder, not a regular file/],
    ['a named pipe (read without blocking)', c => {
      fs.rmSync(path.join(c, 'app/a.yaml'));
      execFileSync('mkfifo', [path.join(c, 'app/a.yaml')]);
    }, /generated file 'app\/a\.yaml' is neither a file nor a folder/],
    ['a folder on the way that is a link', c => {
      fs.renameSync(path.join(c, 'app'), path.join(dir, 'elsewhere'));
      fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(c, 'app'));
    }, /generated file 'app\/a\.yaml' is under 'app', which is a symbolic link/],
  ];
  test.each(refused)('%s is refused', (_, make, message) => {
    const committed = output('committed', { 'app/a.yaml': 'a: 1\n', 'app/b.yaml': 'b: 1\n' });
    expect(readGeneratedFiles(committed)).toEqual(new Map([['app/a.yaml', 'a: 1\n'], ['app/b.yaml', 'b: 1\n']]));
    make(committed);
    expect(() => readGeneratedFiles(committed)).toThrow(message);
  });

  test('a listed file that is gone is left out', () => {
    const committed = output('committed', { 'app/a.yaml': 'a: 1\n', 'app/b.yaml': 'b: 1\n' });
    fs.rmSync(path.join(committed, 'app/b.yaml'));
    expect([...readGeneratedFiles(committed).keys()]).toEqual(['app/a.yaml']);
  });
});
