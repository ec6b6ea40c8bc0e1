import { execFileSync } from 'child_process';

/**
 * Runs git in `cwd` with arguments only (no shell, nothing interpolated), returning stdout. The caller's
 * git configuration (author, signing) applies, as if they typed the command.
 */
export function git(cwd: string, args: string[], input?: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input, maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`git ${args[0]} failed in ${cwd}: ${(err.stderr ?? '').trim() || err.message}`);
  }
}

/** Whether `ref` names a commit in the repository at `cwd`. */
export function refExists(cwd: string, ref: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The files under `folder` at `ref`, with their content, read in one `git cat-file --batch` (one process
 * however many files).
 */
export function filesAtRef(cwd: string, ref: string, folder: string): Map<string, string> {
  const listing = git(cwd, ['ls-tree', '-r', '-z', ref, '--', folder]);
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
