// Every path the tools read or write is untrusted: a pin file, a folder of dist/, the entry or the output
// folder may be a symbolic link (committed to git, or made by hand) to a file outside the repository, or to
// another app's file. These helpers never follow a link below the folder they are given: each folder on the
// way is checked with lstat, and files are opened with O_NOFOLLOW, so a link anywhere is refused with a
// message that names it, instead of being read or written through.
import * as fs from 'fs';
import * as path from 'path';
import { problem } from '../core/errors';

/**
 * What is wrong with `rel` as a relative path inside a folder, or undefined: absolute, `..`, empty or `.`
 * segments, backslashes and control characters are all refused.
 */
export function relativePathProblem(rel: string): string | undefined {
  if (rel.length === 0) return 'is empty';
  if (/[\x00-\x1f\x7f\\]/.test(rel)) return 'contains a control character or a backslash';
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) return 'is an absolute path';
  const segments = rel.split('/');
  if (segments.includes('..')) return 'contains \'..\', which leads out of the folder';
  if (segments.some(s => s === '' || s === '.')) return 'is not a normalized relative path (an empty or \'.\' segment)';
  return undefined;
}

/** What `abs` is, for a message: a symbolic link (and where it points), a folder, or another kind of file. */
export function describeNode(abs: string, stat: fs.Stats): string {
  if (stat.isSymbolicLink()) {
    let target = '';
    try {
      target = ` to ${fs.readlinkSync(abs)}`;
    } catch {
      // unreadable: say what it is without the target
    }
    return `a symbolic link${target}`;
  }
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFile()) return 'a file';
  return 'neither a file nor a folder (a device, socket or pipe)';
}

/** The error for a path that is not what the tools need there. */
export class UnsafePathError extends Error {}

/**
 * Checks the folders from `root` (not included) down to the parent of `root/rel`: each one that exists must
 * be a real folder, not a link. Returns the lstat of `root/rel` itself, or undefined when it (or a folder on
 * the way) does not exist. `what` names the path in messages, e.g. 'pin file'; `fix` is how to fix a link.
 */
export function lstatBelow(root: string, rel: string, what: string, fix: string): fs.Stats | undefined {
  const wrong = relativePathProblem(rel);
  if (wrong) throw new UnsafePathError(problem(what, rel, wrong, fix));
  const segments = rel.split('/');
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    current = path.join(current, segments[i]!);
    const stat = fs.lstatSync(current, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (i < segments.length - 1 && !stat.isDirectory()) {
      const shown = segments.slice(0, i + 1).join('/');
      throw new UnsafePathError(problem(what, rel, `is under '${shown}', which is ${describeNode(current, stat)}, not a folder: `
        + 'the tools never follow a link, which could lead out of the repository', fix));
    }
    if (i === segments.length - 1) return stat;
  }
  return undefined;
}

/**
 * Checks that the folders above paths below `root` are real folders (or do not exist), each folder once:
 * for writers that move or delete many files in few folders.
 */
export class FolderGuard {
  private readonly known = new Set<string>();

  constructor(private readonly root: string, private readonly what: string, private readonly fix: string) {}

  /** Throws when a folder between `root` and `root/rel` is a link or not a folder. */
  public parentsOf(rel: string): void {
    const folder = path.posix.dirname(rel);
    if (folder === '.' || this.known.has(folder)) return;
    this.parentsOf(folder);
    const abs = path.join(this.root, folder);
    const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) {
      throw new UnsafePathError(problem(this.what, rel, `is under '${folder}', which is ${describeNode(abs, stat)}, not a folder: `
        + 'the tools never follow a link, which could lead out of the repository', this.fix));
    }
    this.known.add(folder);
  }
}

/**
 * Reads `root/rel` as a regular file without following a link anywhere below `root`: its content, or
 * undefined when it does not exist. A link, a folder or anything else is refused, naming `what` and `fix`.
 */
export function readFileBelow(root: string, rel: string, what: string, fix: string): string | undefined {
  const stat = lstatBelow(root, rel, what, fix);
  if (!stat) return undefined;
  const abs = path.join(root, rel);
  if (!stat.isFile()) throw new UnsafePathError(problem(what, rel, `is ${describeNode(abs, stat)}, not a regular file`, fix));
  // Checked again by the descriptor it is read through: a link made after the check is refused too.
  return readFileInCheckedFolder(root, rel, what, fix);
}

/**
 * Reads `root/rel` as a regular file, for callers that have checked the folders on the way already (each
 * once, with {@link FolderGuard}): only the file itself is checked, by the descriptor it is read through
 * (opened with O_NOFOLLOW, so a link is refused, and O_NONBLOCK, so a pipe does not block). Its content, or
 * undefined when it does not exist; a link, a folder or anything else is refused as {@link readFileBelow}
 * refuses it.
 */
export function readFileInCheckedFolder(root: string, rel: string, what: string, fix: string): string | undefined {
  const abs = path.join(root, rel);
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A link (ELOOP), a socket (ENXIO)...: said as what it is; any other failure as it is.
    const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (stat && !stat.isFile()) throw new UnsafePathError(problem(what, rel, `is ${describeNode(abs, stat)}, not a regular file`, fix));
    throw e;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UnsafePathError(problem(what, rel, `is ${describeNode(abs, stat)}, not a regular file`, fix));
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `content` to `root/rel` whole: into a temporary file beside it, then renamed into place (a rename
 * replaces a link instead of writing through it, and a reader never sees half a file). Every folder below
 * `root` on the way must be a real folder; missing ones are made. An existing `root/rel` that is a link or
 * not a regular file is refused.
 */
export function writeFileBelow(root: string, rel: string, content: string, what: string, fix: string): void {
  const stat = lstatBelow(root, rel, what, fix);
  const abs = path.join(root, rel);
  if (stat && !stat.isFile()) throw new UnsafePathError(problem(what, rel, `is ${describeNode(abs, stat)}, not a regular file`, fix));
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  lstatBelow(root, rel, what, fix); // the folders just made, or made meanwhile, are folders too
  const tmp = `${abs}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx' });
    fs.renameSync(tmp, abs);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Checks an output directory given to the writer: relative ones must stay below the working directory
 * (no `..`), and neither it nor any folder between the working directory and it may be a link (for an
 * absolute one: the directory itself). Returns the absolute path.
 */
export function checkOutputDirectory(outdir: string): string {
  const fix = 'Give a folder of the repository, e.g. \'dist\' (a link could send the output anywhere)';
  if (outdir.length === 0 || /[\x00-\x1f\x7f]/.test(outdir)) {
    throw new UnsafePathError(problem('output directory', outdir, 'is empty or contains a control character', fix));
  }
  const abs = path.resolve(outdir);
  if (!path.isAbsolute(outdir)) {
    const rel = path.relative(process.cwd(), abs);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
      throw new UnsafePathError(problem('output directory', outdir, rel === '' ? 'is the working directory itself' : 'leads out of the working directory', fix));
    }
    lstatBelow(process.cwd(), rel.split(path.sep).join('/'), 'output directory', fix);
  }
  if (path.dirname(abs) === abs) throw new UnsafePathError(problem('output directory', outdir, 'is the root of the file system', fix));
  const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) {
    throw new UnsafePathError(problem('output directory', outdir, `is ${describeNode(abs, stat)}, not a folder`, fix));
  }
  return abs;
}
