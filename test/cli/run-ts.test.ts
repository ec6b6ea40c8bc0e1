// The TypeScript runner keeps its bundles between runs, and uses one again only while every file in it,
// and every tsconfig.json esbuild may read, is unchanged.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTs } from '../../lib/cli/run-ts';

const ESBUILD = require.resolve('esbuild');
let dir: string;
let stub: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-ts-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'answer.ts'), 'export const answer: number = 42;\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), "import { answer } from './src/answer';\nexport const value: string = `answer ${answer}`;\n");
  // An esbuild that cannot build: a run that gets past it used the cache.
  stub = path.join(dir, 'stub-esbuild.js');
  fs.writeFileSync(stub, `module.exports = { version: ${JSON.stringify(require('esbuild').version)}, buildSync() { throw new Error('esbuild was asked'); }, stop() {} };\n`);
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (esbuild: string) => (runTs(path.join(dir, 'main.ts'), esbuild) as { value: string }).value;
const cacheFiles = () => fs.readdirSync(path.join(dir, 'node_modules', '.cache', 'cdk8s-push-delivery'));

test('a second run uses the bundle the first kept in node_modules/.cache', () => {
  expect(run(ESBUILD)).toBe('answer 42');
  expect(cacheFiles()).toHaveLength(1);
  expect(run(stub)).toBe('answer 42');
});

test('a changed file, a new tsconfig.json or another esbuild version makes a new bundle', () => {
  expect(run(ESBUILD)).toBe('answer 42');
  fs.writeFileSync(path.join(dir, 'src', 'answer.ts'), 'export const answer: number = 43;\n');
  expect(() => run(stub)).toThrow('esbuild was asked');
  expect(run(ESBUILD)).toBe('answer 43');
  expect(run(stub)).toBe('answer 43');

  fs.writeFileSync(path.join(dir, 'src', 'tsconfig.json'), '{}\n');
  expect(() => run(stub)).toThrow('esbuild was asked');
  expect(run(ESBUILD)).toBe('answer 43');

  const other = path.join(dir, 'other-esbuild.js');
  fs.writeFileSync(other, fs.readFileSync(stub, 'utf8').replace(/version: "[^"]*"/, 'version: "0.0.0-other"'));
  expect(() => run(other)).toThrow('esbuild was asked');
});

test('without a node_modules folder above the file nothing is kept, and it still runs', () => {
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true });
  if (fs.existsSync(path.join(os.tmpdir(), 'node_modules'))) return; // a node_modules above the temporary folder: covered above
  expect(run(ESBUILD)).toBe('answer 42');
  expect(() => run(stub)).toThrow('esbuild was asked');
});
