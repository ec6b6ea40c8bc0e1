// The switch of an output directory from one synthesis to the next, and its recovery.
//
// Everything a synthesis writes is first staged outside the output directory, in a folder beside it that the
// writer owns (`.<outdir>.cdk8s-staging/`, ignored by git through its own .gitignore). Once every file is
// staged and checked, a journal listing the switch (what moves into place, what is deleted, the list of
// generated files last) is written whole (a temporary file renamed), and only then does anything in the
// output directory change. So a writer killed at any instant leaves either no journal (the output directory
// untouched: the next writer deletes the staging folder) or a complete journal (the next writer carries the
// switch out to its end: every step can be done again, or is seen to be done). The list of generated files
// moves into place last: it names the new files exactly when every one of them is there.
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_LIST } from './render';
import { fault } from './fault';
import { describeNode, FolderGuard, relativePathProblem, UnsafePathError } from './safe-path';
import { stagingFolderOf } from './staging-folder';

/** One step of a switch. */
export interface SwitchStep {
  /** A path, relative to the output directory, whose staged file or folder moves into place. */
  readonly move?: string;
  /** The staged entry is a folder that did not exist (it appears whole, with one rename). */
  readonly folder?: boolean;
  /** The file exists and was generated before: it is replaced; otherwise nothing may be at its place. */
  readonly replaces?: boolean;
  /** A path, relative to the output directory, of a file generated before and no longer: deleted. */
  readonly delete?: string;
  /**
   * Room for the size and SHA-256 of a moved file, for a writer that keeps content hashes to skip
   * unchanged files without reading them; not written yet, and ignored when read.
   */
  readonly size?: number;
  readonly sha256?: string;
}

/** Who staged, as the staging folder's `owner` file records it. */
interface Owner {
  readonly command?: string;
  readonly pid?: number;
  readonly since?: string;
}

const JOURNAL_FORMAT = 'cdk8s-push-delivery switch 1';

/** The writer's staging folder of an output directory: `.<name>.cdk8s-staging` beside it, on the same file system. */
export class Staging {
  /** The staging folder. */
  public readonly dir: string;
  /** Where files are staged, at their paths relative to the output directory. */
  public readonly tree: string;
  private readonly journal: string;
  /** The journal of a switch carried out to its end, until the staging folder is deleted. */
  private readonly done: string;

  constructor(
    /** The output directory, absolute. */
    public readonly outdir: string,
  ) {
    this.dir = stagingFolderOf(outdir);
    this.tree = path.join(this.dir, 'tree');
    this.journal = path.join(this.dir, 'journal');
    this.done = path.join(this.dir, 'journal.done');
  }

  /** Makes the staging folder (it must not exist: {@link recover} first) and records who stages. */
  public create(command: string): void {
    fs.mkdirSync(path.dirname(this.dir), { recursive: true });
    fs.mkdirSync(this.dir);
    fs.writeFileSync(path.join(this.dir, '.gitignore'), '# The synthesis writer\'s staging folder: nothing here is committed.\n*\n');
    fs.writeFileSync(path.join(this.dir, 'owner'), `${JSON.stringify({ command, pid: process.pid, since: new Date().toISOString() })}\n`);
    fs.mkdirSync(this.tree);
  }

  /** Deletes the staging folder and everything in it. */
  public remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Whether a journal is waiting to be carried out: a switch began and did not end. */
  public pending(): boolean {
    return fs.existsSync(this.journal);
  }

  /**
   * Carries out a switch: writes the journal, moves every staged entry into place, deletes what is no longer
   * generated, moves the list of generated files into place last, then deletes the journal and the staging
   * folder. Returns how many entries moved and how many files were deleted.
   */
  public switch(steps: SwitchStep[]): { moved: number; deleted: number } {
    const header = { journal: JOURNAL_FORMAT, outdir: this.outdir, pid: process.pid, since: new Date().toISOString() };
    const tmp = `${this.journal}.tmp`;
    fs.writeFileSync(tmp, [header, ...steps].map(s => `${JSON.stringify(s)}\n`).join(''));
    fs.renameSync(tmp, this.journal);
    fault('synth:journal');
    return this.apply(steps, false);
  }

  /**
   * Cleans up after a writer that was killed: carries out its switch when its journal is complete, else
   * deletes its staging folder (the output directory was not touched). Returns what it did, as lines for
   * the user; none when there was nothing to do. Call it holding the lock of the output directory.
   */
  public recover(shown: string): string[] {
    const stat = fs.lstatSync(this.dir, { throwIfNoEntry: false });
    if (!stat) return [];
    if (!stat.isDirectory()) {
      throw new UnsafePathError(`${this.dir} is ${describeNode(this.dir, stat)}, where synthesis stages the files of ${shown}. `
        + 'Delete it: the writer makes that folder itself, and never follows a link');
    }
    const owner = this.owner();
    const who = `${owner.command ?? 'a synthesis'}${owner.pid ? ` (pid ${owner.pid}${owner.since ? `, since ${owner.since}` : ''})` : ''}`;
    if (fs.existsSync(this.done)) {
      this.remove();
      return [`${shown}: removed ${this.dir}, the staging folder of ${who}, which had finished its switch`];
    }
    if (!this.pending()) {
      this.remove();
      return [`${shown}: removed ${this.dir}, the staging folder of an interrupted ${who}; ${shown} had not been touched`];
    }
    const steps = this.readJournal();
    const { moved, deleted } = this.apply(steps, true);
    return [`${shown}: finished the switch of an interrupted ${who}: ${moved} moved into place, ${deleted} deleted, ${GENERATED_LIST} written last`];
  }

  private owner(): Owner {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, 'owner'), 'utf8')) as Owner;
    } catch {
      return {};
    }
  }

  private readJournal(): SwitchStep[] {
    const lines = fs.readFileSync(this.journal, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as SwitchStep & { journal?: string });
    if (lines[0]?.journal !== JOURNAL_FORMAT) {
      throw new Error(`${this.journal} is not a journal this writer can carry out (format '${String(lines[0]?.journal)}'). `
        + `Finish the synthesis with the version of the tools that began it, or delete ${this.dir} and check the output directory with git status`);
    }
    const steps = lines.slice(1);
    for (const step of steps) {
      const rel = step.move ?? step.delete;
      const wrong = rel === undefined ? 'names no path' : relativePathProblem(rel);
      if (wrong) throw new Error(`${this.journal}: step ${JSON.stringify(step)} ${wrong}. Delete ${this.dir} and run the synthesis again`);
    }
    return steps;
  }

  /**
   * Moves and deletes, in journal order. Recovering, a step already done is seen and skipped: a staged entry
   * that is gone has moved; a deleted file that is gone was deleted.
   */
  private apply(steps: SwitchStep[], recovering: boolean): { moved: number; deleted: number } {
    fs.mkdirSync(this.outdir, { recursive: true });
    const folders = new FolderGuard(this.outdir, 'output path', 'Replace the link with a real folder, or delete it; the writer never follows a link');
    let moved = 0;
    let deleted = 0;
    const emptied = new Set<string>();
    for (const step of steps) {
      if (step.move !== undefined) {
        const from = path.join(this.tree, step.move);
        if (recovering && !fs.lstatSync(from, { throwIfNoEntry: false })) continue;
        folders.parentsOf(step.move);
        if (step.move === GENERATED_LIST) fault('synth:list');
        place(from, path.join(this.outdir, step.move), step, this.outdir);
        moved++;
        fault('synth:move');
      } else if (step.delete !== undefined) {
        const target = path.join(this.outdir, step.delete);
        folders.parentsOf(step.delete);
        if (fs.lstatSync(target, { throwIfNoEntry: false })?.isFile()) {
          fs.rmSync(target);
          emptied.add(path.dirname(target));
          deleted++;
          fault('synth:delete');
        }
      }
    }
    for (const dir of emptied) removeEmptyParents(this.outdir, dir);
    fault('synth:listed');
    fs.renameSync(this.journal, this.done);
    fault('synth:done');
    this.remove();
    return { moved, deleted };
  }
}

/**
 * Moves a staged entry to `to`. A replaced file is renamed over the old one (readers see the old or the new
 * file, never a mix); a new file is linked into place, which fails rather than replace a file that appeared
 * there meanwhile; a new folder is renamed, which fails when a folder with files took its place.
 */
function place(from: string, to: string, step: SwitchStep, outdir: string): void {
  const conflict = () => new Error(`${to} appeared while synthesis was writing ${outdir}, and was not generated by it. `
    + `Move it out of ${outdir} and run the synthesis again: it finishes the switch`);
  if (step.folder || step.replaces) {
    try {
      fs.renameSync(from, to);
    } catch (e) {
      if (['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw conflict();
      throw e;
    }
    return;
  }
  try {
    fs.linkSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw conflict();
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    // A file system without hard links: check, then rename.
    if (fs.lstatSync(to, { throwIfNoEntry: false })) throw conflict();
    fs.renameSync(from, to);
    return;
  }
  fs.rmSync(from);
}

/** Deletes `dir` and each parent up to (not including) `outdir` while they are empty. */
function removeEmptyParents(outdir: string, dir: string): void {
  for (let current = dir; current.startsWith(outdir + path.sep); current = path.dirname(current)) {
    try {
      fs.rmdirSync(current);
    } catch {
      return; // not empty (or gone already)
    }
  }
}
