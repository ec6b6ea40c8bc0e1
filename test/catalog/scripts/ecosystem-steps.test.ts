// The Node.js and Java check steps, exactly as synthesized, run with bash: against the fixture apps
// (test/fixtures/apps/) with the real tools of their images (Node.js 22.21.1 and npm 10.9.4, Maven 3.9.11; see
// real-tools.ts and test/support/step-tools.ts, which install them when missing), and against small projects
// made here with stand-ins for what the images carry but these tests need not run (pnpm and Yarn through
// corepack, the Gradle and Maven wrappers), which record how the step called them.
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { JavaCheckTask, NodeCheckTask } from '../../../lib/catalog';
import { tempDir } from '../../support/git-fixtures';
import { runTaskStep } from '../task-run';
import { fixtureApp, runWithTools, toolsOf } from './real-tools';

const chart = Testing.chart();
new NodeCheckTask(chart, 'node');
new JavaCheckTask(chart, 'java');
const objects = Testing.synth(chart);
const task = (name: string) => objects.find(o => o.metadata.name === name);

beforeAll(() => {
  // Installs the tools now if missing, not inside the first test's timeout.
  expect(toolsOf(task('node-check'), 'check').versions).toEqual(['node 22.21.1', 'npm 10.9.4']);
  expect(toolsOf(task('java-check'), 'check').versions[0]).toBe('maven 3.9.11');
}, 900_000);

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

describe('node-check step', () => {
  const check = (source: string, params: { [name: string]: string } = {}, result = path.join(root, 'manager')) =>
    runWithTools(task('node-check'), 'check', { params, workspaces: { source }, results: { 'package-manager': result } });

  test('the Node.js app: npm ci from its lock file, then its lint (ESLint) and test scripts pass; the result names npm', async () => {
    const source = fixtureApp('node-greeter', root);
    const result = path.join(root, 'manager');
    const r = await check(source, {}, result);
    expect(r.stdout).toMatch(/^node-check: Installing with npm ci$/m);
    expect(r.stdout).toMatch(/^> node-greeter@1\.0\.0 lint\n> eslint \.$/m);
    expect(r.stdout).toMatch(/^# pass 2$/m);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(source, 'node_modules', 'eslint', 'package.json'))).toBe(true);
    expect(fs.readFileSync(result, 'utf8')).toBe('npm');
  }, 300_000);

  test('a lint error fails the step with ESLint\'s message; the tests do not run', async () => {
    const source = fixtureApp('node-greeter', root, {
      'src/greeting.js': fs.readFileSync(path.join(fixtureApp('node-greeter', root), 'src', 'greeting.js'), 'utf8')
        .replace("const who =", "const unused = 1;\n  const who ="),
    });
    const r = await check(source);
    expect(r.stdout).toMatch(/error {2}'unused' is assigned a value but never used {2}no-unused-vars/);
    expect(r.stdout).not.toMatch(/^# pass/m);
    expect(r.status).toBe(1);
  }, 300_000);

  test('a failing test fails the step with the test runner\'s message', async () => {
    const source = fixtureApp('node-greeter', root, {
      'test/greeting.test.js': "'use strict';\n\nconst assert = require('node:assert/strict');\nconst { test } = require('node:test');\n"
        + "const { greeting } = require('../src/greeting');\n\ntest('greets in French', () => {\n  assert.equal(greeting('Ada'), 'Bonjour, Ada !');\n});\n",
    });
    const r = await check(source, { scripts: 'test' });
    expect(r.stdout).toMatch(/^not ok 1 - greets in French$/m);
    expect(r.stdout).toMatch(/^# fail 1$/m);
    expect(r.status).toBe(1);
  }, 300_000);

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
</project>
`;

describe('java-check step', () => {
  test('the Java app: mvn verify with Maven 3.9.11 compiles it, runs its tests and builds its jar; the result names maven', async () => {
    const source = fixtureApp('java-maven-app', root);
    const result = path.join(root, 'tool');
    const r = await runWithTools(task('java-check'), 'check', { workspaces: { source }, results: { 'build-tool': result } });
    expect(r.stdout).toMatch(/^java-check: Running mvn --batch-mode --no-transfer-progress -Dmaven\.repo\.local=\S+ verify in /m);
    expect(r.stdout).toMatch(/Tests run: 2, Failures: 0, Errors: 0, Skipped: 0/);
    expect(r.stdout).toMatch(/BUILD SUCCESS/);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(source, 'target', 'my-app-1.0-SNAPSHOT.jar'))).toBe(true);
    expect(fs.readFileSync(result, 'utf8')).toBe('maven');
  }, 300_000);

  test('a failing test fails the step with Surefire\'s message', async () => {
    const test = path.join('src', 'test', 'java', 'com', 'mycompany', 'app', 'AppTest.java');
    const source = fixtureApp('java-maven-app', root, {
      [test]: fs.readFileSync(path.join(fixtureApp('java-maven-app', root), test), 'utf8').replace('assertEquals("Hello World!"', 'assertEquals("Hello, World!"'),
    });
    const r = await runWithTools(task('java-check'), 'check', { workspaces: { source }, results: { 'build-tool': path.join(root, 't') } });
    expect(r.stdout).toMatch(/AppTest\.testAppMessage:\d+ expected: <Hello, World!> but was: <Hello World!>/);
    expect(r.stdout).toMatch(/Tests run: 2, Failures: 1, Errors: 0, Skipped: 0/);
    expect(r.stdout).toMatch(/BUILD FAILURE/);
    expect(r.status).toBe(1);
  }, 300_000);

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
