import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { problem } from '../core/errors';
import { TreeIndex } from '../core/tree-index';
import { FolderChart } from './folder-chart';
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
 * (in different namespaces) get `-<namespace>` appended. Also produces {@link GENERATED_LIST}.
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

/**
 * {@link renderApp} without the validation: for callers that validate the tree in the same
 * {@link TreeIndex.during}. `onFile` sees each object's file as soon as it is rendered (the list of
 * generated files comes only in the result).
 */
export function renderFiles(app: App, onFile?: (rel: string, content: string) => void): OutputFiles {
  return TreeIndex.during(app, index => {
    const files: OutputFiles = new Map();
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
      for (const [name, content] of renderChart(chart, objects.map(o => index.json(o)))) {
        const rel = `${chart.folder}/${name}`;
        files.set(rel, content);
        onFile?.(rel, content);
      }
    }
    const list = [...files.keys()].sort(compare);
    files.set(GENERATED_LIST, list.map(f => `${f}\n`).join(''));
    return new Map([...files.entries()].sort(([a], [b]) => compare(a, b)));
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function renderChart(chart: FolderChart, objects: any[]): Map<string, string> {
  const base = (o: any) => objectFileStem(o.kind, objectName(o));
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(base(o), (counts.get(base(o)) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const o of objects) {
    const ns = o.metadata?.namespace;
    const name = `${base(o)}${(counts.get(base(o)) ?? 0) > 1 && ns ? `-${ns}` : ''}.yaml`;
    if (out.has(name)) {
      throw new Error(`${chart.node.path}: ${problem('object', `${o.kind}/${objectName(o)}`, 'is defined twice in this chart', 'Give each object of a kind its own name or namespace')}`);
    }
    out.set(name, toYaml(o));
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
