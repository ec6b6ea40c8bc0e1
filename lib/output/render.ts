import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { problem } from '../core/errors';
import { TreeIndex } from '../core/tree-index';
import { FolderChart } from './folder-chart';
import { GeneratedFile } from './generated-file';
import * as yaml from './yaml';

/** The file, relative to the output directory, that lists every file synthesis wrote there. */
export const GENERATED_LIST = '.generated-files';

/** Synthesized output: file path relative to the output directory, mapped to its exact content. */
export type OutputFiles = Map<string, string>;

/**
 * Runs every construct's validation and throws one error listing all problems, each as
 * `<construct path>: <message>`, so a single synth reports every mistake at once.
 */
export function validateTree(root: IConstruct): void {
  TreeIndex.during(root, index => {
    const errors: string[] = [];
    for (const c of index.constructs) {
      for (const message of c.node.validate()) errors.push(`${c.node.path || '(app)'}: ${message}`);
    }
    if (errors.length > 0) {
      throw new Error(`Synthesis stopped: ${errors.length} problem(s), nothing was written.\n  ${errors.join('\n  ')}`);
    }
  });
}

/**
 * Renders an app to files in memory, after validation: one YAML file per object, in the folder of its
 * {@link FolderChart}, named `<kind>-<name>.yaml`. Two objects of the same kind and name in one folder
 * (in different namespaces) get `-<namespace>` appended. Every {@link GeneratedFile} adds its file. Also
 * produces {@link GENERATED_LIST}.
 *
 * The same app always renders to the same bytes: keys are sorted by cdk8s, files and list are sorted, no
 * timestamps, `\n` line endings. Validation and rendering share one {@link TreeIndex}, so each object is
 * rendered to JSON once.
 */
export function renderApp(app: App): OutputFiles {
  return TreeIndex.during(app, () => {
    validateTree(app);
    return renderFiles(app);
  });
}

/** Where rendering hands each file it makes. */
export interface FileSink {
  /** An object's file: its rendered JSON, to be written as YAML ({@link toYaml}). */
  object(rel: string, json: unknown): void;
  /** Any other file (the front page, kustomizations): its exact content. */
  text(rel: string, content: string): void;
}

/**
 * {@link renderApp} without the validation, for callers that validate the tree in the same
 * {@link TreeIndex.during}: renders every object to JSON and every {@link GeneratedFile} to text and hands
 * them to `sink` as it goes. Returns every file's path, sorted, the list of generated files
 * ({@link GENERATED_LIST}) included, and that list's content.
 */
export function renderInto(app: App, sink: FileSink): { readonly paths: string[]; readonly list: string } {
  return TreeIndex.during(app, index => {
    const paths = new Set<string>();
    const owners = new Map<string, string>();
    for (const chart of index.all('Chart', (c): c is Chart => c instanceof Chart)) {
      if (!FolderChart.isFolderChart(chart)) {
        throw new Error(`${chart.node.path}: ${problem('chart', chart.node.id, 'is a plain Chart and has no output folder', 'Use FolderChart (from lib/output) for every chart of the app')}`);
      }
      const objects = index.objectsOf(chart);
      const owner = owners.get(chart.folder);
      if (owner) {
        throw new Error(`${chart.node.path}: ${problem('folder', chart.folder, `is already the folder of ${owner}`, 'Give every FolderChart its own folder: one folder is one Argo CD Application')}`);
      }
      owners.set(chart.folder, chart.node.path);
      for (const [name, json] of chartFiles(chart, objects.map(o => index.json(o)))) {
        const rel = `${chart.folder}/${name}`;
        paths.add(rel);
        sink.object(rel, json);
      }
    }
    addGeneratedFiles(index.all('GeneratedFile', GeneratedFile.isGeneratedFile), paths, sink);
    const sorted = [...paths].sort(compare);
    return { paths: [...sorted, GENERATED_LIST].sort(compare), list: sorted.map(f => `${f}\n`).join('') };
  });
}

/** {@link renderApp} without the validation: every file in memory, objects as YAML, sorted by path. */
export function renderFiles(app: App): OutputFiles {
  return renderFilesAndObjects(app).files;
}

/**
 * {@link renderFiles}, and the rendered JSON of every object's file, by the same path: what the YAML of
 * that file parses to, for callers that would otherwise parse it again (`plan`).
 */
export function renderFilesAndObjects(app: App): { readonly files: OutputFiles; readonly objects: ReadonlyMap<string, unknown> } {
  const files: OutputFiles = new Map();
  const objects = new Map<string, unknown>();
  const { paths, list } = renderInto(app, {
    object: (rel, json) => {
      objects.set(rel, json);
      files.set(rel, toYaml(json));
    },
    text: (rel, content) => files.set(rel, content),
  });
  files.set(GENERATED_LIST, list);
  return { files: new Map(paths.map(rel => [rel, files.get(rel)!])), objects };
}

/**
 * Adds the {@link GeneratedFile}s: each path has one owner, and a generated file never takes the place of an
 * object's file.
 */
function addGeneratedFiles(generated: readonly GeneratedFile[], paths: Set<string>, sink: FileSink): void {
  const owners = new Map<string, GeneratedFile>();
  for (const file of generated) {
    const first = owners.get(file.path);
    if (first || paths.has(file.path)) {
      throw new Error(`${file.node.path}: ${problem('path', file.path, first ? `is already generated by ${first.node.path}` : 'is already the file of an object of its folder', 'Give every generated file its own path')}`);
    }
    owners.set(file.path, file);
    paths.add(file.path);
    sink.text(file.path, file.render());
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The files of a chart's objects: file name to the object's JSON. */
function chartFiles(chart: FolderChart, objects: any[]): Map<string, unknown> {
  const base = (o: any) => objectFileStem(o.kind, objectName(o));
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(base(o), (counts.get(base(o)) ?? 0) + 1);
  const out = new Map<string, unknown>();
  for (const o of objects) {
    const ns = o.metadata?.namespace;
    const name = `${base(o)}${(counts.get(base(o)) ?? 0) > 1 && ns ? `-${ns}` : ''}.yaml`;
    if (out.has(name)) {
      throw new Error(`${chart.node.path}: ${problem('object', `${o.kind}/${objectName(o)}`, 'is defined twice in this chart', 'Give each object of a kind its own name or namespace')}`);
    }
    out.set(name, o);
  }
  return out;
}

/**
 * The file name, without `.yaml`, that an object of `kind` named `name` gets in its folder (unless a
 * second object of the same kind and name in another namespace shares the folder).
 */
export function objectFileStem(kind: string, name: string): string {
  return `${kind.toLowerCase()}-${name}`;
}

function objectName(o: any): string {
  return o.metadata?.name ?? String(o.metadata?.generateName ?? 'unnamed').replace(/-$/, '');
}

/**
 * Serializes one object as a YAML document: no line folding, block scalars for scripts. A commit SHA is
 * always double-quoted: plain, YAML would quote it only when it reads as a number (all digits, `1e5...`),
 * so the line that holds a pinned commit would change shape with the commit, and the pin step, which edits
 * that line in place, could not keep `dist/` byte-identical to synthesis. See {@link yaml.toYaml} for how.
 */
export function toYaml(obj: unknown): string {
  return yaml.toYaml(obj);
}
