// The API reference (`npm run docs`: TypeDoc over lib/index.ts, with README.md as its front page and docs/*.md
// as its documents) builds without a warning: every {@link} resolves, every type a public signature uses is
// exported, every relative link of the Markdown pages points at a file.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

test('npm run docs builds the API reference with no warning', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
  try {
    // TypeDoc is an ES module, which jest cannot load: run its command line as `npm run docs` does, elsewhere.
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    const output = `${run.stdout}${run.stderr}`;
    expect(output.split('\n').filter(l => /\[(warning|error)\]/.test(l))).toEqual([]);
    expect(run.status).toBe(0);
    for (const page of ['index.html', 'classes/OpsRepo.html', 'classes/AppDelivery.html', 'functions/promote.html', 'documents/delivery.html']) {
      expect(fs.existsSync(path.join(out, page))).toBe(true);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
