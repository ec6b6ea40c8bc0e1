// The command line of the package (lib/cli): arguments, the entry contract, and how errors read. The bin as
// installed runs in test/package/consumer.test.ts; `npm run plan|promote` in test/plan/plan.test.ts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OpsRepo } from '../../lib/delivery/ops-repo';
import { Args } from '../../lib/cli/args';
import { runCli, USAGE } from '../../lib/cli/cli';
import { Command } from '../../lib/cli/command';
import { entryOrDefault, loadApp } from '../../lib/cli/entry';
import { loadOpsRepo } from '../../lib/cli/ops-repo-entry';
import { ROOT } from '../support/drift';
import { thrown } from '../support/synth';

let dir: string;
let stderr: string;
let stdout: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  stderr = '';
  stdout = '';
  jest.spyOn(process.stderr, 'write').mockImplementation(s => { stderr += String(s); return true; });
  jest.spyOn(process.stdout, 'write').mockImplementation(s => { stdout += String(s); return true; });
});
afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.SYNTH_STACK;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('arguments', () => {
  const args = (...a: string[]) => new Args(a, 'Usage: x');

  test('options with values, flags and positionals come out; the rest is an error that shows the usage', () => {
    const a = args('app', '--entry', 'main.js', 'to', '--no-commit');
    expect([a.option('--entry', 'a file'), a.flag('--no-commit'), a.flag('--markdown'), a.positional(2, 2)]).toEqual(['main.js', true, false, ['app', 'to']]);
    expect(thrown(() => args('--entry').option('--entry', 'a file'))).toBe('--entry needs a file.\nUsage: x');
    expect(thrown(() => args('--ref', '--markdown').option('--ref', 'a git ref'))).toBe('--ref needs a git ref.\nUsage: x');
    expect(thrown(() => args('a', '--bogus').positional(0, 1))).toBe('unknown option --bogus.\nUsage: x');
    expect(thrown(() => args('a', 'b', 'c').positional(0, 1))).toBe('unexpected b c.\nUsage: x');
    expect(thrown(() => args('a').positional(3, 3))).toBe('missing arguments.\nUsage: x');
  });

  test('--help prints every command; an unknown command exits 1 and names the commands', () => {
    expect(runCli(['--help'])).toBe(0);
    expect(stdout).toBe(USAGE);
    expect(USAGE).toContain('cdk8s-push-delivery promote <app> <to> --image');
    expect(runCli(['deploy'])).toBe(1);
    expect(stderr).toMatch(/^unknown command 'deploy'. Use one of: synth, plan, promote.\n/);
  });
});

describe('the entry', () => {
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  test('defaults to main.ts, else main.js', () => {
    expect(entryOrDefault(undefined, dir)).toBe('main.ts');
    write('main.js', '');
    expect(entryOrDefault(undefined, dir)).toBe('main.js');
    write('main.ts', '');
    expect(entryOrDefault(undefined, dir)).toBe('main.ts');
    expect(entryOrDefault('apps.js', dir)).toBe('apps.js');
  });

  test('must exist, export an app, and for plan and promote an OpsRepo', () => {
    expect(thrown(() => loadApp('nope.js', dir))).toBe("entry 'nope.js' does not exist. Give the file that builds the app, relative to the ops repository's root (default: main.ts, or main.js)");
    write('none.js', 'exports.other = 1;\n');
    expect(thrown(() => loadApp('none.js', dir))).toBe("none.js: export 'app' is missing. Export the app the file builds: export const app = new OpsRepo({ ... })");
    write('number.js', 'exports.app = 3;\n');
    expect(thrown(() => loadApp('number.js', dir))).toBe("number.js: export 'app' is 3, not a cdk8s App. Export the app the file builds: export const app = new OpsRepo({ ... })");
    write('plain.js', 'exports.app = { synth() {} };\n');
    expect(typeof loadApp('plain.js', dir).synth).toBe('function');
    expect(thrown(() => loadOpsRepo('plain.js', dir))).toBe("plain.js: export 'app' is an instance of Object, not an OpsRepo. "
      + 'plan and promote work on the app of an ops repository: export const app = new OpsRepo({ ... })');
  });

  test('a .ts entry runs through esbuild, with its own copy of the library, and is still known as an OpsRepo', () => {
    const ops = loadOpsRepo('examples/java-service/main.ts', ROOT);
    expect(ops).not.toBeInstanceOf(OpsRepo);
    expect(OpsRepo.isOpsRepo(ops)).toBe(true);
    expect(ops.repo.url).toBe('https://github.com/example/orders-ops.git');
  });
});

describe('errors', () => {
  const failing = new Command('Usage: x', () => { throw new Error("entry 'x' is wrong. Fix it"); }, { prefix: 'x: ', after: 'Nothing was written.\n' });

  test('print the message between the command\'s prefix and epilogue, without the stack, and exit 1', () => {
    expect(failing.main([])).toBe(1);
    expect(stderr).toBe("x: entry 'x' is wrong. Fix it\nNothing was written.\n");
  });

  test('SYNTH_STACK=1 shows the stack', () => {
    process.env.SYNTH_STACK = '1';
    expect(failing.main([])).toBe(1);
    expect(stderr).toMatch(/^x: Error: entry 'x' is wrong. Fix it\n {4}at /);
  });
});
