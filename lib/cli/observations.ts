// What a run of the app saw of the world, one observation at a time: a key that says what was looked at
// (`read`, the path) and the value it had (the content's SHA-256). The recorder (lib/cli/recorder.ts) notes
// each while the app runs, computed from what the app itself got; the record of a synthesis
// (lib/cli/synth-record.ts) keeps them, and a later run looks at each again: the world is unchanged for
// the app when every one has the value it had. Values hold hashes, never an environment variable's value.
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as os from 'os';
import * as path from 'path';
import { currentBundleHash } from './run-ts';

/** The key of an observation: what was looked at, the arguments that say how. */
export function observationKey(what: string, ...args: string[]): string {
  return [what, ...args].join('\0');
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An error as an observed value: `!ENOENT` and the like. */
export function failed(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return `!${typeof code === 'string' ? code : 'ERROR'}`;
}

/** What a stat tells the app that can change its output: the kind and mode; for a file also its size and modification time. */
export function statValue(s: fs.Stats | fs.BigIntStats | undefined): string {
  if (!s) return '!ENOENT';
  const mode = Number(s.mode);
  if (s.isFile()) return `f ${mode} ${Number(s.size)} ${Number(s.mtimeMs)}`;
  if (s.isDirectory()) return `d ${mode}`;
  if (s.isSymbolicLink()) return `l ${mode} ${Number(s.size)}`;
  return `o ${mode}`;
}

/** A folder's listing, as readdirSync returned it (names, Buffers or Dirents): its hash. */
export function listingValue(entries: ReadonlyArray<string | Buffer | fs.Dirent>): string {
  return sha256(entries.map(e => (typeof e === 'string' || Buffer.isBuffer(e) ? String(e)
    : `${(e as { parentPath?: string }).parentPath ?? ''}/${e.name} ${e.isFile() ? 'f' : e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'o'}`)).join('\n'));
}

/** Every byte of the open file `fd`, read from its start without moving its position (pread). */
export function readAll(fd: number): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 0; ;) {
    const chunk = Buffer.allocUnsafe(65536);
    const n = fs.readSync(fd, chunk, 0, chunk.length, at);
    if (n === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, n));
    at += n;
  }
}

interface Resolver {
  _resolveFilename(request: string, parent: Module | null, isMain: boolean, options?: { paths?: string[] }): string;
  _nodeModulePaths(dir: string): string[];
  new (id: string, parent?: Module | null): Module & { filename: string; paths: string[] };
}
/** Node's resolver of `require` (lib/internal/modules/cjs/loader.js), which the recorder also watches. */
export const resolver = Module as unknown as Resolver;

/** What `require(request)` from the module `parent` resolves to, as Node resolves it now. */
export function resolveNow(parent: string, request: string, paths: string): string {
  let from: Module | null = null;
  if (parent) {
    const m = new resolver(parent, null);
    m.filename = parent;
    m.paths = resolver._nodeModulePaths(path.dirname(parent));
    from = m;
  }
  return resolver._resolveFilename(request, from, false, paths ? { paths: JSON.parse(paths) as string[] } : undefined);
}

/** The whole environment, as one hash: for an app that lists it. */
export function environmentValue(): string {
  return sha256(Object.keys(process.env).sort().map(k => `${k}=${process.env[k]}`).join('\n'));
}

/** A variable of the environment: its hash, or `!unset`. */
export function variableValue(value: string | undefined): string {
  return value === undefined ? '!unset' : sha256(value);
}

/** What `os.<name>()` returns, as JSON. */
export function osValue(name: string): string {
  return JSON.stringify((os as unknown as { [k: string]: () => unknown })[name]!());
}

/** What the observation `key` sees now; an observation that cannot be made again says so (and matches nothing recorded). */
export function observeNow(key: string): string {
  const [what, a = '', b = ''] = key.split('\0');
  const attempt = (f: () => string) => {
    try {
      return f();
    } catch (e) {
      return failed(e);
    }
  };
  switch (what) {
    case 'read': return attempt(() => sha256(fs.readFileSync(a)));
    case 'open': return attempt(() => {
      const fd = fs.openSync(a, Number(b));
      try {
        return sha256(readAll(fd));
      } finally {
        fs.closeSync(fd);
      }
    });
    case 'exists': return fs.existsSync(a) ? 'yes' : 'no';
    case 'stat': return attempt(() => statValue(fs.statSync(a)));
    case 'lstat': return attempt(() => statValue(fs.lstatSync(a)));
    case 'access': return attempt(() => { fs.accessSync(a, Number(b)); return 'ok'; });
    case 'readdir': return attempt(() => listingValue(fs.readdirSync(a, JSON.parse(b) as { withFileTypes: true })));
    case 'realpath': return attempt(() => String(fs.realpathSync(a)));
    case 'realpath.native': return attempt(() => String(fs.realpathSync.native(a)));
    case 'readlink': return attempt(() => String(fs.readlinkSync(a)));
    case 'resolve': return attempt(() => resolveNow(a, b, key.split('\0')[3] ?? ''));
    case 'env': return variableValue(process.env[a]);
    case 'environment': return environmentValue();
    case 'os': return attempt(() => osValue(a));
    case 'bundle': return attempt(() => currentBundleHash(a, b) ?? '!changed');
    default: return `!unknown observation ${what}`;
  }
}

/** The observation a key describes, for a message: `read /path`. */
export function describeObservation(key: string): string {
  const [what, ...args] = key.split('\0');
  return `${what} ${args.filter(Boolean).join(' ')}`;
}
