import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { describeObject, Manifest, readManifests, yamlFiles } from './manifests';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { crdOf } = require('../../scripts/crd-schemas.js') as { crdOf: (entry: unknown) => any };
import * as YAML from 'yaml';

/**
 * Where the schemas come from: `CRDS_DIR` (a folder of upstream CRD files) when set, else the schema store
 * `schemas/` that `npm run import` generates into the repository — so every clone checks its output with
 * nothing beside it.
 */
export const CRDS_DIR = path.resolve(process.env.CRDS_DIR ?? path.join(__dirname, '..', '..', 'schemas'));

/**
 * The CRDs under `dir`: upstream CRD files (`.yaml`), or the store's entries (`.json`, made by
 * scripts/crd-schemas.js) turned back into CRDs. Throws when there are none: a check without schemas
 * must fail, not pass by checking nothing.
 */
export function loadCrds(dir: string): Array<{ file: string; crd: any }> {
  if (!fs.existsSync(dir)) {
    throw new Error(`No CRD schemas: ${dir} does not exist. Run \`npm run import\`, or set CRDS_DIR to a folder of upstream CRDs`);
  }
  const out: Array<{ file: string; crd: any }> = [];
  for (const file of yamlFiles(dir)) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind === 'CustomResourceDefinition') out.push({ file, crd });
    }
  }
  for (const file of jsonFiles(dir)) {
    for (const entry of [].concat(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')))) out.push({ file, crd: crdOf(entry) });
  }
  if (out.length === 0) throw new Error(`No CRD schemas: ${dir} holds no CRD. Run \`npm run import\`, or set CRDS_DIR to a folder of upstream CRDs`);
  return out;
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.json')) out.push(path.relative(dir, path.join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

interface VersionSchema {
  /** CRD file the schema is from, relative to the CRD directory. */
  readonly source: string;
  /** The version's openAPIV3Schema, or undefined when the CRD carries none that checks anything. */
  readonly schema?: any;
}

/** Result of checking a set of manifests against the CRDs. */
export interface SchemaReport {
  /** `file: Kind/ns/name: /json/path message` for each violation. */
  readonly errors: string[];
  /** `apiVersion Kind` validated against a schema, with how many objects. */
  readonly checked: Map<string, number>;
  /** `apiVersion Kind` whose CRD has no schema (root preserve-unknown or none). */
  readonly schemaless: Set<string>;
  /** `apiVersion Kind` with no CRD in the directory (built-in Kubernetes kinds, for instance). */
  readonly noCrd: Set<string>;
}

/**
 * Loads every CustomResourceDefinition under `crdsDir` and checks manifests against them, the way the
 * API server would with structural schemas, but stricter where the server silently drops data:
 * - `x-kubernetes-preserve-unknown-fields` keeps unknown fields; elsewhere an unknown field is an error
 *   (the API server would prune it, which is how the tutorial's `persistentvolumeclaim` key got lost);
 * - `x-kubernetes-int-or-string` accepts an integer or a string; `nullable` accepts null.
 * When several CRD files define the same group/version/kind (operator releases), an object passes if it
 * matches one of them.
 */
export class CrdSchemas {
  private readonly versions = new Map<string, VersionSchema[]>();
  private readonly compiled = new Map<any, ValidateFunction>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

  constructor(crdsDir: string = CRDS_DIR) {
    for (const { file, crd } of loadCrds(crdsDir)) {
      {
        const group = crd.spec.group;
        const kind = crd.spec.names.kind;
        const versions: any[] = crd.spec.versions ?? [{ name: crd.spec.version }];
        for (const v of versions) {
          const raw = v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema;
          const key = `${group}/${v.name} ${kind}`;
          const list = this.versions.get(key) ?? [];
          list.push({ source: file, schema: hasFieldSchema(raw) ? rootSchema(raw) : undefined });
          this.versions.set(key, list);
        }
      }
    }
  }

  /** Number of group/version/kinds loaded. */
  public get size(): number {
    return this.versions.size;
  }

  /** Checks every object in every YAML file under `dir`. */
  public checkDirectory(dir: string): SchemaReport {
    return this.check(readManifests(dir));
  }

  /** Checks the given manifests. */
  public check(manifests: Manifest[]): SchemaReport {
    const report: SchemaReport = { errors: [], checked: new Map(), schemaless: new Set(), noCrd: new Set() };
    for (const m of manifests) {
      const key = `${m.object.apiVersion} ${m.object.kind}`;
      const candidates = this.versions.get(key);
      if (!candidates) {
        report.noCrd.add(key);
        continue;
      }
      const withSchema = candidates.filter(c => c.schema);
      if (withSchema.length === 0) {
        report.schemaless.add(key);
        continue;
      }
      report.checked.set(key, (report.checked.get(key) ?? 0) + 1);
      const failures: string[] = [];
      for (const candidate of withSchema) {
        const validate = this.compile(candidate.schema);
        if (validate(m.object)) {
          failures.length = 0;
          break;
        }
        const prefix = withSchema.length > 1 ? `[${candidate.source}] ` : '';
        failures.push(...(validate.errors ?? []).map(e => `${m.file}: ${describeObject(m.object)}: ${prefix}${formatError(e)}`));
      }
      report.errors.push(...failures);
    }
    return report;
  }

  private compile(schema: any): ValidateFunction {
    let fn = this.compiled.get(schema);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.compiled.set(schema, fn);
    }
    return fn;
  }
}

function formatError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    return `${at}: unknown field '${(e.params as any).additionalProperty}' (the API server would drop it)`;
  }
  if (e.keyword === 'enum') return `${at}: ${e.message}: ${JSON.stringify((e.params as any).allowedValues)}`;
  return `${at}: ${e.message}`;
}

/**
 * The schema of a whole object: the API server always keeps apiVersion, kind and metadata, even when a
 * CRD's schema lists only `spec` (kpush's does).
 */
function rootSchema(raw: any): any {
  const schema = toJsonSchema(raw);
  schema.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...schema.properties,
  };
  return schema;
}

/** True when a schema checks fields, i.e. it is more than "an object that keeps anything". */
function hasFieldSchema(schema: any): boolean {
  if (!schema) return false;
  return !(schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties);
}

/** Converts a Kubernetes structural schema into a JSON schema with the API server's semantics. */
export function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as any).map(([p, s]) => [p, toJsonSchema(s)]));
    } else if (!k.startsWith('x-kubernetes-') && k !== 'nullable') {
      out[k] = toJsonSchema(v);
    }
  }
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  const isObject = node.type === 'object' || node.properties;
  if (isObject && node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}
