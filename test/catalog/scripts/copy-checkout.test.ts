// The copy-checkout step, exactly as synthesized, run with bash: each check gets a tree of its own.
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { CopyCheckoutTask } from '../../../lib/catalog';
import { tempDir } from '../../support/git-fixtures';
import { runTaskStep } from '../task-run';

const chart = Testing.chart();
new CopyCheckoutTask(chart, 'copy-checkout');
const TASK = Testing.synth(chart).find(o => o.kind === 'Task');

let root: string;
let checkout: string;
let copies: string;
beforeEach(() => {
  root = tempDir('copy-checkout-');
  checkout = path.join(root, 'checkout');
  copies = path.join(root, 'checks');
  fs.mkdirSync(path.join(checkout, '.git'), { recursive: true });
  fs.writeFileSync(path.join(checkout, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(checkout, 'package.json'), '{}\n');
  fs.writeFileSync(path.join(checkout, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  fs.symlinkSync('package.json', path.join(checkout, 'link'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const run = (names: string) => runTaskStep(TASK, 'copy', { params: { names }, workspaces: { checkout, copies } });

describe('copy-checkout step', () => {
  test('each name gets a full copy; what one check writes, no other tree sees', async () => {
    const r = await run('lint test');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const name of ['lint', 'test']) {
      const dir = path.join(copies, name);
      expect(fs.readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
      expect(fs.statSync(path.join(dir, 'run.sh')).mode & 0o111).not.toBe(0);
      expect(fs.readlinkSync(path.join(dir, 'link'))).toBe('package.json');
    }
    fs.mkdirSync(path.join(copies, 'lint', 'node_modules'));
    fs.writeFileSync(path.join(copies, 'test', 'package.json'), '{"changed":true}\n');
    expect(fs.existsSync(path.join(copies, 'test', 'node_modules'))).toBe(false);
    expect(fs.existsSync(path.join(checkout, 'node_modules'))).toBe(false);
    expect(fs.readFileSync(path.join(checkout, 'package.json'), 'utf8')).toBe('{}\n');
    expect(fs.readFileSync(path.join(copies, 'lint', 'package.json'), 'utf8')).toBe('{}\n');
  });

  test('a retried run starts from the checkout again', async () => {
    await run('test');
    fs.writeFileSync(path.join(copies, 'test', 'stale'), 'x');
    expect((await run('test')).status).toBe(0);
    expect(fs.existsSync(path.join(copies, 'test', 'stale'))).toBe(false);
  });

  test.each([
    ['', /param names '' names no copy/],
    ['../escape', /param names: '\.\.\/escape' is not a DNS label/],
    ['ok $(touch pwned)', /is not a DNS label/],
  ])('names %j is refused before anything is copied', async (names, message) => {
    const r = await run(names);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(copies)).toBe(false);
    expect(fs.existsSync(path.join(root, 'escape'))).toBe(false);
  });
});
