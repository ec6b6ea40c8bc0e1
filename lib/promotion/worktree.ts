// The temporary git worktree a promotion works in: `<git dir>/cdk8s-push-delivery/promote/<app>.<env>`,
// checked out detached at the commit the promotion starts from. Promote writes the pin and synthesizes
// there, commits there, and only then makes its branch; the user's working tree is never written. A
// promote that is killed leaves at most that worktree (and git's registration of it), which the next
// promote, holding the lock of the working tree, knows to be dead and removes.
import * as fs from 'fs';
import * as path from 'path';
import { problem } from '../core/errors';
import { describeNode, lstatBelow, UnsafePathError } from '../output/safe-path';
import { Repository, git } from './git';

/** Who works in a worktree, recorded beside it. */
interface Owner {
  readonly command?: string;
  readonly pid?: number;
  readonly since?: string;
}

const FOLDER = 'cdk8s-push-delivery/promote';

/**
 * The folder of promote's worktrees in `repo`, checked: it and the folder above it are real folders (or do
 * not exist yet), never links that would put the worktree, and what promote writes there, elsewhere.
 */
function folderOf(repo: Repository): string {
  const fix = `Delete ${path.join(repo.gitDir, FOLDER)}: promote makes it itself`;
  const stat = lstatBelow(repo.gitDir, FOLDER, 'promote\'s worktree folder', fix);
  const folder = path.join(repo.gitDir, FOLDER);
  if (stat && !stat.isDirectory()) throw new UnsafePathError(problem('promote\'s worktree folder', folder, `is ${describeNode(folder, stat)}, not a folder`, fix));
  return folder;
}

/** A worktree of one promotion. */
export class PromoteWorktree {
  /** The worktree's folder. */
  public readonly path: string;
  private readonly ownerFile: string;
  private created = false;

  constructor(private readonly repo: Repository, app: string, env: string) {
    this.path = path.join(folderOf(repo), `${app}.${env}`);
    this.ownerFile = `${this.path}.json`;
  }

  /** Checks out `commit` (a full SHA) detached in the worktree, recording `command` as its owner. */
  public create(commit: string, command: string): void {
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    fs.writeFileSync(this.ownerFile, `${JSON.stringify({ command, pid: process.pid, since: new Date().toISOString() })}\n`);
    this.created = true;
    git(this.repo.top, ['worktree', 'add', '--quiet', '--detach', this.path, commit]);
  }

  /** Removes the worktree and its registration, if this object made it. */
  public remove(): void {
    if (!this.created) return;
    removeWorktree(this.repo, this.path);
    fs.rmSync(this.ownerFile, { force: true });
    this.created = false;
  }
}

/**
 * Removes every worktree a promote that was killed left in `repo` (and registrations of worktrees whose
 * folder is gone), returning a line for the user per worktree. Call it holding the lock of the working
 * tree: no promote of it runs then.
 */
export function removeLeftoverWorktrees(repo: Repository): string[] {
  const folder = folderOf(repo);
  const notes: string[] = [];
  const entries = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  for (const name of entries.filter(n => !n.endsWith('.json'))) {
    const wt = path.join(folder, name);
    const owner = readOwner(`${wt}.json`);
    removeWorktree(repo, wt);
    fs.rmSync(`${wt}.json`, { force: true });
    const who = `${owner.command ?? 'a promote'}${owner.pid ? ` (pid ${owner.pid}${owner.since ? `, since ${owner.since}` : ''})` : ''}`;
    notes.push(`removed ${wt}, the worktree of an interrupted ${who}: it had made no branch yet, or its branch is complete`);
  }
  for (const name of entries.filter(n => n.endsWith('.json') && !entries.includes(n.slice(0, -'.json'.length)))) {
    fs.rmSync(path.join(folder, name), { force: true });
  }
  pruneRegistrations(repo, folder);
  return notes;
}

/** `git worktree remove --force`; when git cannot (a folder half made or half removed), the folder and registration go by hand. */
function removeWorktree(repo: Repository, wt: string): void {
  try {
    git(repo.top, ['worktree', 'remove', '--force', '--force', wt]);
  } catch {
    fs.rmSync(wt, { recursive: true, force: true });
  }
  pruneRegistrations(repo, path.dirname(wt));
}

/**
 * Deletes git's registration of each worktree in `folder` whose folder is gone (what `git worktree prune`
 * does, limited to ours: the user's other worktrees, e.g. on an unmounted disk, are left alone).
 */
function pruneRegistrations(repo: Repository, folder: string): void {
  const registrations = path.join(repo.commonDir, 'worktrees');
  if (!fs.existsSync(registrations)) return;
  for (const id of fs.readdirSync(registrations)) {
    let gitdir: string;
    try {
      gitdir = fs.readFileSync(path.join(registrations, id, 'gitdir'), 'utf8').trim();
    } catch {
      continue;
    }
    const wt = path.dirname(gitdir);
    if (path.dirname(wt) === folder && !fs.existsSync(wt)) fs.rmSync(path.join(registrations, id), { recursive: true, force: true });
  }
}

function readOwner(file: string): Owner {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Owner;
  } catch {
    return {};
  }
}
