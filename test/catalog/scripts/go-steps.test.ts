import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../../support/git-fixtures';
import { runTaskStep } from '../task-run';
import { TASKS } from './harness';

// No Go toolchain here: `go` and `golangci-lint` are stand-ins that record how the step called them, so these
// tests check what the synthesized steps do around the tool (words, directory, environment, exit status).
let root: string;
let bin: string;
let moduleDir: string;
let canary: string;
beforeAll(() => {
  root = tempDir('go-steps-');
  bin = path.join(root, 'bin');
  moduleDir = path.join(root, 'workspace', 'module');
  canary = path.join(root, 'pwned');
  fs.mkdirSync(bin);
  fs.mkdirSync(moduleDir, { recursive: true });
  fs.writeFileSync(path.join(moduleDir, 'go.mod'), 'module example.com/hello\n\ngo 1.25\n');
  fs.writeFileSync(path.join(moduleDir, 'main.go'), 'package main\n');
  for (const tool of ['go', 'golangci-lint']) {
    fs.writeFileSync(path.join(bin, tool), `#!/usr/bin/env bash
{ printf 'tool=%s\\n' "\${0##*/}"; printf 'cwd=%s\\n' "$PWD"; printf 'arg=%s\\n' "$@"
  for v in GOPATH GOCACHE XDG_CACHE_HOME GOFLAGS GOLANGCI_LINT_CACHE; do printf 'env %s=%s\\n' "$v" "\${!v-}"; done; } > "$SHIM_LOG"
exit "\${SHIM_STATUS:-0}"
`, { mode: 0o755 });
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => expect(fs.existsSync(canary)).toBe(false));

/** Runs a Go Task's step against the module and returns the run plus what the tool recorded. */
async function runGo(which: 'lint' | 'test', params: { [name: string]: string } = {}, options: { source?: string; status?: number } = {}) {
  const log = path.join(root, `${which}.log`);
  fs.rmSync(log, { force: true });
  const task = which === 'lint' ? TASKS.lint : TASKS.test;
  const run = await runTaskStep(task, which, { params, workspaces: { source: options.source ?? moduleDir } },
    { PATH: `${bin}:${process.env.PATH}`, SHIM_LOG: log, SHIM_STATUS: String(options.status ?? 0) });
  const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return {
    ...run,
    tool: lines.find(l => l.startsWith('tool='))?.slice(5),
    cwd: lines.find(l => l.startsWith('cwd='))?.slice(4),
    args: lines.filter(l => l.startsWith('arg=')).map(l => l.slice(4)),
    env: Object.fromEntries(lines.filter(l => l.startsWith('env ')).map(l => [l.slice(4, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])),
  };
}

describe('golang-test Task step', () => {
  test('runs go test -race -cover ./... in the module, caches under /tmp', async () => {
    const run = await runGo('test');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.tool).toBe('go');
    expect(run.args).toEqual(['test', '-race', '-cover', './...']);
    expect(run.cwd).toBe(moduleDir);
    expect(run.env).toEqual({ GOPATH: '/tmp/go', GOCACHE: '/tmp/go-build-cache', XDG_CACHE_HOME: '/tmp/cache', GOFLAGS: '-buildvcs=false', GOLANGCI_LINT_CACHE: '' });
    expect(run.stdout).toBe(`golang-test: Running go test -race -cover ./... in ${moduleDir}\n`);
  });

  test('flags and packages split at spaces, tabs and newlines; quotes, globs and $ stay literal; nothing runs', async () => {
    const flags = `-run 'Test$(touch ${canary})' \`touch ${canary}\`;rm\t-rf\n${moduleDir}`;
    const run = await runGo('test', { flags, packages: '* ./cmd/...' });
    expect(run.status).toBe(0);
    expect(run.args).toEqual(['test', '-run', "'Test$(touch", `${canary})'`, `\`touch`, `${canary}\`;rm`, '-rf', moduleDir, '*', './cmd/...']);
    expect(fs.existsSync(path.join(moduleDir, 'go.mod'))).toBe(true);
  });

  test('empty flags pass no flag', async () => {
    const run = await runGo('test', { flags: '' });
    expect(run.args).toEqual(['test', './...']);
  });

  test('a failing go test fails the step with its exit status', async () => {
    const run = await runGo('test', {}, { status: 3 });
    expect(run.status).toBe(3);
  });

  test.each([['', ''], [' \n\t', ' \n\t']])('packages %p fails with the fix', async (packages, shown) => {
    const run = await runGo('test', { packages });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`golang-test: error: param packages '${shown}' names no package. Pass package patterns such as ./...\n`);
    expect(run.tool).toBeUndefined();
  });

  test('a workspace without go.mod at its top fails with the fix', async () => {
    const source = path.dirname(moduleDir);
    const run = await runGo('test', {}, { source });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`golang-test: error: workspace source '${source}' has no go.mod at its top. Bind the workspace the module was cloned into (with subPath if it is in a subdirectory)\n`);
    expect(run.tool).toBeUndefined();
  });
});

describe('golangci-lint Task step', () => {
  test('runs golangci-lint run --timeout=5m ./... in the module, caches under /tmp', async () => {
    const run = await runGo('lint');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.tool).toBe('golangci-lint');
    expect(run.args).toEqual(['run', '--timeout=5m', './...']);
    expect(run.cwd).toBe(moduleDir);
    expect(run.env).toEqual({ GOPATH: '/tmp/go', GOCACHE: '/tmp/go-build-cache', XDG_CACHE_HOME: '/tmp/cache', GOFLAGS: '-buildvcs=false', GOLANGCI_LINT_CACHE: '/tmp/golangci-lint-cache' });
    expect(run.stdout).toBe(`golangci-lint: Running golangci-lint run --timeout=5m ./... in ${moduleDir}\n`);
  });

  test('findings fail the step with the linter\'s exit status', async () => {
    const run = await runGo('lint', { flags: '--timeout=1m --fast-only', packages: './internal/...' }, { status: 1 });
    expect(run.status).toBe(1);
    expect(run.args).toEqual(['run', '--timeout=1m', '--fast-only', './internal/...']);
  });

  test('a hostile packages value is passed as words, running nothing', async () => {
    const run = await runGo('lint', { packages: `./...;touch ${canary} $(touch ${canary})` });
    expect(run.status).toBe(0);
    expect(run.args).toEqual(['run', '--timeout=5m', `./...;touch`, canary, '$(touch', `${canary})`]);
  });
});
