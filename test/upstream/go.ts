// The Go programs of test/upstream/: built from the Go module proxy with the go.mod/go.sum committed beside them,
// kept in node_modules/.cache/cdk8s-push-delivery/upstream/ under a key of their sources and the Go version, so
// a warm run starts them at once. Go's own caches (GOCACHE, GOMODCACHE) make a rebuild after a change fast.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const UPSTREAM = __dirname;
const ROOT = path.resolve(__dirname, '..', '..');
export const CACHE = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-push-delivery', 'upstream');

/** The Go modules of test/upstream/ that build a program, and the local modules each one uses. */
export const PROGRAMS = {
  /** Tekton Pipelines' and Triggers' admission webhooks (both pin the same Kubernetes and knative). */
  tekton: { dir: 'tekton', uses: ['manifest', 'webhook'] },
  /** kpack's admission webhook. */
  kpack: { dir: 'kpack', uses: ['manifest', 'webhook'] },
  /** etcd and kube-apiserver, and the client that applies the objects. */
  apiserver: { dir: 'apiserver', uses: ['manifest'] },
} as const;
export type Program = keyof typeof PROGRAMS;

function go(args: string[], cwd: string, timeoutMs: number): string {
  const run = spawnSync('go', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('go is not on PATH: the upstream checks build Go programs from the Go module proxy. Install Go (go.dev/doc/install; the go.mod files name the version)');
  }
  if (run.status !== 0) {
    throw new Error(`go ${args.join(' ')} (in ${path.relative(ROOT, cwd) || '.'}) failed${run.signal ? ` (${run.signal})` : ''}:\n${run.stderr || run.error?.message}`);
  }
  return run.stdout;
}

let goVersion: string | undefined;

/** The key of a program's build: its module's and local modules' files, and the Go toolchain. */
export function buildKey(program: Program): string {
  goVersion ??= go(['env', 'GOVERSION', 'GOOS', 'GOARCH'], UPSTREAM, 60_000);
  const hash = crypto.createHash('sha256').update(goVersion);
  for (const dir of [PROGRAMS[program].dir, ...PROGRAMS[program].uses]) {
    for (const file of fs.readdirSync(path.join(UPSTREAM, dir)).filter(f => /^(go\.mod|go\.sum|.*\.go)$/.test(f)).sort()) {
      hash.update(`${dir}/${file}\0`).update(fs.readFileSync(path.join(UPSTREAM, dir, file))).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The path of the program's binary, built first when no build of the same sources and Go is cached. The build
 * goes to a temporary name and is renamed into place, so two test files building at once never see half a file.
 */
export function goProgram(program: Program): string {
  const binary = path.join(CACHE, `${program}-${buildKey(program)}`);
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    go(['build', '-trimpath', '-o', tmp, '.'], path.join(UPSTREAM, PROGRAMS[program].dir), 60 * 60_000);
    fs.renameSync(tmp, binary);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  for (const old of fs.readdirSync(CACHE).filter(f => f.startsWith(`${program}-`) && !f.endsWith('.tmp') && path.join(CACHE, f) !== binary)) {
    fs.rmSync(path.join(CACHE, old), { force: true });
  }
  return binary;
}

/**
 * The folder of a Go module's source as the module proxy serves it (`go mod download -json`), checked against
 * the checksum database or, for a dependency of one of our programs, against its committed go.sum.
 * `version` omitted: the version the program's go.mod requires.
 */
export function moduleDir(module: string, version?: string, program?: Program): string {
  const cwd = program ? path.join(UPSTREAM, PROGRAMS[program].dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'gomod-'));
  try {
    const info = JSON.parse(go(['mod', 'download', '-json', version ? `${module}@${version}` : module], cwd, 20 * 60_000));
    if (info.Error || !info.Dir) throw new Error(`go mod download ${module}@${version ?? '(go.mod)'}: ${info.Error}`);
    return info.Dir;
  } finally {
    if (!program) fs.rmSync(cwd, { recursive: true, force: true });
  }
}

/** The version of `module` that a program's go.mod requires. */
export function requiredVersion(program: Program, module: string): string {
  const gomod = fs.readFileSync(path.join(UPSTREAM, PROGRAMS[program].dir, 'go.mod'), 'utf8');
  const m = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[.]/g, '\\.')}\\s+(v\\S+)`, 'm').exec(gomod);
  if (!m) throw new Error(`test/upstream/${PROGRAMS[program].dir}/go.mod requires no ${module}`);
  return m[1];
}
