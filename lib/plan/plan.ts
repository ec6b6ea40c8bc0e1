import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { destinationCluster } from '../argocd/destination';
import { OpsRepo } from '../delivery/ops-repo';
import { GENERATED_LIST, OutputFiles } from '../output/render';
import { readGeneratedFiles } from '../output/writer';
import { filesAtRef } from '../promotion/git';
import { diffFields, equal, FieldChange } from './structural-diff';

/** Options of {@link plan}. */
export interface PlanOptions {
  /** The ops repository's root folder. */
  readonly root: string;
  /** Builds the ops repository from `root` (as `npm run synth` does, but it is only rendered in memory). */
  readonly load: (root: string) => OpsRepo;
  /**
   * A git ref (branch, tag, commit) whose committed manifests are the "before".
   * @default - the manifests folder on disk (the committed `dist/` of the working tree)
   */
  readonly ref?: string;
}

/** How an object changes. */
export enum ObjectChangeKind {
  /** New. */
  ADDED = 'added',
  /**
   * Comes from another Application's folder (the same object on the same cluster): this Application takes
   * it over, e.g. a Role of a namespace when the app that held it is removed.
   */
  MOVED_IN = 'moved-in',
  /** Different. */
  CHANGED = 'changed',
  /** Goes to another Application's folder: this Application no longer owns it, but it stays in the cluster. */
  MOVED_OUT = 'moved-out',
  /** Gone. */
  REMOVED = 'removed',
}

/** One object that changes. */
export interface ObjectChange {
  /** Added, moved in, changed, moved out or removed. */
  readonly kind: ObjectChangeKind;
  /** `Kind namespace/name`, or `Kind name` for a cluster-scoped object. */
  readonly object: string;
  /** The file, relative to the manifests folder. */
  readonly file: string;
  /** The fields that differ, for a changed object (or one that moves and changes). */
  readonly fields: FieldChange[];
  /** The Application it moves from, when it moves in. @default - it does not move in */
  readonly movedFrom?: string;
  /** The Application it moves to, when it moves out. @default - it does not move out */
  readonly movedTo?: string;
}

/** What changes in the folder one Argo CD Application syncs. */
export interface ApplicationPlan {
  /** The Application's name (the folder, when no Application syncs it). */
  readonly application: string;
  /** The folder, relative to the manifests folder. */
  readonly folder: string;
  /** The cluster the Application deploys to, as it names it (its server URL or registered name, or `in-cluster`). */
  readonly cluster: string;
  /** The objects that change, sorted. */
  readonly changes: ObjectChange[];
}

/** What a change of the ops repository does to what Argo CD syncs. */
export interface Plan {
  /** What the plan compares against: the manifests folder, or `<ref>:<manifests folder>`. */
  readonly against: string;
  /** Every Application with a change, sorted by name. */
  readonly applications: ApplicationPlan[];
  /** Warnings of the synthesis. */
  readonly warnings: string[];
}

/**
 * Synthesizes the ops repository in memory (the manifests folder is never written) and compares it, per
 * Argo CD Application, with the committed manifests (on disk, or at a git ref): the objects added,
 * changed (field by field) and removed.
 *
 * @example
 * const p = plan({ root, load: r => loadOpsRepo(r), ref: 'origin/main' });
 * process.stdout.write(formatPlanText(p));
 */
export function plan(options: PlanOptions): Plan {
  const ops = options.load(options.root);
  const { files, objects, warnings } = ops._renderWithObjects();
  const manifests = ops.repo.manifestsPath;
  const before = options.ref !== undefined ? committedAtRef(options.root, options.ref, manifests) : committedOnDisk(path.join(options.root, manifests));
  return {
    against: options.ref !== undefined ? `${options.ref}:${manifests}` : manifests,
    applications: comparePlans(before, files, manifests, objects),
    warnings,
  };
}

/** The generated files of the manifests folder on disk (those listed in its `.generated-files`; a link is refused, never followed). */
export function committedOnDisk(outdir: string): OutputFiles {
  return readGeneratedFiles(outdir);
}

/** The generated files of the manifests folder at `ref`; throws when `ref` is no commit. */
export function committedAtRef(root: string, ref: string, manifests: string): OutputFiles {
  const all = filesAtRef(root, ref, manifests);
  const prefix = `${manifests}/`;
  const byRel = new Map([...all].map(([p, c]) => [p.slice(prefix.length), c]));
  const listed = (byRel.get(GENERATED_LIST) ?? '').split('\n').filter(Boolean).map(line => line.split('\t')[0]!); // a path, then fields a later writer may add
  const out: OutputFiles = new Map();
  for (const rel of listed) if (byRel.has(rel)) out.set(rel, byRel.get(rel)!);
  return out;
}

interface ParsedObject { readonly id: string; readonly file: string; readonly body: any }

/** Where a folder is synced: its Application and that Application's cluster. */
interface FolderSync { readonly application: string; readonly cluster: { readonly key: string; readonly label: string } }

/**
 * Compares two sets of output files per Application; exported for callers that render themselves. Objects
 * are matched by the cluster their folder's Application deploys to, API group, kind, namespace and name
 * (the same namespace and name on two clusters are two objects); one that changes folder on its cluster
 * moves from one Application to the other, and is shown under both.
 *
 * A file with the same text on both sides holds the same objects, so nothing in it changes and it is not
 * parsed: only the files that differ are (a change of one app among thousands parses a few files, not every
 * file twice). Of the files that are the same, only Applications are read, for the folder each one syncs
 * and its cluster: from `afterObjects` (an object's rendered JSON by the path of its file, as
 * `OpsApp._renderWithObjects` gives it), else parsed when the text names `Application` at all.
 */
export function comparePlans(before: OutputFiles, after: OutputFiles, manifests: string, afterObjects?: ReadonlyMap<string, unknown>): ApplicationPlan[] {
  const changedBefore: OutputFiles = new Map();
  const changedAfter: OutputFiles = new Map();
  const sameApplications: ParsedObject[] = [];
  for (const [file, content] of before) if (after.get(file) !== content) changedBefore.set(file, content);
  for (const [file, content] of after) {
    if (before.get(file) !== content) {
      changedAfter.set(file, content);
    } else if (afterObjects?.has(file)) {
      const body = afterObjects.get(file) as any;
      if (body?.kind === 'Application') sameApplications.push({ id: objectId(body, file), file, body });
    } else if (content.includes('Application')) {
      sameApplications.push(...parseFiles(new Map([[file, content]])).filter(o => o.body?.kind === 'Application'));
    }
  }
  const oldFiles = parseFiles(changedBefore);
  const newFiles = parseFiles(changedAfter);
  const folders = new Map<string, FolderSync>();
  for (const files of [[...sameApplications, ...oldFiles], [...sameApplications, ...newFiles]]) {
    for (const [folder, sync] of folderSyncs(files, manifests)) folders.set(folder, sync);
  }
  const old = keyed(oldFiles, folders);
  const now = keyed(newFiles, folders);
  const byFolder = new Map<string, ObjectChange[]>();
  const add = (file: string, change: ObjectChange) => {
    const folder = path.posix.dirname(file);
    byFolder.set(folder, [...byFolder.get(folder) ?? [], change]);
  };
  const syncer = (file: string) => folders.get(path.posix.dirname(file))?.application ?? path.posix.dirname(file);
  for (const [key, o] of now) {
    const was = old.get(key);
    if (!was) {
      add(o.file, { kind: ObjectChangeKind.ADDED, object: o.id, file: o.file, fields: [] });
    } else if (path.posix.dirname(was.file) !== path.posix.dirname(o.file) && syncer(was.file) !== syncer(o.file)) {
      const fields = equal(was.body, o.body) ? [] : diffFields(was.body, o.body);
      add(o.file, { kind: ObjectChangeKind.MOVED_IN, object: o.id, file: o.file, fields, movedFrom: syncer(was.file) });
      add(was.file, { kind: ObjectChangeKind.MOVED_OUT, object: was.id, file: was.file, fields: [], movedTo: syncer(o.file) });
    } else if (!equal(was.body, o.body)) {
      add(o.file, { kind: ObjectChangeKind.CHANGED, object: o.id, file: o.file, fields: diffFields(was.body, o.body) });
    }
  }
  for (const [key, o] of old) if (!now.has(key)) add(o.file, { kind: ObjectChangeKind.REMOVED, object: o.id, file: o.file, fields: [] });
  const order = { 'added': 0, 'moved-in': 1, 'changed': 2, 'moved-out': 3, 'removed': 4 };
  return [...byFolder].map(([folder, changes]) => ({
    application: folders.get(folder)?.application ?? folder,
    folder,
    cluster: (folders.get(folder)?.cluster ?? IN_CLUSTER).label,
    changes: changes.sort((a, b) => order[a.kind] - order[b.kind] || compare(a.object, b.object)),
  })).sort((a, b) => compare(a.application, b.application) || compare(a.folder, b.folder));
}

const IN_CLUSTER = { key: 'in-cluster', label: 'in-cluster' };

/** The Application and cluster of each folder, from the Applications among `files`. */
function folderSyncs(files: readonly ParsedObject[], manifests: string): Map<string, FolderSync> {
  const out = new Map<string, FolderSync>();
  for (const o of files) {
    const p = o.body?.spec?.source?.path;
    if (o.body?.kind === 'Application' && typeof p === 'string' && p.startsWith(`${manifests}/`)) {
      out.set(p.slice(manifests.length + 1), { application: o.body.metadata?.name, cluster: destinationCluster(o.body.spec?.destination ?? {}) });
    }
  }
  return out;
}

/** Objects by cluster, API group, kind, namespace and name: two kinds of one name in different groups stay apart. */
function keyed(files: readonly ParsedObject[], folders: ReadonlyMap<string, FolderSync>): Map<string, ParsedObject> {
  const out = new Map<string, ParsedObject>();
  for (const o of files) {
    const cluster = (folders.get(path.posix.dirname(o.file))?.cluster ?? IN_CLUSTER).key;
    const group = String(o.body.apiVersion ?? '').includes('/') ? String(o.body.apiVersion).split('/')[0] : '';
    out.set(`${cluster}\0${group}\0${o.id}`, o);
  }
  return out;
}

function parseFiles(files: OutputFiles): ParsedObject[] {
  const out: ParsedObject[] = [];
  for (const [file, content] of files) {
    if (file === GENERATED_LIST || !file.endsWith('.yaml')) continue;
    for (const doc of parseAllDocuments(content)) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}. Fix or regenerate the file (npm run synth)`);
      const body = doc.toJS();
      if (!body || typeof body !== 'object') continue;
      out.push({ id: objectId(body, file), file, body });
    }
  }
  return out;
}

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object. */
function objectId(o: any, file: string): string {
  const name = o.metadata?.name ?? o.metadata?.generateName ?? path.posix.basename(file, '.yaml');
  const ns = o.metadata?.namespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
