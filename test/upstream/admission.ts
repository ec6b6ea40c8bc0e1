// Runs the upstream admission webhooks (test/upstream/tekton and test/upstream/kpack) over YAML files and checks
// that every object of a group they own went through one: an object of such a group that no webhook admitted is
// an error, never skipped.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { Manifest, readManifests } from '../support/manifests';
import { goProgram, moduleDir } from './go';

/** One line of an admission program's output. */
export interface AdmissionFinding {
  readonly kind: 'checked' | 'error' | 'warning' | 'unchecked';
  readonly file: string;
  readonly object: string;
  /** For an object a controller makes from this one: where in this one, e.g. `spec.resourcetemplates[0]`. */
  readonly via?: string;
  readonly webhook?: string;
  readonly message?: string;
}

/** The API groups whose objects the webhooks here admit, and what admits them. */
export const OWNED_GROUPS: { readonly [group: string]: string } = {
  'tekton.dev': 'tektoncd/pipeline',
  'triggers.tekton.dev': 'tektoncd/triggers',
  'kpack.io': 'buildpacks-community/kpack',
  // The runs a PipelineTrigger starts go through Tekton's webhook.
  'pipeline.jquad.rocks': 'tektoncd/pipeline (the PipelineRun the operator creates)',
  // The 2020 kpack API: reported as unchecked (no webhook of the pinned kpack admits it).
  'build.pivotal.io': 'none',
};

function run(binary: string, args: string[]): AdmissionFinding[] {
  const r = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 5 * 60_000 });
  if (r.status !== 0) throw new Error(`${path.basename(binary)} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r.stdout.split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
}

/** Runs every admission program over the files (absolute paths). */
export function admit(files: string[]): AdmissionFinding[] {
  const pipeline = moduleDir('github.com/tektoncd/pipeline', undefined, 'tekton');
  const triggers = moduleDir('github.com/tektoncd/triggers', undefined, 'tekton');
  return [
    ...run(goProgram('tekton'), ['-pipeline-config', path.join(pipeline, 'config'), '-triggers-config', path.join(triggers, 'config'), ...files]),
    ...run(goProgram('kpack'), files),
  ];
}

/** `Kind namespace/name`, as the Go programs name an object (test/upstream/manifest: Describe). */
function describe(o: any): string {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind} ${ns}${o.metadata?.name ?? `${o.metadata?.generateName ?? ''}*`}`;
}

function groupOf(o: any): string {
  return String(o?.apiVersion ?? '').split('/').slice(0, -1).join('/');
}

/** The result of the admission check of output folders. */
export interface AdmissionReport {
  /** Every error, warning, unchecked object, and object of an owned group no webhook reported on. */
  readonly problems: string[];
  /** Objects checked, by `file object` (and `via` for made objects). */
  readonly checked: string[];
  /** Kinds checked, `apiVersion/kind`, sorted. */
  readonly kinds: string[];
}

/** `<file>: <object>[ <via>]: <kind> (<webhook>): <message>`. */
export function formatAdmission(f: AdmissionFinding): string {
  return `${f.file}: ${f.object}${f.via ? ` ${f.via}` : ''}: ${f.kind}${f.webhook ? ` (${f.webhook})` : ''}${f.message ? `: ${f.message}` : ''}`;
}

/**
 * Admission of every object of `folders` (each read recursively, kustomization.yaml excepted); file names in
 * the report are relative to `base`.
 */
export function admitFolders(folders: string[], base: string): AdmissionReport {
  const manifests: (Manifest & { abs: string })[] = folders.flatMap(dir =>
    readManifests(dir).map(m => ({ ...m, abs: path.join(dir, m.file) })));
  const files = [...new Set(manifests.map(m => m.abs))];
  const findings = admit(files).map(f => ({ ...f, file: path.relative(base, f.file) }));
  const problems = findings.filter(f => f.kind !== 'checked').map(formatAdmission);
  const checked = new Set(findings.filter(f => f.kind === 'checked' && !f.via).map(f => `${f.file} ${f.object}`));
  const kinds = new Set<string>();
  for (const m of manifests) {
    const group = groupOf(m.object);
    if (!(group in OWNED_GROUPS)) continue;
    const file = path.relative(base, m.abs);
    const key = `${file} ${describe(m.object)}`;
    const viaChecked = findings.some(f => f.kind === 'checked' && f.via && `${f.file} ${f.object}` === key);
    if (checked.has(key) || viaChecked) kinds.add(`${m.object.apiVersion}/${m.object.kind}`);
    else if (!findings.some(f => f.kind !== 'checked' && `${f.file} ${f.object}` === key)) {
      problems.push(`${key}: ${m.object.apiVersion} ${m.object.kind} is owned by ${OWNED_GROUPS[group]}, but no webhook here admitted it`);
    }
  }
  return { problems, checked: [...checked].sort(), kinds: [...kinds].sort() };
}
