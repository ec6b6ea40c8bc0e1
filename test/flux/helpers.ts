import { CRDS_DIR, loadCrds } from '../support/crd-schemas';
export { synthProblems as problems, synthWarnings as warnings } from '../support/synth';

/** The `x-kubernetes-validations` rules of a Flux CRD's v1 `spec`, e.g. of `imagepolicies.image.toolkit.fluxcd.io.yaml`. */
export function celRules(file: string): string[] {
  const crd = loadCrds(CRDS_DIR).find(c => c.file.replace(/\.(json|yaml)$/, '') === `flux/${file.replace(/\.yaml$/, '')}`)!.crd;
  const v1 = crd.spec.versions.find((v: any) => v.name === 'v1');
  return v1.schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'].map((r: any) => r.rule);
}
