import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The real tools of the catalog's step images, installed on this machine at the versions the images pin, so
 * the step scripts run against real apps with the tools they run with in the cluster. Everything comes from
 * the package registries through their own clients: Go toolchains from the Go module proxy (`GOTOOLCHAIN`),
 * golangci-lint with `go install`, Node.js and npm from the npm registry, Maven from Maven Central. A JDK
 * cannot come from a registry, so the machine's own is used (the newest that is not older than the image's).
 *
 * Installs go to `node_modules/.cache/cdk8s-push-delivery/tools/` (Go toolchains and modules to Go's own
 * caches), each into a temporary folder renamed into place when complete, under a lock, so test files running
 * in parallel install each tool once. A missing tool is installed, never skipped: a test that needs one fails
 * when it cannot be had, with the command that failed.
 */

/** The tools folder of this clone. */
export const TOOLS_DIR = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk8s-push-delivery', 'tools');

/**
 * The Go release each golangci-lint image carries: its Dockerfile is `FROM golang:1.25` and its binary is built
 * with Go 1.25 (golangci/golangci-lint `build/buildx.Dockerfile` and `.github/workflows/release.yml` at v2.8.0,
 * released 2026-01-07, when 1.25.5 was the newest 1.25 release).
 */
const GOLANGCI_LINT_GO: { [version: string]: string } = { 'v2.8.0': '1.25.5' };

/** The npm release each Node.js release bundles (the official `node` images carry it). */
const NODE_NPM: { [version: string]: string } = { '22.21.1': '10.9.4' };

/** What a step needs besides its script: the environment that puts the tools first on PATH, and what they are. */
export interface StepToolchain {
  /** `PATH` (the tools first) and e.g. `GOTOOLCHAIN`, `JAVA_HOME`. */
  readonly env: { [name: string]: string };
  /** The tools and their versions, e.g. `go1.25.5`, for messages. */
  readonly versions: string[];
}

/**
 * The tools of a catalog step image, installed if missing: `golang:<v>-...`, `golangci/golangci-lint:<v>`,
 * `node:<v>-...` and `maven:<m>-eclipse-temurin-<java>`. Throws for another image, naming it.
 */
export function stepToolchain(image: string): StepToolchain {
  const m = /^(?:docker\.io\/)?(?:library\/)?([a-z0-9/_-]+):([^@]+)$/.exec(image);
  const [repo, tag] = m ? [m[1], m[2]] : ['', ''];
  let bins: string[];
  let env: { [name: string]: string } = {};
  let versions: string[];
  if (repo === 'golang') {
    const go = goToolchain(tag.split('-')[0]);
    [bins, versions, env] = [[go.bin], [go.version], { GOTOOLCHAIN: 'local' }];
  } else if (repo === 'golangci/golangci-lint') {
    const goVersion = GOLANGCI_LINT_GO[tag] ?? fail(`the Go release of ${image} is not known: add it to GOLANGCI_LINT_GO in test/support/step-tools.ts`);
    const go = goToolchain(goVersion);
    [bins, versions, env] = [[golangciLint(tag, go), go.bin], [`golangci-lint ${tag}`, go.version], { GOTOOLCHAIN: 'local' }];
  } else if (repo === 'node') {
    const version = tag.split('-')[0];
    const npm = NODE_NPM[version] ?? fail(`the npm release Node.js ${version} bundles is not known: add it to NODE_NPM in test/support/step-tools.ts`);
    [bins, versions] = [[nodeToolchain(version, npm)], [`node ${version}`, `npm ${npm}`]];
  } else if (repo === 'maven') {
    const [, maven, java] = /^(\d+\.\d+\.\d+)-eclipse-temurin-(\d+)$/.exec(tag) ?? fail(`${image}: the tag is not <maven>-eclipse-temurin-<java>`);
    const jdk = findJdk(Number(java));
    [bins, versions, env] = [[mavenDistribution(maven), path.join(jdk.home, 'bin')], [`maven ${maven}`, `java ${jdk.version}`], { JAVA_HOME: jdk.home }];
  } else {
    fail(`no installer for the tools of ${image}`);
  }
  return { env: { ...env, PATH: [...bins, process.env.PATH ?? '/usr/bin:/bin'].join(':') }, versions };
}

function fail(message: string): never {
  throw new Error(message);
}

/** Runs a command for an install; its output goes to the message when it fails. */
function run(command: string, args: string[], options: { cwd?: string; env?: { [name: string]: string } } = {}): string {
  try {
    return execFileSync(command, args, {
      cwd: options.cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
      env: { ...process.env, ...options.env },
    });
  } catch (e: any) {
    throw new Error(`installing a step tool: ${command} ${args.join(' ')} failed (${e.status ?? e.code}): ${`${e.stderr ?? ''}${e.stdout ?? ''}`.slice(-4000)}`);
  }
}

/**
 * `dir`, made by `make(tmp)` into a temporary folder beside it if it does not exist yet. One process makes it
 * while the others wait for its lock (a folder; one left by a dead process is taken over).
 */
function installed(dir: string, make: (tmp: string) => void): string {
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
    }
    if (fs.existsSync(dir)) return dir;
    const owner = Number(readOr(path.join(lock, 'pid'), '0'));
    if (owner && !alive(owner)) fs.rmSync(lock, { recursive: true, force: true });
    if (Date.now() > deadline) fail(`waited 30 minutes for ${lock}; remove it if no install is running`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
  try {
    if (fs.existsSync(dir)) return dir;
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    try {
      make(tmp);
      fs.renameSync(tmp, dir);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    return dir;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e.code === 'EPERM';
  }
}

/** A Go toolchain: its bin folder and `go version`'s name of it. */
export interface GoToolchain {
  readonly bin: string;
  readonly version: string;
}

/**
 * Go `version` (e.g. `1.25.5`) exactly: the go command downloads the release from the Go module proxy when
 * `GOTOOLCHAIN` names it (https://go.dev/doc/toolchain) into Go's module cache; the machine's own Go (any
 * release from 1.21 on) does the download. The toolchain's folder is recorded in the tools folder.
 */
export function goToolchain(version: string): GoToolchain {
  if (!/^\d+\.\d+(\.\d+)?$/.test(version)) fail(`Go version '${version}' is not a release number such as 1.25.5`);
  const record = path.join(TOOLS_DIR, `go${version}.goroot`);
  let goroot = readOr(record, '').trim();
  if (!goroot || !fs.existsSync(path.join(goroot, 'bin', 'go'))) {
    goroot = run('go', ['env', 'GOROOT'], { env: { GOTOOLCHAIN: `go${version}`, GOFLAGS: '' } }).trim();
    fs.mkdirSync(TOOLS_DIR, { recursive: true });
    fs.writeFileSync(record, `${goroot}\n`);
  }
  const reported = run(path.join(goroot, 'bin', 'go'), ['env', 'GOVERSION'], { env: { GOTOOLCHAIN: 'local' } }).trim();
  if (reported !== `go${version}`) fail(`${goroot}/bin/go is ${reported}, not go${version}`);
  return { bin: path.join(goroot, 'bin'), version: reported };
}

/** golangci-lint `version` (v2 line), built by `go install` with `go`; returns the folder of the binary. */
export function golangciLint(version: string, go: GoToolchain): string {
  if (!/^v2\.\d+\.\d+$/.test(version)) fail(`golangci-lint version '${version}' is not a v2 release such as v2.8.0`);
  return installed(path.join(TOOLS_DIR, `golangci-lint-${version}-${go.version}`), tmp => {
    run(path.join(go.bin, 'go'), ['install', `github.com/golangci/golangci-lint/v2/cmd/golangci-lint@${version}`], {
      env: { GOTOOLCHAIN: 'local', GOBIN: tmp, GOFLAGS: '-modcacherw', CGO_ENABLED: '0' },
    });
  });
}

/**
 * Node.js `version` and npm `npm` from the npm registry: `node-<platform>-<arch>` packages the official Node.js
 * binary (https://www.npmjs.com/package/node), `npm` the npm CLI. Returns the folder with `node` and `npm`.
 */
export function nodeToolchain(version: string, npm: string): string {
  const dir = installed(path.join(TOOLS_DIR, `node-${version}-npm-${npm}`), tmp => {
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts',
      `node-${process.platform}-${process.arch}@${version}`, `npm@${npm}`], { cwd: tmp });
  });
  return path.join(dir, 'node_modules', '.bin');
}

/** Apache Maven `version`, the binary distribution from Maven Central (fetched by the machine's Maven). */
export function mavenDistribution(version: string): string {
  const dir = installed(path.join(TOOLS_DIR, `maven-${version}`), tmp => {
    run('mvn', ['--batch-mode', '--quiet', '--strict-checksums', 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
      `-Dartifact=org.apache.maven:apache-maven:${version}:tar.gz:bin`, `-DoutputDirectory=${tmp}`], { cwd: tmp });
    run('tar', ['-xzf', `apache-maven-${version}-bin.tar.gz`, '--strip-components=1'], { cwd: tmp });
    fs.rmSync(path.join(tmp, `apache-maven-${version}-bin.tar.gz`));
  });
  return path.join(dir, 'bin');
}

/** A JDK on this machine. */
export interface Jdk {
  readonly home: string;
  /** `JAVA_VERSION` of its `release` file, e.g. `25.0.3`. */
  readonly version: string;
}

/**
 * The machine's JDK of major release `major`, else the oldest newer one ($JAVA_HOME, /usr/lib/jvm/*, the
 * `javac` on PATH). Throws when there is none: no registry this project reaches serves a JDK.
 */
export function findJdk(major: number): Jdk {
  const homes = new Set<string>();
  if (process.env.JAVA_HOME) homes.add(process.env.JAVA_HOME);
  if (fs.existsSync('/usr/lib/jvm')) for (const d of fs.readdirSync('/usr/lib/jvm')) homes.add(path.join('/usr/lib/jvm', d));
  try {
    homes.add(path.dirname(path.dirname(fs.realpathSync(run('sh', ['-c', 'command -v javac']).trim()))));
  } catch {
    // no javac on PATH
  }
  const jdks = [...homes].flatMap(home => {
    const release = /JAVA_VERSION="([^"]+)"/.exec(readOr(path.join(home, 'release'), ''));
    return release && fs.existsSync(path.join(home, 'bin', 'javac')) ? [{ home: fs.realpathSync(home), version: release[1] }] : [];
  });
  const majorOf = (j: Jdk) => Number(j.version.split(/[.+]/)[0]);
  const fit = jdks.filter(j => majorOf(j) >= major).sort((a, b) => majorOf(a) - majorOf(b));
  return fit[0] ?? fail(`no JDK ${major} or newer on this machine (found: ${jdks.map(j => `${j.version} at ${j.home}`).join(', ') || 'none'}). Install one (e.g. Temurin ${major}) and set JAVA_HOME`);
}
