import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CRDS_DIR, CrdSchemas } from './crd-schemas';
import { tektonLint } from './tekton-lint';
import { toYaml } from '../../lib/output/render';

let schemas: CrdSchemas | undefined;

/**
 * Validates synthesized objects (e.g. `Testing.synth(chart)`) against the upstream CRD schemas and returns
 * the violations (empty when valid). When the CRD directory is absent it returns no violations and says so.
 */
export function crdViolations(objects: any[]): string[] {
  if (!fs.existsSync(CRDS_DIR)) {
    // eslint-disable-next-line no-console
    console.warn(`CRD schema check SKIPPED: ${CRDS_DIR} not found (set CRDS_DIR).`);
    return [];
  }
  schemas ??= new CrdSchemas();
  return schemas.check(objects.map((object, index) => ({ file: `object-${index}`, index, object }))).errors;
}

/** Runs `@ibm/tekton-lint` over synthesized objects; returns `level rule: message` for every finding. */
export function tektonLintFindings(objects: any[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-objects-'));
  try {
    objects.forEach((o, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}.yaml`), toYaml(o)));
    return tektonLint(dir).findings.map(f => `${f.level} ${f.rule}: ${f.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A test that needs the upstream CRDs; skipped, and reported as skipped, without them. */
export const withCrds: jest.It = fs.existsSync(CRDS_DIR) ? test : test.skip;
