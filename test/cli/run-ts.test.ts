// The TypeScript runner keeps its bundles between runs, and uses one again only while every file in it,
// and every tsconfig.json esbuild may read, is unchanged, and no file has appeared where an import of it
// would now resolve (nor a folder on the way of one has become another link); a bundle of files that changed
// while esbuild read them is not kept.
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

/** Waits until files written now are older than the time stamps' resolution, as they are when edited by hand. */
const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
const run = (esbuild: string) => (runTs(path.join(dir, 'main.ts'), esbuild) as { value: string }).value;
const cacheFiles = () => fs.readdirSync(path.join(dir, 'node_modules', '.cache', 'cdk8s-push-delivery'));

test('a second run uses the bundle the first kept in node_modules/.cache', () => {
  settle();
  expect(run(ESBUILD)).toBe('answer 42');
  expect(cacheFiles()).toHaveLength(1);
  expect(run(stub)).toBe('answer 42');
});

test('a changed file, a new tsconfig.json or another esbuild version makes a new bundle', () => {
  settle();
  expect(run(ESBUILD)).toBe('answer 42');
  fs.writeFileSync(path.join(dir, 'src', 'answer.ts'), 'export const answer: number = 43;\n');
  expect(() => run(stub)).toThrow('esbuild was asked');
  settle();
  expect(run(ESBUILD)).toBe('answer 43');
  expect(run(stub)).toBe('answer 43');

  fs.writeFileSync(path.join(dir, 'src', 'tsconfig.json'), '{}\n');
  expect(() => run(stub)).toThrow('esbuild was asked');
  settle();
  expect(run(ESBUILD)).toBe('answer 43');

  const other = path.join(dir, 'other-esbuild.js');
  fs.writeFileSync(other, fs.readFileSync(stub, 'utf8').replace(/version: "[^"]*"/, 'version: "0.0.0-other"'));
  expect(() => run(other)).toThrow('esbuild was asked');
});

test('a file that appears where an import would now resolve makes a new bundle: ./src/answer is answer.ts before answer/index.ts', () => {
  fs.mkdirSync(path.join(dir, 'src', 'answer'));
  fs.renameSync(path.join(dir, 'src', 'answer.ts'), path.join(dir, 'src', 'answer', 'index.ts'));
  settle();
  expect(run(ESBUILD)).toBe('answer 42');
  expect(run(stub)).toBe('answer 42');
  fs.writeFileSync(path.join(dir, 'src', 'answer.ts'), 'export const answer: number = 7;\n');
  expect(() => run(stub)).toThrow('esbuild was asked');
  settle();
  expect(run(ESBUILD)).toBe('answer 7');
  // and a folder that appears in the place of a file: ./src/answer.ts gone, ./src/answer/ is what it finds
  fs.rmSync(path.join(dir, 'src', 'answer.ts'));
  expect(() => run(stub)).toThrow('esbuild was asked');
  settle();
  expect(run(ESBUILD)).toBe('answer 42');
});

test('a folder on the way of an import that is a link, pointing elsewhere, makes a new bundle, though every file is as it was', () => {
  fs.renameSync(path.join(dir, 'src'), path.join(dir, 'src-a'));
  fs.mkdirSync(path.join(dir, 'src-b'));
  fs.writeFileSync(path.join(dir, 'src-b', 'answer.ts'), 'export const answer: number = 8;\n');
  fs.symlinkSync('src-a', path.join(dir, 'src'));
  settle();
  expect(run(ESBUILD)).toBe('answer 42');
  expect(run(stub)).toBe('answer 42');
  fs.rmSync(path.join(dir, 'src'));
  fs.symlinkSync('src-b', path.join(dir, 'src'));
  expect(() => run(stub)).toThrow('esbuild was asked');
  settle();
  expect(run(ESBUILD)).toBe('answer 8');
  // and a real folder in the link's place, with the files of the first
  fs.rmSync(path.join(dir, 'src'));
  fs.cpSync(path.join(dir, 'src-a'), path.join(dir, 'src'), { recursive: true });
  expect(() => run(stub)).toThrow('esbuild was asked');
});

test('a bundle of files changed while esbuild read them (or just before: within the time stamps\' resolution) is not kept', () => {
  fs.writeFileSync(path.join(dir, 'src', 'answer.ts'), 'export const answer: number = 44;\n');
  expect(run(ESBUILD)).toBe('answer 44');
  expect(() => run(stub)).toThrow('esbuild was asked');
  settle();
  expect(run(ESBUILD)).toBe('answer 44');
  expect(run(stub)).toBe('answer 44');
});

test('without a node_modules folder above the file nothing is kept, and it still runs', () => {
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true });
  if (fs.existsSync(path.join(os.tmpdir(), 'node_modules'))) return; // a node_modules above the temporary folder: covered above
  expect(run(ESBUILD)).toBe('answer 42');
  expect(() => run(stub)).toThrow('esbuild was asked');
});
