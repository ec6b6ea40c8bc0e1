import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The files of a source tree and the files of that tree each one imports (type-only imports and re-exports included). */
export type ImportGraph = Map<string, string[]>;

/** Every `.ts` file under `root` with the files under `root` it imports, paths relative to `root`. */
export function importGraph(root: string): ImportGraph {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p); else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(root);
  const graph: ImportGraph = new Map();
  for (const file of files.sort()) {
    const imported = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles
      .filter(i => i.fileName.startsWith('.'))
      .map(i => path.resolve(path.dirname(file), i.fileName))
      .map(base => [`${base}.ts`, path.join(base, 'index.ts')].find(c => fs.existsSync(c)))
      .filter((f): f is string => f !== undefined && !path.relative(root, f).startsWith('..'));
    graph.set(path.relative(root, file), [...new Set(imported.map(f => path.relative(root, f)))]);
  }
  return graph;
}

/** The folder of a file (`''` for the root's own files), which names its layer. */
export function folderOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
}

/**
 * Imports that run up the layers: `layers` lists the folders from the bottom up, a group of folders per
 * layer; a file may import its own folder, a folder of a lower layer, or one of its own layer (checked for
 * cycles separately). Returns `from -> to` for each import that breaks that, and each folder no layer lists.
 */
export function upwardImports(graph: ImportGraph, layers: readonly (readonly string[])[]): string[] {
  const rank = new Map(layers.flatMap((group, i) => group.map(folder => [folder, i] as const)));
  const out: string[] = [];
  for (const [from, imports] of graph) {
    const own = rank.get(folderOf(from));
    if (own === undefined) { out.push(`${from}: folder '${folderOf(from)}' is in no layer`); continue; }
    for (const to of imports) if ((rank.get(folderOf(to)) ?? Infinity) > own) out.push(`${from} -> ${to}`);
  }
  return out;
}

/** Every cycle of the graph (its strongly connected components of more than one node), each sorted. */
export function cycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** Folder-level imports: which folders each folder imports (its own excluded). */
export function folderGraph(graph: ImportGraph): ImportGraph {
  const out: ImportGraph = new Map();
  for (const [from, imports] of graph) {
    const f = folderOf(from);
    const list = out.get(f) ?? [];
    for (const to of imports) if (folderOf(to) !== f && !list.includes(folderOf(to))) list.push(folderOf(to));
    out.set(f, list);
  }
  return out;
}
