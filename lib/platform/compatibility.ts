import { problem } from '../core/errors';
import { atLeast, semver } from '../core/versions';
import { ComponentName } from './releases';

export { atLeast, semver };

/** The version of each component the cluster runs (installed by the platform or declared present). */
export interface RunningVersion {
  /** The component's version, e.g. `v0.5.0`, or a non-release build such as `main-4f0f57d`. */
  readonly version: string;
  /** Versions of bundled parts (e.g. Flux's `image-reflector-controller`). @default - none known */
  readonly parts?: { readonly [part: string]: string };
}

/** What the ops repository commits that a version may not support. */
export interface PlatformUse {
  /** What uses each `apiVersion` and kind, as `Kind construct/path`, by `<apiVersion> <kind>`. */
  readonly kinds: ReadonlyMap<string, readonly string[]>;
  /** Construct paths of PipelineTriggers whose source is a Flux ImagePolicy. */
  readonly imagePolicyTriggers: readonly string[];
  /** Construct paths of PipelineTriggers of each shape: `pipelineRun` (operator v0.5.0 on), `pipeline` (v0.1 and v0.2). */
  readonly triggerShapes: { readonly pipelineRun: readonly string[]; readonly pipeline: readonly string[] };
  /** Construct paths of kpack objects of the legacy API (`build.pivotal.io`). */
  readonly legacyKpackObjects: readonly string[];
}

/**
 * The version of a part of a component: the part's version when declared, else the least version of it the
 * component's release bundles, derived from `fromRelease` ([component version, part version] pairs, the part's
 * version bundled from that release on), else undefined when unknown.
 */
function partVersion(running: RunningVersion, part: string, fromRelease: ReadonlyArray<readonly [string, string]>): string | undefined {
  const declared = running.parts?.[part];
  if (declared) return declared;
  let known: string | undefined;
  for (const [release, partFrom] of fromRelease) if (atLeast(running.version, release)) known = partFrom;
  return known;
}

/**
 * The API versions the objects use, each with the first version that serves it, as found upstream:
 * - `tekton.dev/v1`: Tekton Pipelines v0.43.0 (`config/300-{task,pipeline,pipelinerun}.yaml` @v0.43.0 serve v1;
 *   @v0.42.0 list it with `served: false`).
 * - `triggers.tekton.dev/v1beta1`: Tekton Triggers v0.15.0 (`config/300-eventlistener.yaml` @v0.15.0; @v0.14.0
 *   serves v1alpha1 only).
 * - `kpack.io/v1alpha2`: kpack v0.4.0 (`config/image.yaml` @v0.4.0; @v0.3.1 v1alpha1 only).
 * - `source.toolkit.fluxcd.io/v1`: source-controller v1.0.0, in Flux v2.0.0 (source-controller
 *   `config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml` @v1.0.0; flux2
 *   `manifests/bases/source-controller/kustomization.yaml` @v2.0.0 pins v1.0.0).
 * - `image.toolkit.fluxcd.io/v1`: image-reflector-controller v1.0.0, in Flux v2.7.0 (its CRDs @v1.0.0 serve v1 and
 *   v1beta2, @v0.35.2 v1beta1 and v1beta2; flux2 @v2.7.0 pins v1.0.1, @v2.6.4 v0.35.2).
 */
const API_MINIMUMS: ReadonlyArray<{ readonly group: string; readonly version: string; readonly component: ComponentName; readonly min: string; readonly part?: readonly [string, string, ReadonlyArray<readonly [string, string]>] }> = [
  { group: 'tekton.dev', version: 'v1', component: ComponentName.TEKTON_PIPELINES, min: 'v0.43.0' },
  { group: 'triggers.tekton.dev', version: 'v1beta1', component: ComponentName.TEKTON_TRIGGERS, min: 'v0.15.0' },
  { group: 'kpack.io', version: 'v1alpha2', component: ComponentName.KPACK, min: 'v0.4.0' },
  { group: 'source.toolkit.fluxcd.io', version: 'v1', component: ComponentName.FLUX, min: 'v2.0.0', part: ['source-controller', 'v1.0.0', [['v2.0.0', 'v1.0.0']]] },
  { group: 'image.toolkit.fluxcd.io', version: 'v1', component: ComponentName.FLUX, min: 'v2.7.0', part: ['image-reflector-controller', 'v1.0.0', [['v2.0.0', 'v0.29.0'], ['v2.7.0', 'v1.0.0']]] },
];

/**
 * The image-reflector-controller version of a Flux install, when known: declared, or the least one its Flux
 * release bundles (see {@link API_MINIMUMS}), shown as `>= v1.0.0`.
 */
export function imageReflectorVersion(flux: RunningVersion): { readonly version: string; readonly shown: string } | undefined {
  const version = partVersion(flux, 'image-reflector-controller', API_MINIMUMS[4].part![2]);
  if (!version) return undefined;
  return { version, shown: flux.parts?.['image-reflector-controller'] ? version : `>= ${version}` };
}

const list = (paths: readonly string[]) => `${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''}`;

/**
 * The known-bad pairs, each found in upstream source, as problems (`<prop> '<version>' <why>. <fix>`):
 *
 * - a component older than the first release that serves an API version the objects use ({@link API_MINIMUMS});
 * - the pipeline-trigger-operator's PipelineTrigger shapes: `spec.pipeline` up to v0.2.10, `spec.pipelineRunSpec`
 *   in v0.3.x, `spec.pipelineRun` from v0.5.0 (`api/v1alpha1/pipelinetrigger_types.go` at those tags);
 * - operators before v0.5.0 watch `image.toolkit.fluxcd.io/v1beta1` and `source.toolkit.fluxcd.io/v1beta1`
 *   (`controllers/pipelinetrigger_controller.go` @v0.3.9 imports those APIs), which image-reflector-controller
 *   v1.0.0 (Flux v2.7.0) no longer serves: the manager's watches fail;
 * - releases up to v0.5.0 read ImagePolicy `status.latestImage` with hard type assertions
 *   (`api/v1alpha1/imagepolicy_types.go` @v0.5.0); image-reflector-controller 1.0.0 removed that field (its
 *   CHANGELOG 1.0.0), and `image.toolkit.fluxcd.io/v1`, the API this library emits, exists only from 1.0.0. The
 *   assertion panics and, as v0.5.0's manager does not recover panics (controller-runtime v0.15
 *   `pkg/internal/controller/controller.go`), every trigger stops with it. Only the untagged main (4f0f57d)
 *   reads `latestRef`;
 * - kpack v0.1.0 and later serve `kpack.io` only; the legacy `build.pivotal.io` API is served by v0.0.x.
 *
 * A version that is no release (a build of a commit such as `main-4f0f57d`) is taken at its word.
 */
export function compatibilityProblems(running: Partial<Record<ComponentName, RunningVersion>>, use: PlatformUse, propOf: (c: ComponentName) => string): string[] {
  const out: string[] = [];
  for (const m of API_MINIMUMS) {
    const component = running[m.component];
    const users = [...use.kinds].filter(([key]) => key.startsWith(`${m.group}/${m.version} `)).flatMap(([, paths]) => paths);
    if (!component || users.length === 0) continue;
    const declaredPart = m.part ? component.parts?.[m.part[0]] : undefined;
    const tooOld = declaredPart ? atLeast(declaredPart, m.part![1]) === false : atLeast(component.version, m.min) === false;
    if (tooOld) {
      out.push(problem(propOf(m.component), component.version, `does not serve ${m.group}/${m.version}${declaredPart ? ` (its ${m.part![0]} ${declaredPart} does; ${m.part![0]} serves it from ${m.part![1]})` : ''}, which ${list(users)} use${users.length === 1 ? 's' : ''}: it is served from ${m.component} ${m.min}`,
        `Run ${m.component} ${m.min} or later (PlatformComponent.whenNeeded() installs a release that serves it)`));
    }
  }
  const operator = running[ComponentName.PIPELINE_TRIGGER_OPERATOR];
  const flux = running[ComponentName.FLUX];
  if (operator && semver(operator.version)) {
    const v = operator.version;
    const prop = propOf(ComponentName.PIPELINE_TRIGGER_OPERATOR);
    if (use.triggerShapes.pipelineRun.length > 0 && !atLeast(v, 'v0.5.0')) {
      out.push(problem(prop, v, `reads PipelineTriggers of another shape (spec.pipeline up to v0.2.10, spec.pipelineRunSpec in v0.3.x) than ${list(use.triggerShapes.pipelineRun)}, whose spec.pipelineRun it reads from v0.5.0 on`,
        'Run operator v0.5.0 or later, or write those triggers with flavour: PipelineTriggerFlavour.V0_1 for an operator v0.1.x or v0.2.x'));
    }
    if (use.triggerShapes.pipeline.length > 0 && atLeast(v, 'v0.3.0')) {
      out.push(problem(prop, v, `no longer reads spec.pipeline (v0.3.0 replaced it with spec.pipelineRunSpec, v0.5.0 with spec.pipelineRun), which ${list(use.triggerShapes.pipeline)} use${use.triggerShapes.pipeline.length === 1 ? 's' : ''} (flavour V0_1)`,
        'Leave flavour out (PipelineTriggerFlavour.CURRENT, for operator v0.5.0 and later)'));
    }
    const reflector = flux ? imageReflectorVersion(flux) : undefined;
    if (reflector && atLeast(reflector.version, 'v1.0.0') && !atLeast(v, 'v0.5.0')) {
      out.push(problem(prop, v, `watches Flux's v1beta1 APIs, which image-reflector-controller ${reflector.shown} (Flux ${flux!.version}) no longer serves: the operator cannot start its watches`,
        'Run operator v0.5.0 or later, or a Flux before v2.7.0'));
    }
    if (use.imagePolicyTriggers.length > 0 && !atLeast(v, 'v0.5.1')) {
      const which = flux ? `image-reflector-controller ${reflector?.shown ?? 'of that release'} (Flux ${flux.version})` : 'image-reflector-controller v1 (the image.toolkit.fluxcd.io/v1 API)';
      out.push(problem(prop, v, `reads ImagePolicy status.latestImage, which ${which} no longer has: `
        + `the operator panics on the base-image trigger(s) ${use.imagePolicyTriggers.join(', ')} and stops every other trigger with it`,
        'Remove triggers.baseImageUpdates, or install the operator\'s CRDs at main 4f0f57d (the first commit that reads latestRef; no release has it) with '
        + 'PlatformComponent.whenNeeded(PIPELINE_TRIGGER_OPERATOR_MAIN) and run a PipelineTriggerOperator with an image you built from that commit'));
    }
  }
  const kpack = running[ComponentName.KPACK];
  if (kpack && use.legacyKpackObjects.length > 0 && atLeast(kpack.version, 'v0.1.0')) {
    out.push(problem(propOf(ComponentName.KPACK), kpack.version, `serves only the kpack.io API, not build.pivotal.io, which ${use.legacyKpackObjects.join(', ')} use${use.legacyKpackObjects.length === 1 ? 's' : ''}`,
      'Build with the kpack.io API (KpackApi.V1ALPHA2), or declare the kpack you run with PlatformComponent.preinstalled(\'v0.0.9\')'));
  }
  return out;
}
