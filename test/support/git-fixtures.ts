import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A new empty directory under the system temp directory. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `push-delivery-${prefix}`));
}

let tick = 0;

/** Runs git synchronously (for fixtures only: never against the in-process server) and returns its stdout. */
export function git(cwd: string, args: string[], env: { [name: string]: string } = {}): string {
  const date = `${1700000000 + tick++ * 60} +0000`;
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com',
      GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, ...env,
    },
  });
}

function commitFiles(work: string, files: { [file: string]: string }, subject: string): string {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), content);
  }
  git(work, ['add', '-A']);
  git(work, ['commit', '-q', '-m', subject]);
  return git(work, ['rev-parse', 'HEAD']).trim();
}

/** The "GitHub" app repo: linear commits on `main` and a branch `experiment` that leaves `main` after commit 2. */
export interface AppRepoFixture {
  /** The bare repository's directory name under the server root, e.g. `go-sample-app.git`. */
  readonly name: string;
  /** The commits of `main`, oldest first. */
  readonly commits: string[];
  /** The subjects of `commits`. */
  readonly subjects: string[];
  /** The commit of `experiment`: a child of `commits[1]`, not an ancestor of any later commit of `main`. */
  readonly diverged: string;
}

/** Creates the bare app repo `<root>/<name>`. */
export function createAppRepo(root: string, name = 'go-sample-app.git'): AppRepoFixture {
  const bare = path.join(root, name);
  git(root, ['init', '-q', '--bare', '-b', 'main', bare]);
  const work = tempDir('app-work-');
  git(work, ['init', '-q', '-b', 'main']);
  const subjects = ['Add the HTTP server', 'Add the greeting handler', 'Test the greeting handler', 'Fix a lint finding'];
  const commits = subjects.map((subject, i) => commitFiles(work, {
    'main.go': `package main\n\n// step ${i}\nfunc main() {}\n`,
    ...(i >= 2 ? { 'main_test.go': `package main\n\n// test ${i}\n` } : {}),
  }, subject));
  git(work, ['checkout', '-q', '-b', 'experiment', commits[1]]);
  const diverged = commitFiles(work, { 'router.go': 'package main\n' }, 'Try another router');
  git(work, ['push', '-q', bare, 'main', 'experiment']);
  fs.rmSync(work, { recursive: true, force: true });
  return { name, commits, subjects, diverged };
}

/** A kpack Image as the ops app synthesizes it, building `revision`. */
export function kpackImageYaml(app: string, revision: string): string {
  return [
    'apiVersion: kpack.io/v1alpha2',
    'kind: Image',
    'metadata:',
    `  name: ${app}`,
    '  namespace: default',
    'spec:',
    '  builder:',
    '    kind: ClusterBuilder',
    '    name: paketo-builder',
    '  serviceAccountName: kpack-bot',
    '  source:',
    '    git:',
    `      revision: ${revision}`,
    `      url: https://github.com/example/${app}`,
    `  tag: registry.example.com/example/${app}`,
    '',
  ].join('\n');
}

/** Options of {@link createOpsRepo}. */
export interface OpsRepoOptions {
  /** The app. @default 'go-sample-app' */
  readonly app?: string;
  /** The content of the Image file. @default - kpackImageYaml(app, pin) */
  readonly imageYaml?: string;
}

/** Creates the bare ops repo `<root>/<name>` with `pins/<app>.sha` = `pin` and the app's synthesized Image. */
export function createOpsRepo(root: string, name: string, pin: string, options: OpsRepoOptions = {}): string {
  const app = options.app ?? 'go-sample-app';
  const bare = path.join(root, name);
  git(root, ['init', '-q', '--bare', '-b', 'main', bare]);
  const work = tempDir('ops-work-');
  git(work, ['init', '-q', '-b', 'main']);
  commitFiles(work, {
    'README.md': '# ops repo\n',
    [`pins/${app}.sha`]: `${pin}\n`,
    [`dist/${app}/kpack/image-${app}.yaml`]: options.imageYaml ?? kpackImageYaml(app, pin),
  }, 'Synthesize the ops repo');
  git(work, ['push', '-q', bare, 'main']);
  fs.rmSync(work, { recursive: true, force: true });
  return bare;
}

/** A file of a branch of a bare repo. */
export function readBlob(bare: string, file: string, ref = 'main'): string {
  return git(bare, ['show', `${ref}:${file}`]);
}

/** One commit of a branch, newest first. */
export interface LoggedCommit {
  readonly sha: string;
  readonly author: string;
  readonly committer: string;
  readonly subject: string;
  readonly body: string;
}

/** The commits of a branch of a bare repo, newest first. */
export function commitLog(bare: string, ref = 'main'): LoggedCommit[] {
  return git(bare, ['log', '--format=%H%x1f%an <%ae>%x1f%cn <%ce>%x1f%s%x1f%b%x1e', ref]).split('\x1e').map(e => e.trim()).filter(Boolean)
    .map(e => {
      const [sha, author, committer, subject, body] = e.split('\x1f');
      return { sha, author, committer, subject, body: body.trim() };
    });
}

/** Makes the bare repo's pre-receive hook reject the next `count` pushes. */
export function rejectPushes(bare: string, count: number): void {
  const counter = path.join(bare, 'rejected-pushes');
  fs.writeFileSync(path.join(bare, 'hooks', 'pre-receive'), `#!/bin/sh
n=$(cat '${counter}' 2>/dev/null || echo 0)
if [ "$n" -lt ${count} ]; then
  echo $((n + 1)) > '${counter}'
  echo "push $((n + 1)) rejected by the test's pre-receive hook" >&2
  exit 1
fi
`, { mode: 0o755 });
}

/** Options of {@link createGitShim}. */
export interface GitShimOptions {
  /**
   * Holds the first `git push` until the file `<hold>` exists (at most 15 s); the shim creates `<hold>.waiting`
   * when it starts to wait. Lets a test order two concurrent runs.
   */
  readonly hold?: string;
  /**
   * A FIFO (see {@link createBarrier}) at which the first `git push` waits until the test opens it for writing;
   * the shim creates `<dir>/at-barrier` when it starts to wait. Lets a test release many runs at once.
   */
  readonly barrier?: string;
  /** False to log nothing (for many concurrent runs, where the log would only cost time). @default true */
  readonly record?: boolean;
}

/**
 * A directory with an executable `git` that appends its argv and its whole environment to `<dir>/git-calls.log`
 * and then runs the real git. Put the directory first in PATH.
 */
export function createGitShim(dir: string, options: GitShimOptions = {}): { binDir: string; logFile: string } {
  const realGit = execFileSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const binDir = path.join(dir, 'shim-bin');
  const logFile = path.join(dir, 'git-calls.log');
  fs.mkdirSync(binDir, { recursive: true });
  const hold = options.hold ? `
for arg in "$@"; do
  if [[ "$arg" == push && ! -e '${options.hold}.waiting' ]]; then
    : > '${options.hold}.waiting'
    for ((i = 0; i < 300; i++)); do [[ -e '${options.hold}' ]] && break; sleep 0.05; done
    break
  fi
done` : '';
  const marker = path.join(dir, 'at-barrier');
  const barrier = options.barrier ? `
for arg in "$@"; do
  if [[ "$arg" == push && ! -e '${marker}' ]]; then
    : > '${marker}'
    : < '${options.barrier}'
    break
  fi
done` : '';
  fs.writeFileSync(path.join(binDir, 'git'), `#!/usr/bin/env bash
${options.record === false ? '' : `{ printf 'argv:'; printf ' %q' "$@"; printf '\\n'; env | sed 's/^/env: /'; } >> '${logFile}'`}${hold}${barrier}
exec '${realGit}' "$@"
`, { mode: 0o755 });
  return { binDir, logFile };
}

/**
 * A barrier for runs with {@link GitShimOptions.barrier}: `release()` opens the FIFO for reading and writing (which
 * never blocks on Linux), so every shim blocked opening it goes on at the same moment, and later ones pass at once;
 * `close()` closes it when the runs are done.
 */
export function createBarrier(file: string): { file: string; release(): void; close(): void } {
  execFileSync('mkfifo', [file]);
  let fd: number | undefined;
  return {
    file,
    release: () => {
      fd = fs.openSync(file, 'r+');
    },
    close: () => {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  };
}

/** Creates the bare repo `<root>/<name>` whose `main` is a chain of `count` commits; returns them, oldest first. */
export function createChainRepo(root: string, name: string, count: number): string[] {
  const bare = path.join(root, name);
  git(root, ['init', '-q', '--bare', '-b', 'main', bare]);
  const work = tempDir('chain-work-');
  git(work, ['init', '-q', '-b', 'main']);
  const commits = Array.from({ length: count }, (_, i) => commitFiles(work, { 'main.go': `package main\n\n// step ${i}\n` }, `Step ${i}`));
  git(work, ['push', '-q', bare, 'main']);
  fs.rmSync(work, { recursive: true, force: true });
  return commits;
}

/** A directory laid out like a mounted `kubernetes.io/basic-auth` Secret. */
export function credentialsWorkspace(dir: string, username: string, password: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'username'), username);
  fs.writeFileSync(path.join(dir, 'password'), password);
  return dir;
}

/** Waits until `file` exists; throws after `timeoutMs`. */
export async function waitForFile(file: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${file}`);
    await new Promise(r => setTimeout(r, 25));
  }
}
