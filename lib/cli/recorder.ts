// Records what an app reads of the world while it is loaded and synthesized, by wrapping, for that time,
// what Node gives a program to read it with: every synchronous read of `fs` (content read, opened, stat,
// exists, access, listings, links), `require`'s resolution (so a module that now resolves elsewhere is
// seen), `process.env` (each variable read, or all of them when listed), and `os`'s answers. Each read is
// noted with the value the app got (lib/cli/observations.ts). What the app could learn some other way, or
// what a run that skips it would not do, makes the run one that cannot be recorded (a doubt): writing
// files, asynchronous fs, child processes, worker threads, changing directory, the clocks and randomness.
// The writer's own reading and writing is not the app's (lib/output/synthesis-observer.ts).
// The modules themselves (not `import * as`, which compilers turn into a copy of their properties): what
// the recorder wraps is what every other module calls.
import childProcess = require('child_process');
import crypto = require('crypto');
import fs = require('fs');
import os = require('os');
import * as path from 'path';
import { fileURLToPath } from 'url';
import workerThreads = require('worker_threads');
import {
  describeObservation, environmentValue, failed, listingValue, observationKey, readAll, resolver, sha256, statValue, variableValue,
} from './observations';

type Fn = (...args: any[]) => any;

/** `fs` reads the recorder notes, by name: how to note one call from its arguments and what it returned. */
const READS = ['existsSync', 'statSync', 'lstatSync', 'accessSync', 'readdirSync', 'readlinkSync', 'readFileSync', 'openSync', 'realpathSync', 'mkdirSync'];
/** `fs` calls that read nothing new: an open file's metadata, closing it, reading it (its content was noted when it was opened). */
const NEUTRAL = ['fstatSync', 'closeSync', 'readSync', 'writeSync'];
/** `os` answers, noted with their value. */
const OS_ANSWERS = ['hostname', 'homedir', 'tmpdir', 'userInfo', 'platform', 'arch', 'release', 'type', 'version', 'machine', 'endianness',
  'networkInterfaces', 'cpus', 'totalmem', 'freemem', 'uptime', 'loadavg', 'availableParallelism'];

/** Records one run of an app. */
export class Recorder {
  /** What the app saw, by observation key. */
  public readonly observed = new Map<string, string>();
  /** Why the run cannot be recorded, when it cannot. */
  public readonly doubts: string[] = [];
  private depth = 0;
  private readonly undo: Array<() => void> = [];
  /** Files the app opened for reading, by descriptor. */
  private readonly open = new Map<number, string>();

  /** Notes that the app saw `value` at `key`; the same key seen with two values means the world changed meanwhile. */
  public note(key: string, value: string): void {
    const before = this.observed.get(key);
    if (before === undefined) this.observed.set(key, value);
    else if (before !== value) this.doubt(`${describeObservation(key)} changed while the app ran`);
  }

  /** Notes why this run cannot be recorded. */
  public doubt(why: string): void {
    if (this.doubts.length < 5 && !this.doubts.includes(why)) this.doubts.push(why);
  }

  /** Runs `f` unrecorded (the writer's own work, or the recorder's). */
  public untracked<T>(f: () => T): T {
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** Starts recording. */
  public install(): void {
    const fsAny = fs as unknown as { [k: string]: unknown };
    for (const name of Object.keys(fs)) {
      if (typeof fsAny[name] !== 'function' || !/^[a-z]/.test(name) || NEUTRAL.includes(name)) continue;
      if (READS.includes(name)) this.wrap(fsAny, name, original => this.reading(name, original as Fn));
      else this.wrap(fsAny, name, original => this.refusing(`fs.${name}`, original as Fn));
    }
    this.wrap(fs.realpathSync as unknown as { [k: string]: unknown }, 'native', original => this.reading('realpathSync.native', original as Fn));
    this.wrap(fsAny, 'readSync', original => this.onOpenFile('readSync', original as Fn, fd => this.open.has(fd)));
    this.wrap(fsAny, 'closeSync', original => (fd: number) => { this.open.delete(fd); return (original as Fn)(fd); });
    this.wrap(fsAny, 'writeSync', original => this.onOpenFile('writeSync', original as Fn, fd => fd === 1 || fd === 2));
    const promises = fs.promises as unknown as { [k: string]: unknown };
    for (const name of Object.keys(promises)) if (typeof promises[name] === 'function') this.wrap(promises, name, o => this.refusing(`fs.promises.${name}`, o as Fn));
    const child = childProcess as unknown as { [k: string]: unknown };
    for (const name of Object.keys(child)) if (typeof child[name] === 'function' && /^[a-z]/.test(name)) this.wrap(child, name, o => this.refusing(`child_process.${name}`, o as Fn));
    const cryptoAny = crypto as unknown as { [k: string]: unknown };
    for (const name of ['randomBytes', 'randomUUID', 'randomInt', 'randomFill', 'randomFillSync', 'pseudoRandomBytes', 'generateKeyPairSync', 'generateKeySync', 'generatePrimeSync']) {
      this.wrap(cryptoAny, name, o => this.refusing(`crypto.${name}`, o as Fn));
    }
    // crypto.getRandomValues (a getter) and globalThis.crypto are Web Crypto's, whose methods these are.
    const web = crypto.webcrypto as unknown as { [k: string]: unknown };
    for (const name of ['getRandomValues', 'randomUUID']) this.wrap(web, name, o => this.refusing(`crypto.${name}`, o as Fn));
    this.wrap(Math as unknown as { [k: string]: unknown }, 'random', o => this.refusing('Math.random', o as Fn, harmlessRandomness));
    this.wrap(process as unknown as { [k: string]: unknown }, 'chdir', o => this.refusing('process.chdir', o as Fn));
    // The other clocks: the library reads them for the report's timings as the writer's own work.
    this.wrap(performance as unknown as { [k: string]: unknown }, 'now', o => this.refusing('performance.now', o as Fn));
    this.wrap(process as unknown as { [k: string]: unknown }, 'hrtime', o => this.refusing('process.hrtime', o as Fn));
    this.wrap(process.hrtime as unknown as { [k: string]: unknown }, 'bigint', o => this.refusing('process.hrtime.bigint', o as Fn));
    this.wrap(process as unknown as { [k: string]: unknown }, 'uptime', o => this.refusing('process.uptime', o as Fn));
    const osAny = os as unknown as { [k: string]: unknown };
    for (const name of OS_ANSWERS) {
      this.wrap(osAny, name, original => this.reading(`os.${name}`, original as Fn));
    }
    this.wrapClass(workerThreads as unknown as { [k: string]: unknown }, 'Worker', 'worker_threads.Worker');
    this.wrapDate();
    this.wrapEnvironment();
    this.wrap(resolver as unknown as { [k: string]: unknown }, '_resolveFilename', original => this.resolving(original as Fn));
  }

  /** Stops recording: every wrapped function is itself again. */
  public uninstall(): void {
    for (const undo of this.undo.reverse()) undo();
    this.undo.length = 0;
  }

  private wrap(on: { [k: string]: unknown }, name: string, make: (original: unknown) => unknown): void {
    const original = on[name];
    if (typeof original !== 'function') return;
    // Some are accessors (crypto.getRandomValues): the wrapper is defined in their place, and they are put back as they were.
    const own = Object.getOwnPropertyDescriptor(on, name);
    if (own && !own.configurable) throw new Error(`cannot watch ${name}: it cannot be redefined`);
    Object.defineProperty(on, name, { value: Object.assign(make(original) as object, original), writable: true, configurable: true, enumerable: own?.enumerable ?? false });
    this.undo.push(() => {
      if (own) Object.defineProperty(on, name, own);
      else delete on[name];
    });
  }

  /** A function that runs `original`, making the run unrecordable when the app (not the writer) calls it. */
  private refusing(what: string, original: Fn, harmless?: () => boolean): Fn {
    const self = this;
    return function (this: unknown, ...args: unknown[]) {
      if (self.depth === 0 && !self.doubts.includes(`the app called ${what}`) && !harmless?.()) self.doubt(`the app called ${what}`);
      return original.apply(this, args);
    };
  }

  private wrapClass(on: { [k: string]: unknown }, name: string, what: string): void {
    const self = this;
    this.wrap(on, name, original => new Proxy(original as Fn, {
      construct(target, args, newTarget) {
        if (self.depth === 0) self.doubt(`the app made a ${what}`);
        return Reflect.construct(target, args, newTarget) as object;
      },
    }));
  }

  /** `Date.now()`, `new Date()` and `Date()` read the clock; `new Date(value)` does not. */
  private wrapDate(): void {
    const self = this;
    const global = globalThis as unknown as { [k: string]: unknown };
    this.wrap(global, 'Date', original => new Proxy(original as DateConstructor, {
      construct(target, args, newTarget) {
        if (args.length === 0 && self.depth === 0) self.doubt('the app read the clock (new Date())');
        return Reflect.construct(target, args, newTarget) as object;
      },
      apply(target, that, args) {
        if (self.depth === 0) self.doubt('the app read the clock (Date())');
        return Reflect.apply(target, that, args) as string;
      },
      get(target, key) {
        if (key === 'now') return () => { if (self.depth === 0) self.doubt('the app read the clock (Date.now())'); return target.now(); };
        return Reflect.get(target, key) as unknown;
      },
    }));
  }

  /** Every variable the app reads is noted, by its value's hash; listing them all notes the whole environment. */
  private wrapEnvironment(): void {
    const self = this;
    const real = process.env;
    const watched = new Proxy(real, {
      get(target, key) {
        const value = Reflect.get(target, key) as string | undefined;
        if (typeof key === 'string' && self.depth === 0) self.untracked(() => self.note(observationKey('env', key), variableValue(value)));
        return value;
      },
      has(target, key) {
        if (typeof key === 'string' && self.depth === 0) self.untracked(() => self.note(observationKey('env', key), variableValue(Reflect.get(target, key) as string | undefined)));
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        if (self.depth === 0) self.untracked(() => self.note(observationKey('environment'), environmentValue()));
        return Reflect.ownKeys(target);
      },
    });
    process.env = watched;
    this.undo.push(() => { process.env = real; });
  }

  /** `require`'s resolution, noted by the requiring module and the request: Node resolves it again the same way later. */
  private resolving(original: Fn): Fn {
    const self = this;
    return function (this: unknown, request: string, parent: { filename?: string } | null, isMain: boolean, options?: { paths?: string[] }) {
      const resolved = original.call(this, request, parent, isMain, options) as string;
      if (self.depth === 0 && typeof request === 'string' && path.isAbsolute(resolved)) {
        self.note(observationKey('resolve', parent?.filename ?? '', request, options?.paths ? JSON.stringify(options.paths) : ''), resolved);
      }
      return resolved;
    };
  }

  /** A read of an open file (or a write to one): fine when `known(fd)`, else the app reads or writes what was not noted. */
  private onOpenFile(name: string, original: Fn, known: (fd: number) => boolean): Fn {
    const self = this;
    return function (this: unknown, fd: number, ...rest: unknown[]) {
      if (self.depth === 0 && !known(fd)) self.doubt(`the app called fs.${name} on a file it did not open for reading`);
      return original.call(this, fd, ...rest);
    };
  }

  /** An `fs` or `os` read, noted with what it returned (or the error it threw). */
  private reading(name: string, original: Fn): Fn {
    const self = this;
    return function (this: unknown, ...args: unknown[]) {
      if (self.depth > 0) return original.apply(this, args);
      self.depth++;
      try {
        return self.read(name, original, this, args);
      } finally {
        self.depth--;
      }
    };
  }

  private read(name: string, original: Fn, that: unknown, args: unknown[]): unknown {
    if (name.startsWith('os.')) {
      const value = original.apply(that, args) as unknown;
      this.note(observationKey('os', name.slice(3)), JSON.stringify(value));
      return value;
    }
    if (name === 'readFileSync' && typeof args[0] === 'number') {
      if (!this.open.has(args[0])) this.doubt('the app read a file it did not open for reading (fs.readFileSync of a descriptor)');
      return original.apply(that, args);
    }
    const file = pathOf(args[0]);
    if (file === undefined) {
      this.doubt(`the app called fs.${name} with a path that is not one`);
      return original.apply(that, args);
    }
    const options = args[1];
    const flags = (typeof options === 'object' && options !== null ? (options as { flag?: unknown }).flag : undefined);
    switch (name) {
      case 'readFileSync': {
        if (flags !== undefined && flags !== 'r') this.doubt(`the app read ${file} with flag '${String(flags)}'`);
        const encoding = (typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding) as BufferEncoding | undefined;
        const bytes = this.attempt(observationKey('read', file), () => original.call(that, args[0], flags !== undefined ? { flag: flags } : undefined) as Buffer, sha256);
        return encoding ? bytes.toString(encoding) : bytes;
      }
      case 'openSync': {
        const mode = openFlags(args[1]);
        if (mode === undefined) {
          this.doubt(`the app opened ${file} for writing`);
          return original.apply(that, args);
        }
        const fd = this.attempt(observationKey('open', file, String(mode)), () => original.apply(that, args) as number, d => sha256(readAll(d)));
        this.open.set(fd, file);
        return fd;
      }
      case 'existsSync': {
        const exists = original.apply(that, args) as boolean;
        this.note(observationKey('exists', file), exists ? 'yes' : 'no');
        return exists;
      }
      case 'statSync':
      case 'lstatSync':
        return this.attempt(observationKey(name === 'statSync' ? 'stat' : 'lstat', file), () => original.apply(that, args) as fs.Stats | undefined, statValue);
      case 'accessSync':
        return this.attempt(observationKey('access', file, String(args[1] ?? fs.constants.F_OK)), () => original.apply(that, args) as undefined, () => 'ok');
      case 'readdirSync': {
        const o = typeof options === 'string' ? { encoding: options } : (options ?? {}) as { encoding?: string; withFileTypes?: boolean; recursive?: boolean };
        const key = observationKey('readdir', file, JSON.stringify({ withFileTypes: !!o.withFileTypes, recursive: !!o.recursive }));
        return this.attempt(key, () => original.apply(that, args) as string[], listingValue);
      }
      case 'readlinkSync':
        return this.attempt(observationKey('readlink', file), () => original.apply(that, args) as string, String);
      case 'realpathSync':
      case 'realpathSync.native':
        return this.attempt(observationKey(name === 'realpathSync' ? 'realpath' : 'realpath.native', file), () => original.apply(that, args) as string, String);
      case 'mkdirSync': {
        // `mkdir -p` of a folder that is there already makes nothing: it only says that the folder exists.
        const recursive = typeof options === 'object' && options !== null && (options as { recursive?: boolean }).recursive;
        const there = fs.statSync(file, { throwIfNoEntry: false });
        if (recursive && there?.isDirectory()) this.note(observationKey('stat', file), statValue(there));
        else this.doubt(`the app made the folder ${file}`);
        return original.apply(that, args);
      }
      default:
        return original.apply(that, args);
    }
  }

  /** Runs `f`, noting its result's value (or its error) under `key`. */
  private attempt<T>(key: string, f: () => T, value: (result: T) => string): T {
    let result: T;
    try {
      result = f();
    } catch (e) {
      this.note(key, failed(e));
      throw e;
    }
    this.note(key, value(result));
    return result;
  }
}

/**
 * Whether the caller of Math.random is code known to keep what it draws to itself: brace-expansion (which
 * minimatch, and so cdk8s-plus, loads) draws the placeholders it puts in place of escaped characters when
 * it is loaded, and replaces them back before it returns (index.js, `escSlash` and the rest, 1.1.x to 2.x).
 */
function harmlessRandomness(): boolean {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 3;
    Error.prepareStackTrace = (_, frames: NodeJS.CallSite[]) => frames;
    const frames = new Error().stack as unknown as NodeJS.CallSite[];
    // [0] this function, [1] the wrapper of Math.random, [2] its caller
    const caller = frames[2];
    return !!caller && caller.getFunctionName() === null && /[\\/]node_modules[\\/]brace-expansion[\\/]index\.js$/.test(caller.getFileName() ?? '');
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/** A path argument of fs (a string, Buffer or file: URL) as an absolute path. */
function pathOf(p: unknown): string | undefined {
  if (typeof p === 'string') return path.resolve(p);
  if (Buffer.isBuffer(p)) return path.resolve(p.toString());
  if (p instanceof URL) return fileURLToPath(p);
  return undefined;
}

/** The numeric flags of an open for reading only, or undefined for any other. */
function openFlags(flags: unknown): number | undefined {
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_SYNC } = fs.constants;
  if (flags === undefined || flags === 'r') return O_RDONLY;
  if (flags === 'rs' || flags === 'sr') return O_RDONLY | O_SYNC;
  if (typeof flags !== 'number') return undefined;
  return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) === 0 ? flags : undefined;
}
