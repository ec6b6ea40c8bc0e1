import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CrdSchemas } from './crd-schemas';
import { tektonLint } from './tekton-lint';
import { toYaml } from '../../lib/output/render';

let schemas: CrdSchemas | undefined;

/**
 * Validates synthesized objects (e.g. `Testing.synth(chart)`) against the upstream CRD schemas and returns
 * the violations (empty when valid). Throws when there are no schemas to check against.
 */
export function crdViolations(objects: any[]): string[] {
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
