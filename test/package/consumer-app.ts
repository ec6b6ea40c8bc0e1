// A project outside this repository that depends on the packed package, installed from the npm cache only,
// at the versions of this repository's package-lock.json.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/drift';

/** What a command printed and how it ended. */
export interface Run {
  /** The command, for messages. */
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` in `cwd` without a shell. */
export function run(cwd: string, command: string, ...args: string[]): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { command: [command, ...args].join(' '), status: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** Throws, with what the command printed, unless it exited 0. */
export function succeeded(r: Run): Run {
  if (r.status !== 0) throw new Error(`\`${r.command}\` failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`.trimEnd());
  return r;
}

/** The tarball `npm pack` made and the files in it. */
export interface Packed {
  readonly tarball: string;
  readonly files: string[];
}

/** `npm pack` of this repository into `dir` (its `prepack` builds the package first). */
export function pack(dir: string): Packed {
  const out = succeeded(run(ROOT, 'npm', 'pack', '--json', '--pack-destination', dir)).stdout;
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: path.join(dir, info!.filename), files: info!.files.map(f => f.path).sort() };
}

type Deps = { [name: string]: string };
interface LockEntry {
  readonly [key: string]: unknown;
  readonly version?: string;
  readonly dependencies?: Deps;
  readonly optionalDependencies?: Deps;
  readonly peerDependencies?: Deps;
  readonly peerDependenciesMeta?: { [name: string]: { optional?: boolean } };
}

const OUR_LOCK: { [path: string]: LockEntry } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')).packages;
const OURS = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The version of `name` in this repository's package-lock.json. */
export function lockedVersion(name: string): string {
  const version = OUR_LOCK[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/**
 * Writes `dir`/package.json with `dependencies` and `devDependencies` (names; versions as locked here) and the
 * packed package, and a package-lock.json that holds exactly those and what they need, as this repository's
 * lock has them: `npm ci` of this repository puts every one of them in the npm cache, and `npm install
 * --offline` finds them there. (Without the lock npm would pick the newest versions the cached registry
 * metadata lists, which need not be cached.)
 */
export function writeProject(dir: string, packed: Packed, dependencies: string[], devDependencies: string[]): void {
  const spec = `file:${path.relative(dir, packed.tarball)}`;
  const root = {
    name: 'stranger-ops',
    version: '1.0.0',
    private: true,
    dependencies: { [OURS.name]: spec, ...Object.fromEntries(dependencies.map(n => [n, lockedVersion(n)])) },
    devDependencies: Object.fromEntries(devDependencies.map(n => [n, lockedVersion(n)])),
  };
  const self: LockEntry = {
    version: OURS.version,
    resolved: spec,
    integrity: `sha512-${crypto.createHash('sha512').update(fs.readFileSync(packed.tarball)).digest('base64')}`,
    license: OURS.license,
    dependencies: OURS.dependencies,
    peerDependencies: OURS.peerDependencies,
    bin: OURS.bin,
    engines: OURS.engines,
  };
  const { private: _, ...rootEntry } = root;
  const packages = closure({ ...OUR_LOCK, '': rootEntry, [`node_modules/${OURS.name}`]: self });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(root, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

/** The entries of `lock` the root entry `''` needs, found as Node finds a package from the one that needs it. */
function closure(lock: { [path: string]: LockEntry }): { [path: string]: LockEntry } {
  const out: { [path: string]: LockEntry } = {};
  const visit = (at: string) => {
    const entry = lock[at]!;
    // Which of them npm marks dev or optional is its to work out for this project.
    const { dev: _d, optional: _o, devOptional: _do, peer: _p, ...kept } = entry;
    out[at] = kept;
    const needs: Array<[string, boolean]> = [
      ...Object.keys({ ...entry.dependencies, ...(at === '' ? (entry as { devDependencies?: Deps }).devDependencies : {}) }).map(n => [n, false] as [string, boolean]),
      ...Object.keys(entry.optionalDependencies ?? {}).map(n => [n, true] as [string, boolean]),
      ...Object.keys(entry.peerDependencies ?? {}).map(n => [n, entry.peerDependenciesMeta?.[n]?.optional ?? false] as [string, boolean]),
    ];
    for (const [name, optional] of needs) {
      const found = resolve(lock, at, name);
      if (found === undefined && !optional) throw new Error(`${name}, needed by ${at || 'the project'}, is not in package-lock.json`);
      if (found !== undefined && !(found in out)) visit(found);
    }
  };
  visit('');
  return out;
}

/** `<dir>/node_modules/<name>` for the nearest `dir` from `from` up to the root that has it. */
function resolve(lock: { [path: string]: LockEntry }, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!dir) return undefined;
  }
}
