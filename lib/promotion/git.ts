// git, as plan and promote run it: arguments only (no shell), every value that comes from a user after
// `--end-of-options` (revisions) or `--` (paths), so that a ref such as `--output=/tmp/x` is a name and
// never an option; and git's failures said in the library's words, with the fix.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { problem } from '../core/errors';

/**
 * Runs git in `cwd` with arguments only (no shell, nothing interpolated), returning stdout. The caller's
 * git configuration (author, signing) applies, as if they typed the command.
 */
export function git(cwd: string, args: string[], input?: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input, maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; message: string; code?: string };
    if (err.code === 'ENOENT') throw new Error('git is not installed, or not on PATH. Install git');
    throw new Error(`git ${args[0]} failed in ${cwd}: ${(err.stderr ?? '').trim() || err.message}`);
  }
}

/** A git working tree, as {@link openRepository} finds it. */
export interface Repository {
  /** The top folder of the working tree. */
  readonly top: string;
  /** The git directory of this working tree (`.git`, or a linked worktree's own). */
  readonly gitDir: string;
  /** The git directory every working tree of the repository shares. */
  readonly commonDir: string;
  /** Whether the clone is shallow (its history is cut). */
  readonly shallow: boolean;
}

/**
 * The git working tree `root` is in. Outside one, throws that `needs` (what the command needs git for) and
 * `fix`.
 */
export function openRepository(root: string, needs: string, fix: string): Repository {
  let out: string;
  try {
    out = execFileSync('git', ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--is-shallow-repository'],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; code?: string };
    if (err.code === 'ENOENT') throw new Error(`git is not installed, or not on PATH, and ${needs}. Install git`);
    const said = (err.stderr ?? '').trim().split('\n')[0] ?? '';
    if (/not a git repository/i.test(said)) throw new Error(`${root} is not in a git repository, and ${needs}. ${fix}`);
    throw new Error(`git cannot read the repository at ${root} (${said}), and ${needs}. ${fix}`);
  }
  const [top, gitDir, common, shallow] = out.trimEnd().split('\n');
  return { top: top!, gitDir: gitDir!, commonDir: path.resolve(root, common!), shallow: shallow === 'true' };
}

/**
 * The commit `ref` names in `repo` (a full SHA). A ref that is empty, holds control characters, or names no
 * commit is refused in the library's words; in a shallow clone the message says how to fetch it.
 */
export function resolveCommit(repo: Repository, ref: string, field = 'ref'): string {
  if (ref.length === 0 || /[\x00-\x1f\x7f]/.test(ref)) {
    throw new Error(problem(field, ref, 'is empty or contains a control character', 'Give a branch, tag or commit, e.g. origin/main'));
  }
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
      { cwd: repo.top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error(problem(field, ref, `names no commit of the repository at ${repo.top}${repo.shallow ? ', a shallow clone (its history is cut, so older commits and other branches may be missing)' : ''}`,
      repo.shallow
        ? 'Fetch it (git fetch origin <branch>, or git fetch --unshallow for the whole history), or give a ref the clone has'
        : 'Give a branch, tag or commit that exists (git branch -a and git tag list them; fetch a remote branch first)'));
  }
}

/** The commit HEAD is at, or undefined when the branch has no commit yet. */
export function headCommit(repo: Repository): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: repo.top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Whether `ref` names a commit in the repository at `cwd`. */
export function refExists(cwd: string, ref: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The files under `folder` at `ref`, with their content, read in one `git cat-file --batch` (one process
 * however many files). `ref` is resolved first ({@link resolveCommit}), so a bad one is said plainly; paths
 * are literal (no pathspec magic).
 */
export function filesAtRef(cwd: string, ref: string, folder: string): Map<string, string> {
  const repo = openRepository(cwd, `reading the manifests at '${ref}' needs one`, 'Run it in a clone of the ops repository, or compare with the manifests on disk (without --ref)');
  const commit = resolveCommit(repo, ref);
  const listing = git(cwd, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--end-of-options', commit, '--', folder]);
  const entries = listing.split('\0').filter(Boolean).map(line => {
    const tab = line.indexOf('\t');
    const [, type, id] = line.slice(0, tab).split(' ');
    return { type, id, path: line.slice(tab + 1) };
  }).filter(e => e.type === 'blob');
  const out = new Map<string, string>();
  if (entries.length === 0) return out;
  const raw = execFileSync('git', ['cat-file', '--batch'], {
    cwd, input: entries.map(e => `${e.id}\n`).join(''), maxBuffer: 1024 * 1024 * 1024,
  });
  let at = 0;
  for (const e of entries) {
    const nl = raw.indexOf(0x0a, at);
    const size = Number(raw.subarray(at, nl).toString('utf8').split(' ')[2]);
    out.set(e.path, raw.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    at = nl + 1 + size + 1;
  }
  return out;
}
