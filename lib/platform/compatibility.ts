import { problem } from '../core/errors';
import { ComponentName } from './releases';

/** The version of each component the cluster runs (installed by the platform or declared present). */
export interface RunningVersion {
  /** The component's version, e.g. `v0.5.0`, or a non-release build such as `main-4f0f57d`. */
  readonly version: string;
  /** Versions of bundled parts (e.g. Flux's `image-reflector-controller`). @default - none known */
  readonly parts?: { readonly [part: string]: string };
}

/** What the ops repository commits that a version pair may not support. */
export interface PlatformUse {
  /** Construct paths of PipelineTriggers whose source is a Flux ImagePolicy. */
  readonly imagePolicyTriggers: readonly string[];
  /** Construct paths of kpack objects of the legacy API (`build.pivotal.io`). */
  readonly legacyKpackObjects: readonly string[];
}

/** A semantic version `vX.Y.Z` as numbers, or undefined for anything else (a branch build, a commit). */
export function semver(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Whether `version` is a release at least `min`; undefined when it is no release version. */
export function atLeast(version: string, min: string): boolean | undefined {
  const v = semver(version);
  const m = semver(min)!;
  if (!v) return undefined;
  for (let i = 0; i < 3; i++) if (v[i] !== m[i]) return v[i] > m[i];
  return true;
}

/**
 * The image-reflector-controller version of a Flux install: the bundled part when known, else derived from
 * the Flux distribution's version (flux2 v2.7.0 is the first to ship image-reflector-controller v1,
 * `manifests/bases/image-reflector-controller/kustomization.yaml` @v2.7.0: v1.0.1; @v2.6.4: v0.35.2).
 */
export function imageReflectorVersion(flux: RunningVersion): string {
  const part = flux.parts?.['image-reflector-controller'];
  if (part) return part;
  const v2 = atLeast(flux.version, 'v2.7.0');
  return v2 === undefined ? flux.version : v2 ? '>= v1.0.0' : '< v1.0.0';
}

/**
 * The known-bad pairs, each found in upstream source, as problems (`<component> '<version>' <why>. <fix>`):
 *
 * - pipeline-trigger-operator releases up to v0.5.0 read ImagePolicy `status.latestImage` with hard type
 *   assertions (`api/v1alpha1/imagepolicy_types.go` @v0.5.0); image-reflector-controller 1.0.0 removed that
 *   field (its CHANGELOG 1.0.0), and `image.toolkit.fluxcd.io/v1`, the API this library emits, exists only
 *   from 1.0.0. The assertion panics and, as v0.5.0's manager does not recover panics
 *   (controller-runtime v0.15 `pkg/internal/controller/controller.go`), every trigger stops with it. Only
 *   the untagged main (4f0f57d) reads `latestRef`.
 * - kpack v0.1.0 and later serve `kpack.io` only; the legacy `build.pivotal.io` API is served by v0.0.x.
 */
export function compatibilityProblems(running: Partial<Record<ComponentName, RunningVersion>>, use: PlatformUse): string[] {
  const out: string[] = [];
  const operator = running[ComponentName.PIPELINE_TRIGGER_OPERATOR];
  const flux = running[ComponentName.FLUX];
  if (operator && use.imagePolicyTriggers.length > 0 && semver(operator.version) && !atLeast(operator.version, 'v0.5.1')) {
    const reflector = flux ? `image-reflector-controller ${imageReflectorVersion(flux)} (Flux ${flux.version})` : 'image-reflector-controller v1 (the image.toolkit.fluxcd.io/v1 API)';
    out.push(problem('pipelineTriggerOperator', operator.version, `reads ImagePolicy status.latestImage, which ${reflector} no longer has: `
      + `the operator panics on the base-image trigger(s) ${use.imagePolicyTriggers.join(', ')} and stops every other trigger with it`,
      'Remove triggers.baseImageUpdates, or run an operator built from jquad-group/pipeline-trigger-operator main (4f0f57d or later, which reads latestRef) '
      + 'and declare it with PlatformComponent.preinstalled(\'main-4f0f57d\')'));
  }
  const kpack = running[ComponentName.KPACK];
  if (kpack && use.legacyKpackObjects.length > 0 && atLeast(kpack.version, 'v0.1.0')) {
    out.push(problem('kpack', kpack.version, `serves only the kpack.io API, not build.pivotal.io, which ${use.legacyKpackObjects.join(', ')} use${use.legacyKpackObjects.length === 1 ? 's' : ''}`,
      'Build with the kpack.io API (KpackApi.V1ALPHA2), or declare the kpack you run with PlatformComponent.preinstalled(\'v0.0.9\')'));
  }
  return out;
}
