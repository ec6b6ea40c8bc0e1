import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** One object read from a YAML file, with where it came from. */
export interface Manifest {
  /** File path relative to the directory that was read. */
  readonly file: string;
  /** Index of the document in the file. */
  readonly index: number;
  readonly object: any;
}

/**
 * Every `.yaml`/`.yml` file under `dir` that holds Kubernetes objects, sorted, relative to `dir`: a
 * `kustomization.yaml` is kustomize's input, not an object.
 */
export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.ya?ml$/.test(entry.name) && entry.name !== 'kustomization.yaml') out.push(path.relative(dir, abs));
    }
  };
  walk(dir);
  return out.sort();
}

/** Every object in every YAML file under `dir`. */
export function readManifests(dir: string): Manifest[] {
  return yamlFiles(dir).flatMap(file =>
    YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
      .map((doc, index) => ({ file, index, object: doc.toJS() }))
      .filter(m => m.object !== null && typeof m.object === 'object'));
}

/** `Kind/namespace/name` of an object, for messages. */
export function describeObject(o: any): string {
  const ns = o?.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o?.kind}/${ns}${o?.metadata?.name ?? o?.metadata?.generateName ?? '?'}`;
}
