// The Go steps, exactly as synthesized, with the real golangci-lint and Go of their images (installed by
// test/support/step-tools.ts when missing) against the tutorial's app (test/fixtures/apps/go-hello-server) and
// variants of it.
import * as fs from 'fs';
import { Testing } from 'cdk8s';
import { GoLintConfig, GoLintTask, GoTestTask } from '../../../lib/catalog';
import { tempDir } from '../../support/git-fixtures';
import { fixtureApp, runWithTools, toolsOf } from './real-tools';

const chart = Testing.chart();
new GoLintTask(chart, 'lint');
new GoLintTask(chart, 'lint-v2-defaults', { metadata: { name: 'lint-v2-defaults' }, defaultConfig: GoLintConfig.exclusionPresets() });
new GoTestTask(chart, 'test');
const objects = Testing.synth(chart);
const task = (name: string) => objects.find(o => o.metadata.name === name);
const LINT = task('golangci-lint');
const TEST = task('golang-test');

const APP = 'go-hello-server';
/** The tutorial app's unchecked write to the client, as golangci-lint reports it (path relative to the module). */
const FPRINTF = /^hello-server\.go:13:13: Error return value of `fmt\.Fprintf` is not checked \(errcheck\)$/m;

let root: string;
beforeAll(() => {
  root = tempDir('go-real-');
  // Installs the tools now (minutes when nothing is cached), not inside the first test's timeout.
  expect(toolsOf(LINT, 'lint').versions).toEqual(['golangci-lint v2.8.0', 'go1.25.5']);
  expect(toolsOf(TEST, 'test').versions).toEqual(['go1.25.5']);
}, 1_200_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const lint = (source: string, which = LINT) => runWithTools(which, 'lint', { workspaces: { source } });

describe('golangci-lint step, real golangci-lint v2.8.0', () => {
  test('passes the tutorial app with the default configuration, and says which configuration it used', async () => {
    const r = await lint(fixtureApp(APP, root));
    expect(r.stdout).toContain('golangci-lint: The module has no golangci-lint configuration: using the default one');
    expect(r.stdout).toMatch(/^ +- std-error-handling$/m);
    expect(r.stdout).toMatch(/^0 issues\.$/m);
    expect(r.status).toBe(0);
  }, 300_000);

  test('with golangci-lint\'s own defaults (no exclusion preset), the tutorial app fails on its unchecked fmt.Fprintf', async () => {
    const r = await lint(fixtureApp(APP, root), task('lint-v2-defaults'));
    expect(r.stdout).toMatch(FPRINTF);
    expect(r.status).toBe(1);
  }, 300_000);

  test('a real lint problem still fails the default configuration, with the linter\'s message', async () => {
    const source = fixtureApp(APP, root, {
      'hello-server.go': fs.readFileSync(`${fixtureApp(APP, root)}/hello-server.go`, 'utf8')
        .replace('log.Fatal(http.ListenAndServe(":8080", nil))', 'http.ListenAndServe(":8080", nil)')
        .replace('\t"log"\n', ''),
    });
    const r = await lint(source);
    expect(r.stdout).toMatch(/^hello-server\.go:\d+:\d+: Error return value of `http\.ListenAndServe` is not checked \(errcheck\)$/m);
    expect(r.stdout).not.toMatch(FPRINTF);
    expect(r.status).toBe(1);
  }, 300_000);

  test.each([
    ['.golangci.yml', 'version: "2"\n'],
    ['.golangci.json', '{ "version": "2" }\n'],
  ])('the module\'s own %s wins whole: without its presets, the unchecked fmt.Fprintf fails', async (file, config) => {
    const r = await lint(fixtureApp(APP, root, { [file]: config }));
    expect(r.stdout).toContain(`golangci-lint: Using the module's golangci-lint configuration ${file}`);
    expect(r.stdout).not.toContain('default');
    expect(r.stdout).toMatch(FPRINTF);
    expect(r.status).toBe(1);
  }, 300_000);

  test('the module\'s own .golangci.toml applies: the linter it enables fails the app', async () => {
    const toml = 'version = "2"\n\n[linters]\nenable = ["forbidigo"]\n\n[linters.exclusions]\npresets = ["std-error-handling"]\n';
    const r = await lint(fixtureApp(APP, root, { '.golangci.toml': toml }));
    expect(r.stdout).toMatch(/^hello-server\.go:17:2: use of `fmt\.Printf` forbidden by pattern .* \(forbidigo\)$/m);
    expect(r.stdout).not.toMatch(FPRINTF);
    expect(r.status).toBe(1);
  }, 300_000);

  test('--no-config in flags turns the default off too', async () => {
    const r = await runWithTools(LINT, 'lint', { params: { flags: '--timeout=5m --no-config' }, workspaces: { source: fixtureApp(APP, root) } });
    expect(r.stdout).toMatch(/^hello-server\.go:13:13: Error return value of `fmt\.Fprintf` is not checked \(errcheck\)$/m);
    expect(r.status).toBe(1);
  }, 300_000);
});

describe('golang-test step, real Go 1.25.5', () => {
  test('passes the tutorial app (no test files), with the race detector and coverage', async () => {
    const r = await runWithTools(TEST, 'test', { workspaces: { source: fixtureApp(APP, root) } });
    expect(r.stdout).toContain('golang-test: Running go test -race -cover ./... in');
    expect(r.stdout + r.stderr).toMatch(/example\.com\/hello-server\s+(\[no test files\]|coverage: 0\.0% of statements)/);
    expect(r.status).toBe(0);
  }, 300_000);

  test('fails the tutorial app with a failing test, with the test\'s message', async () => {
    const r = await runWithTools(TEST, 'test', {
      workspaces: {
        source: fixtureApp(APP, root, {
          'hello-server_test.go': 'package main\n\nimport (\n\t"net/http/httptest"\n\t"testing"\n)\n\n'
            + 'func TestHello(t *testing.T) {\n\tw := httptest.NewRecorder()\n\tHelloHandler(w, httptest.NewRequest("GET", "/", nil))\n'
            + '\tif got := w.Body.String(); got != "Hello, Go!\\n" {\n\t\tt.Errorf("body = %q", got)\n\t}\n}\n',
        }),
      },
    });
    expect(r.stdout).toContain('body = "Hello, world!\\n"');
    expect(r.stdout).toMatch(/^FAIL\s+example\.com\/hello-server/m);
    expect(r.status).toBe(1);
  }, 300_000);
});
