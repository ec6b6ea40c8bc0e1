// Every input of the command line gets the library's message with the fix, never a bare Node or git error:
// entries that are not modules (text, folders, links, paths out of the repository, files that do not parse,
// compile or run), refs that git would read as options or cannot find (also in a shallow clone), and plan or
// promote outside a git repository.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { plan, promote } from '../../lib';
import { loadApp } from '../../lib/cli/entry';
import { CLI, run, RUN_TS } from '../support/crash';
import { ROOT } from '../support/drift';
import { git, tempDir } from '../support/git-fixtures';
import { thrown } from '../support/synth';
import { digest, gitIdentity, shop, shopRepo } from '../promotion/shop';

let dir: string;
beforeAll(gitIdentity);
beforeEach(() => { dir = tempDir('hostile-'); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const FIX = "Give the file that builds the app, relative to the ops repository's root (default: main.ts, or main.js)";

describe('entries that are not modules that build an app', () => {
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  const cases: Array<[string, string, () => void, RegExp | string]> = [
    ['a text file', 'notes.txt', () => write('notes.txt', 'just notes\n'),
      `entry 'notes.txt' is not a JavaScript or TypeScript file (.js, .cjs, .ts, .cts). ${FIX}`],
    ['text in a .js file', 'main.js', () => write('main.js', 'just some notes\n'),
      /^entry 'main\.js' is not valid JavaScript: Unexpected identifier.*\. Fix the file \(node --check main\.js shows where\)$/],
    ['TypeScript that does not compile', 'main.ts', () => write('main.ts', 'export const app = ;\n'),
      /^entry 'main\.ts' does not compile: Unexpected ";" \(.*main\.ts:1\)\. Fix the TypeScript \(npx tsc --noEmit lists every error\)$/],
    ['a folder', 'app', () => fs.mkdirSync(path.join(dir, 'app')), `entry 'app' is a folder, not a file. ${FIX}`],
    ['a missing file', 'gone.js', () => undefined, `entry 'gone.js' does not exist. ${FIX}`],
    ['a file that throws a TypeError', 'main.js', () => write('main.js', 'const config = null;\nexports.app = config.app;\n'),
      /^entry 'main\.js' failed while building the app: TypeError: Cannot read properties of null \(reading 'app'\) \(.*main\.js:2:\d+\)\. Fix the entry \(SYNTH_STACK=1 shows where\)$/],
    ['a file that throws a string', 'main.js', () => write('main.js', 'throw "no";\n'),
      "entry 'main.js' threw a string, not an Error, while building the app. Fix the entry (SYNTH_STACK=1 shows where)"],
    ['a file that requires a missing module', 'main.js', () => write('main.js', 'require("./lib/nowhere");\n'),
      /^entry 'main\.js' requires a module that cannot be found: Cannot find module '\.\/lib\/nowhere'.*\. Install it \(npm install\), or fix the import$/],
    ['a module that does not export app', 'main.js', () => write('main.js', 'exports.ops = {};\n'),
      "main.js: export 'app' is missing. Export the app the file builds: export const app = new OpsRepo({ ... })"],
    ['an ES module', 'main.mjs', () => write('main.mjs', 'export const app = 1;\n'),
      "entry 'main.mjs' is an ES module, and the entry is loaded as CommonJS. Give a .js or .ts file that exports the app (export const app = ...), compiled to CommonJS"],
    ['an absolute path', '/etc/passwd', () => undefined, `entry '/etc/passwd' is an absolute path. ${FIX}`],
    ['a path out of the repository', '../main.js', () => undefined, `entry '../main.js' leads out of the ops repository ('..'). ${FIX}`],
    ['a link to a file outside', 'main.js', () => fs.symlinkSync('/etc/hostname', path.join(dir, 'main.js')),
      `entry 'main.js' is a symbolic link to /etc/hostname, not a file. ${FIX}`],
    ['a file in a linked folder', 'apps/main.js', () => fs.symlinkSync('/etc', path.join(dir, 'apps')),
      `entry 'apps/main.js' is under 'apps', which is a symbolic link to /etc, not a folder: the tools never follow a link, which could lead out of the repository. ${FIX}`],
  ];
  test.each(cases)('%s', (_name, entry, arrange, message) => {
    arrange();
    const got = thrown(() => loadApp(entry, dir));
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  test('through the command: the message and exit 1, no stack', () => {
    fs.writeFileSync(path.join(dir, 'main.js'), 'just some notes\n');
    const synth = run([RUN_TS, CLI, 'synth', 'main.js'], dir);
    expect(synth.status).toBe(1);
    expect(synth.stderr).toMatch(/^entry 'main\.js' is not valid JavaScript: Unexpected identifier 'some' \(\/.*\/main\.js:1\)\. Fix the file \(node --check main\.js shows where\)\n$/);
  });
});

describe('git refs and repositories', () => {
  let root: string;
  beforeEach(() => { root = fs.realpathSync(shopRepo()); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const planAt = (ref: string, at = root) => plan({ root: at, load: r => shop(r), ref });

  const refs: Array<[string, string]> = [
    ['--output=/tmp/pwned', 'names no commit of the repository at <root>. Give a branch, tag or commit that exists (git branch -a and git tag list them; fetch a remote branch first)'],
    ['-x', 'names no commit of the repository at <root>. Give a branch, tag or commit that exists (git branch -a and git tag list them; fetch a remote branch first)'],
    ['no-such-branch', 'names no commit of the repository at <root>. Give a branch, tag or commit that exists (git branch -a and git tag list them; fetch a remote branch first)'],
    ['main\n--all', 'is empty or contains a control character. Give a branch, tag or commit, e.g. origin/main'],
    ['', 'is empty or contains a control character. Give a branch, tag or commit, e.g. origin/main'],
  ];
  test.each(refs)('plan --ref %p: a name, never an option; said in the library\'s words', (ref, what) => {
    expect(thrown(() => planAt(ref))).toBe(`ref '${ref.replace(/\n/g, '\\n')}' ${what.replace('<root>', root)}`);
    expect(fs.existsSync('/tmp/pwned')).toBe(false);
  });

  test('through the command: --ref -x exits 1 with the message', () => {
    fs.writeFileSync(path.join(root, 'main.ts'), `export const app = require(${JSON.stringify(path.join(__dirname, '..', 'promotion', 'shop'))}).shop(__dirname);\n`);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
    const out = run([RUN_TS, CLI, 'plan', '--ref', '-x'], root);
    expect(out.stderr).toBe(`plan: ref '-x' names no commit of the repository at ${root}. Give a branch, tag or commit that exists (git branch -a and git tag list them; fetch a remote branch first)\n`);
    expect(out.status).toBe(1);
  });

  test('a shallow clone without the ref: the message says how to fetch it', () => {
    git(root, ['commit', '-q', '--allow-empty', '-m', 'second']);
    const shallow = fs.realpathSync(tempDir('shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, shallow], { stdio: 'ignore' });
      expect(thrown(() => planAt('HEAD~1', shallow))).toBe(`ref 'HEAD~1' names no commit of the repository at ${shallow}, a shallow clone (its history is cut, so older commits and other branches may be missing). `
        + 'Fetch it (git fetch origin <branch>, or git fetch --unshallow for the whole history), or give a ref the clone has');
    } finally {
      fs.rmSync(shallow, { recursive: true, force: true });
    }
  });

  test('plan --ref and promote outside a git repository', () => {
    const plain = fs.realpathSync(dir);
    fs.cpSync(root, plain, { recursive: true, filter: src => !src.endsWith('.git') });
    expect(thrown(() => planAt('main', plain))).toBe(`${plain} is not in a git repository, and reading the manifests at 'main' needs one. `
      + 'Run it in a clone of the ops repository, or compare with the manifests on disk (without --ref)');
    expect(thrown(() => promote({ root: plain, load: r => shop(r), app: 'storefront', to: 'prod', image: digest('storefront', 3) })))
      .toBe(`${plain} is not in a git repository, and promote commits the promotion on a new branch of it. Run promote in a clone of the ops repository, or give --no-commit to only write the files`);
  });

  test('promote in a repository without a commit', () => {
    const empty = fs.realpathSync(dir);
    git(empty, ['init', '-q', '-b', 'main']);
    expect(thrown(() => promote({ root: empty, load: r => shop(r), app: 'storefront', to: 'prod', image: digest('storefront', 3) })))
      .toBe(`${empty} has no commit yet, and promote builds what is committed. Commit the ops repository first`);
  });
});
