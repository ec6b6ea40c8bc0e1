// The Node.js and Java check steps and the Go test step, exactly as synthesized, run with bash against small
// projects made here, with the real toolchains (npm, mvn, go). Where a toolchain is missing the tests say so;
// under CI=true that is a failure. Package managers this machine need not have (pnpm, Yarn, the Gradle
// wrapper) are stand-ins that record how the step called them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { GoLintTask, GoTestTask, JavaCheckTask, NodeCheckTask } from '../../../lib/catalog';
import { tempDir } from '../../support/git-fixtures';
import { hasTool, toolchainTest } from '../../support/toolchains';
import { runTaskStep } from '../task-run';

const chart = Testing.chart();
new NodeCheckTask(chart, 'node');
new JavaCheckTask(chart, 'java');
new GoTestTask(chart, 'go', { flags: '-count=1' });
new GoLintTask(chart, 'lint');
const objects = Testing.synth(chart);
const task = (name: string) => objects.find(o => o.metadata.name === name);

let root: string;
beforeEach(() => { root = tempDir('ecosystem-'); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes `files` under a new directory of `root`. */
function project(name: string, files: { [file: string]: string }): string {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** A stand-in for a tool: records its arguments in `$SHIM_LOG` and exits 0. */
function shim(tool: string): string {
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, tool), '#!/usr/bin/env bash\nprintf \'%s\\n\' "${0##*/} $*" >> "$SHIM_LOG"\n', { mode: 0o755 });
  return bin;
}

const NODE_PACKAGE = {
  'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', private: true, scripts: { lint: 'node lint.js', test: 'node test.js' } }),
  'package-lock.json': JSON.stringify({ name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'shop', version: '1.0.0' } } }),
  'lint.js': 'require("fs").writeFileSync("linted", "yes");\n',
  'test.js': 'const assert = require("assert"); assert.strictEqual(1 + 1, 2); require("fs").writeFileSync("tested", "yes");\n',
};

describe('node-check step', () => {
  const haveNode = toolchainTest(['node', 'npm'], 'the node-check step');
  (haveNode ? test : test.skip)('npm ci, then lint and test, with the real npm; the result names npm', async () => {
    const dir = project('shop', NODE_PACKAGE);
    const result = path.join(root, 'manager');
    const r = await runTaskStep(task('node-check'), 'check', { workspaces: { source: dir }, results: { 'package-manager': result } },
      { npm_config_cache: path.join(root, 'npm-cache'), npm_config_update_notifier: 'false' }, 120_000);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'linted'), 'utf8')).toBe('yes');
    expect(fs.readFileSync(path.join(dir, 'tested'), 'utf8')).toBe('yes');
    expect(fs.readFileSync(result, 'utf8')).toBe('npm');
  }, 150_000);

  (haveNode ? test : test.skip)('a failing test fails the step', async () => {
    const dir = project('shop', { ...NODE_PACKAGE, 'test.js': 'process.exit(3);\n' });
    const r = await runTaskStep(task('node-check'), 'check', { params: { scripts: 'test' }, workspaces: { source: dir }, results: { 'package-manager': path.join(root, 'm') } },
      { npm_config_cache: path.join(root, 'npm-cache'), npm_config_update_notifier: 'false' }, 120_000);
    expect(r.status).not.toBe(0);
  }, 150_000);

  test.each([
    ['pnpm-lock.yaml', {}, 'corepack pnpm install --frozen-lockfile', 'corepack pnpm run lint', 'pnpm'],
    ['yarn.lock', {}, 'corepack yarn install --frozen-lockfile', 'corepack yarn run lint', 'yarn'],
    ['yarn.lock', { '.yarnrc.yml': 'nodeLinker: node-modules\n' }, 'corepack yarn install --immutable', 'corepack yarn run lint', 'yarn'],
  ])('auto picks the manager of %s and installs from its lock file', async (lock, extra, install, run, manager) => {
    const dir = project('shop', { 'package.json': '{}', [lock]: '', ...extra });
    const log = path.join(root, 'shim.log');
    const result = path.join(root, 'manager');
    const r = await runTaskStep(task('node-check'), 'check', { params: { scripts: 'lint' }, workspaces: { source: dir }, results: { 'package-manager': result } },
      { PATH: `${shim('corepack')}:${process.env.PATH}`, SHIM_LOG: log });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual([install, run]);
    expect(fs.readFileSync(result, 'utf8')).toBe(manager);
  });

  test.each([
    [{ 'package.json': '{}' }, {}, /has no lock file \(package-lock.json, pnpm-lock.yaml or yarn.lock\)\. Commit the lock file/],
    [{ 'package.json': '{}', 'yarn.lock': '' }, { 'package-manager': 'npm' }, /package-manager npm: workspace source has no package-lock.json/],
    [{ 'package.json': '{}', 'yarn.lock': '' }, { 'package-manager': 'bun' }, /param package-manager 'bun' is not auto, npm, pnpm or yarn/],
    [{ 'package.json': '{}', 'yarn.lock': '' }, { scripts: 'test;touch$IFS/tmp/x' }, /param scripts: 'test;touch\$IFS\/tmp\/x' is not a script name/],
    [{ 'x.txt': '' }, {}, /has no package.json at its top/],
  ])('refuses %j with %j before installing', async (files, params, message) => {
    const dir = project('shop', files as any);
    const log = path.join(root, 'shim.log');
    const r = await runTaskStep(task('node-check'), 'check', { params, workspaces: { source: dir }, results: { 'package-manager': path.join(root, 'm') } },
      { PATH: `${shim('corepack')}:${shim('npm')}:${process.env.PATH}`, SHIM_LOG: log });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(log)).toBe(false);
  });
});

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>orders</artifactId><version>1.0.0</version>
  <properties><maven.compiler.source>17</maven.compiler.source><maven.compiler.target>17</maven.compiler.target><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
</project>
`;

describe('java-check step', () => {
  const haveMaven = toolchainTest(['java', 'mvn'], 'the java-check step');
  (haveMaven ? test : test.skip)('mvn verify with the real Maven builds the project; the result names maven', async () => {
    const dir = project('orders', { 'pom.xml': POM, 'src/main/java/example/Orders.java': 'package example;\npublic class Orders { public static int count() { return 1; } }\n' });
    const result = path.join(root, 'tool');
    const r = await runTaskStep(task('java-check'), 'check', { workspaces: { source: dir }, results: { 'build-tool': result } }, {}, 170_000);
    expect(r.stdout).toMatch(/BUILD SUCCESS/);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'target', 'orders-1.0.0.jar'))).toBe(true);
    expect(fs.readFileSync(result, 'utf8')).toBe('maven');
  }, 180_000);

  (haveMaven ? test : test.skip)('a compile error fails the step', async () => {
    const dir = project('orders', { 'pom.xml': POM, 'src/main/java/example/Orders.java': 'package example;\npublic class Orders { int x = ; }\n' });
    const r = await runTaskStep(task('java-check'), 'check', { workspaces: { source: dir }, results: { 'build-tool': path.join(root, 't') } }, {}, 170_000);
    expect(r.status).not.toBe(0);
  }, 180_000);

  test('a Gradle project runs its wrapper with check, no daemon; MAVEN_CONFIG never reaches a wrapper', async () => {
    const log = path.join(root, 'shim.log');
    const dir = project('orders', { 'settings.gradle.kts': '', 'gradlew': '#!/bin/sh\nprintf \'%s\\n\' "gradlew $* MAVEN_CONFIG=${MAVEN_CONFIG-unset}" >> "$SHIM_LOG"\n' });
    const result = path.join(root, 'tool');
    const r = await runTaskStep(task('java-check'), 'check', { workspaces: { source: dir }, results: { 'build-tool': result } }, { SHIM_LOG: log });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trim()).toBe('gradlew --no-daemon --console=plain check MAVEN_CONFIG=unset');
    expect(fs.readFileSync(result, 'utf8')).toBe('gradle');
  });

  test('a Maven project with a wrapper runs ./mvnw in batch mode with the local repository in /tmp', async () => {
    const log = path.join(root, 'shim.log');
    const dir = project('orders', { 'pom.xml': POM, 'mvnw': '#!/bin/sh\nprintf \'%s\\n\' "mvnw $* MAVEN_CONFIG=${MAVEN_CONFIG-unset}" >> "$SHIM_LOG"\n' });
    const r = await runTaskStep(task('java-check'), 'check', { params: { goals: 'verify -Pci' }, workspaces: { source: dir }, results: { 'build-tool': path.join(root, 't') } },
      { SHIM_LOG: log, MAVEN_CONFIG: '/root/.m2' });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trim()).toBe('mvnw --batch-mode --no-transfer-progress -Dmaven.repo.local=/tmp/m2/repository verify -Pci MAVEN_CONFIG=unset');
  });

  test.each([
    ['no build file', { 'x.txt': '' }, {}, /has no pom.xml and no Gradle build at its top/],
    ['gradle without a wrapper', { 'pom.xml': POM }, { 'build-tool': 'gradle' }, /build-tool gradle: workspace source .* has no gradlew\. Commit the Gradle wrapper/],
    ['an unknown build tool', { 'pom.xml': POM }, { 'build-tool': 'ant' }, /param build-tool 'ant' is not auto, maven or gradle/],
  ])('refuses %s', async (_label, files, params, message) => {
    const dir = project('orders', files as any);
    const r = await runTaskStep(task('java-check'), 'check', { params, workspaces: { source: dir }, results: { 'build-tool': path.join(root, 't') } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('golang-test step', () => {
  const haveGo = toolchainTest(['go'], 'the golang-test step');
  (haveGo ? test : test.skip)('go test with the real Go toolchain passes a passing module and fails a failing one', async () => {
    const files = {
      'go.mod': 'module example.com/hello\n\ngo 1.22\n',
      'hello.go': 'package hello\n\nfunc Two() int { return 2 }\n',
      'hello_test.go': 'package hello\n\nimport "testing"\n\nfunc TestTwo(t *testing.T) {\n\tif Two() != 2 {\n\t\tt.Fatal("not two")\n\t}\n}\n',
    };
    const env = { HOME: root, GOTOOLCHAIN: 'local', GOPROXY: 'off' };
    const good = await runTaskStep(task('golang-test'), 'test', { workspaces: { source: project('good', files) } }, env, 120_000);
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/ok\s+example\.com\/hello/);
    expect(good.status).toBe(0);
    const bad = await runTaskStep(task('golang-test'), 'test', { workspaces: { source: project('bad', { ...files, 'hello.go': 'package hello\n\nfunc Two() int { return 3 }\n' }) } }, env, 120_000);
    expect(bad.stdout).toMatch(/not two/);
    expect(bad.status).not.toBe(0);
  }, 150_000);
});

describe('golangci-lint step', () => {
  // golangci-lint is not part of the machines' toolchains (Go, Node.js, Java, Maven): where it is on PATH the
  // step runs it for real, elsewhere this says so (also under CI, where its absence is no failure).
  // `go install` puts it in $GOPATH/bin (~/go/bin), which need not be on PATH.
  const goBin = path.join(process.env.GOPATH ?? path.join(os.homedir(), 'go'), 'bin');
  const lintPath = hasTool('golangci-lint') ? process.env.PATH : `${goBin}:${process.env.PATH}`;
  const haveLint = hasTool('go') && (hasTool('golangci-lint') || fs.existsSync(path.join(goBin, 'golangci-lint')));
  test('toolchain for the golangci-lint step: golangci-lint (optional)', () => {
    // eslint-disable-next-line no-console
    if (!haveLint) console.warn('golangci-lint not found on PATH: the golangci-lint step ran only against a stand-in (test/catalog/scripts/go-steps.test.ts). Install it with go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.8.0 to run it for real');
  });
  (haveLint ? test : test.skip)('the real golangci-lint passes a clean module and reports an unchecked error', async () => {
    const lint = objects.find(o => o.metadata.name === 'golangci-lint');
    const files = {
      'go.mod': 'module example.com/hello\n\ngo 1.22\n',
      'hello.go': 'package hello\n\nimport "os"\n\n// Write writes a file.\nfunc Write() error { return os.WriteFile("x", nil, 0o600) }\n',
    };
    const env = { HOME: root, GOTOOLCHAIN: 'local', GOPROXY: 'off', PATH: lintPath ?? '' };
    const good = await runTaskStep(lint, 'lint', { workspaces: { source: project('good', files) } }, env, 170_000);
    expect(good.status).toBe(0);
    const bad = await runTaskStep(lint, 'lint', { workspaces: { source: project('bad', { ...files, 'hello.go': 'package hello\n\nimport "os"\n\n// Write writes a file.\nfunc Write() { os.WriteFile("x", nil, 0o600) }\n' }) } }, env, 170_000);
    expect(bad.stdout).toMatch(/errcheck/);
    expect(bad.status).not.toBe(0);
  }, 180_000);
});
