// A promotion that commits: a transaction in a worktree of its own (see promote()).
import * as path from 'path';
import { fault } from '../output/fault';
import { WriterLock } from '../output/lock';
import { GENERATED_LIST } from '../output/render';
import { writeFileBelow } from '../output/safe-path';
import { OutputPlan, writeOutput } from '../output/writer';
import { branchName, checkLoadedRoot, commitMessage, Decision, decide } from './decision';
import { git, headCommit, openRepository, refExists, Repository } from './git';
import type { PromoteOptions, PromoteResult } from './promote-types';
import { PromoteWorktree, removeLeftoverWorktrees } from './worktree';

/** The fix for a pin file that is a link or a folder. */
export const PIN_FIX = 'Make it a plain file (git rm the link or folder and commit), so that promote writes the pin in the repository';

/** Promotes on a new branch, from the commit HEAD is at, without writing the working tree. */
export function promoteOnBranch(options: PromoteOptions): PromoteResult {
  const root = path.resolve(options.root);
  const repo = openRepository(root, 'promote commits the promotion on a new branch of it',
    'Run promote in a clone of the ops repository, or give --no-commit to only write the files');
  const head = headCommit(repo);
  if (!head) throw new Error(`${root} has no commit yet, and promote builds what is committed. Commit the ops repository first`);
  const command = `promote ${options.app} to ${options.to}`;
  const recovered: string[] = [];
  const lock = WriterLock.acquire(root, command, recovered);
  const worktree = new PromoteWorktree(repo, options.app, options.to);
  try {
    fault('promote:locked');
    recovered.push(...removeLeftoverWorktrees(repo));
    worktree.create(head, command);
    fault('promote:worktree');
    const wtRoot = path.join(worktree.path, path.relative(repo.top, root));
    const load = () => loadCommitted(options, wtRoot, root, head);
    const ops = load();
    // Before anything is decided from the committed code: a new app that is not committed yet is not in it.
    refuseUncommitted(root, ops.repo.manifestsPath, head);
    const d = decide(ops, options, wtRoot);
    const branch = branchName(d.app.appName, d.to.name, d.image);
    const done = finishedBranch(repo, root, branch, head, d);
    if (done) return { ...done, from: options.from, recovered: [...recovered, ...done.recovered] };

    writeFileBelow(wtRoot, d.pinFile, `${d.image}\n`, 'pin file', PIN_FIX);
    fault('promote:pinned');
    const fresh = load();
    checkLoadedRoot(fresh, wtRoot);
    const { files, warnings } = fresh.render();
    const plan = writeOutput(path.join(wtRoot, d.manifests), files, [], command);
    fault('promote:synthesized');
    const written = writtenFiles(d, plan);
    const inWorktree = (rel: string) => path.relative(worktree.path, path.join(wtRoot, rel));
    git(worktree.path, ['add', '--all', '--', ...[...written, `${d.manifests}/${GENERATED_LIST}`].map(inWorktree)]);
    fault('promote:added');
    const message = commitMessage(d, options.from, written);
    git(worktree.path, ['commit', '--quiet', '--file', '-'], message);
    fault('promote:committed');
    const commit = git(worktree.path, ['rev-parse', 'HEAD']).trim();
    createBranch(repo, branch, commit);
    fault('promote:branched');
    return {
      app: d.app.appName, to: d.to.name, from: options.from, image: d.image, previous: d.previous, files: written, branch, commit,
      message, warnings, recovered,
    };
  } finally {
    try {
      worktree.remove();
      fault('promote:removed');
    } finally {
      lock.release();
    }
  }
}

/** The files a promotion changed, relative to the root: the pin first, then the manifests. */
export function writtenFiles(d: Decision, plan: OutputPlan): string[] {
  const manifests = [...plan.added, ...plan.changed, ...plan.removed].filter(f => f !== GENERATED_LIST).sort();
  return [d.pinFile, ...manifests.map(f => `${d.manifests}/${f}`)];
}

/**
 * Loads the ops repository from the worktree. When that fails and the working tree has files git does not
 * have at HEAD, the message says so: promote builds what is committed.
 */
function loadCommitted(options: PromoteOptions, wtRoot: string, root: string, head: string) {
  try {
    return options.load(wtRoot);
  } catch (e) {
    const pending = git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']).split('\0').filter(Boolean);
    if (pending.length === 0) throw e;
    const error = e as Error;
    error.message += `\npromote builds the ops repository as committed (HEAD ${head.slice(0, 12)}), and these files are not: `
      + `${pending.slice(0, 10).join(', ')}${pending.length > 10 ? ', …' : ''}. Commit what the ops repository needs, and run promote again`;
    throw error;
  }
}

/** Refuses tracked files with changes not committed, outside the manifests folder (which promote writes anew). */
function refuseUncommitted(root: string, manifests: string, head: string): void {
  const changed = git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--', '.', `:(exclude,literal)${manifests}`])
    .split('\0').filter(Boolean);
  if (changed.length > 0) {
    throw new Error(`promote builds the ops repository as committed (HEAD ${head.slice(0, 12)}), and ${changed.length === 1 ? 'this file has' : 'these files have'} `
      + `uncommitted changes:\n  ${changed.join('\n  ')}\nCommit them first (or stash them: git stash), and run promote again; --no-commit writes into the working tree instead`);
  }
}

/**
 * When `branch` exists: if it is exactly this promotion (one commit on HEAD pinning the image), the result
 * of the promote that made it; otherwise an error that names what is there and the command that deletes it.
 */
function finishedBranch(repo: Repository, root: string, branch: string, head: string, d: Decision): PromoteResult | undefined {
  if (!refExists(repo.top, `refs/heads/${branch}`)) return undefined;
  const tip = git(repo.top, ['rev-parse', '--verify', '--end-of-options', `refs/heads/${branch}^{commit}`]).trim();
  const parents = git(repo.top, ['rev-list', '--parents', '--max-count=1', '--end-of-options', tip]).trim().split(' ').slice(1);
  const pinPath = path.posix.join(path.relative(repo.top, root).split(path.sep).join('/'), d.pinFile);
  let pinned: string | undefined;
  try {
    pinned = git(repo.top, ['show', `${tip}:${pinPath}`]);
  } catch {
    pinned = undefined;
  }
  const subject = git(repo.top, ['log', '--max-count=1', '--format=%s', '--end-of-options', tip]).trim();
  if (parents.length === 1 && parents[0] === head && pinned === `${d.image}\n`) {
    const files = git(repo.top, ['diff', '--name-only', '--end-of-options', head, tip]).trim().split('\n').filter(Boolean)
      .map(f => path.relative(root, path.join(repo.top, f)).split(path.sep).join('/'));
    const pinFirst = [d.pinFile, ...files.filter(f => f !== d.pinFile)];
    return {
      app: d.app.appName, to: d.to.name, image: d.image, previous: d.previous, files: pinFirst, branch, commit: tip,
      message: `${git(repo.top, ['log', '--max-count=1', '--format=%B', '--end-of-options', tip]).trimEnd()}\n`, warnings: [],
      recovered: [`branch '${branch}' holds this promotion already (commit ${tip.slice(0, 12)}, one commit on HEAD): a promote before this one made it`],
    };
  }
  const base = parents.length === 1 ? `, on ${parents[0]!.slice(0, 12)}${parents[0] === head ? '' : `, not on HEAD (${head.slice(0, 12)})`}` : '';
  throw new Error(`branch '${branch}' already exists (commit ${tip.slice(0, 12)} '${subject}'${base}), and it is not this promotion on HEAD. `
    + `Delete it with \`git branch -D ${branch}\` and run promote again, or open its pull request`);
}

/** Makes `branch` point at `commit`, only if it does not exist (git checks that and updates the ref as one step). */
function createBranch(repo: Repository, branch: string, commit: string): void {
  try {
    git(repo.top, ['update-ref', '-m', `promote: branch ${branch}`, '--end-of-options', `refs/heads/${branch}`, commit, '']);
  } catch (e) {
    throw new Error(`branch '${branch}' was made by another command while promote ran (${(e as Error).message.split('\n')[0]}). `
      + `Compare it with commit ${commit.slice(0, 12)}, which promote made; delete the branch with \`git branch -D ${branch}\` and run promote again if it is not this promotion`);
  }
}
