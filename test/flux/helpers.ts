import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CRDS_DIR } from '../support/crd-schemas';
export { synthProblems as problems, synthWarnings as warnings } from '../support/synth';

export { withCrds } from '../support/conformance';

/** The `x-kubernetes-validations` rules of a Flux CRD's v1 `spec`, e.g. of `imagepolicies.image.toolkit.fluxcd.io.yaml`. */
export function celRules(file: string): string[] {
  const crd = YAML.parse(fs.readFileSync(path.join(CRDS_DIR, 'flux', file), 'utf8'));
  const v1 = crd.spec.versions.find((v: any) => v.name === 'v1');
  return v1.schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'].map((r: any) => r.rule);
}
