import { ContainerResources } from 'cdk8s-plus-27';
import { problem } from '../core/errors';
import { describeValue } from '../core/guards';
import { labelMapProblems } from '../core/metadata-rules';
import { containerResourceProblems } from '../core/resources';
import { plainEnvFindings } from '../core/secret-values';
import { KpackApi } from './api';
import { quantity } from './quantity';

/**
 * Settings of every build of an Image (`spec.build`).
 *
 * @example
 * { env: { BP_GO_TARGETS: './cmd/server' }, resources: { memory: { limit: Size.gibibytes(2) } } }
 */
export interface ImageBuildOptions {
  /**
   * Environment of the build, in the order given: buildpack settings such as `BP_GO_TARGETS`. Plain values
   * only: a token here would be committed with the manifest (a value of a token's shape is refused, a
   * credential's name warned about), and a `$(` is refused (the kubelet and Tekton would substitute it).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /** CPU and memory of the build pod. @default - the namespace's defaults */
  readonly resources?: ContainerResources;
  /**
   * Node labels the build pod must match (kpack.io/v1alpha2 only). `kubernetes.io/os` is set by kpack
   * from the builder and may not be given.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /** RuntimeClass of the build pod (kpack.io/v1alpha2 only). @default - the cluster's default */
  readonly runtimeClassName?: string;
  /** Scheduler of the build pod (kpack.io/v1alpha2 only). @default - the default scheduler */
  readonly schedulerName?: string;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const OS_LABEL = 'kubernetes.io/os';

/**
 * Every problem of `build` for `api`, and the warnings (a credential's name with a plain value).
 *
 * A `$(` in an env value is refused: kpack passes `spec.build.env` to the build pod as container environment
 * (`PLATFORM_ENV_<name>`, kpack `pkg/apis/build/v1alpha2/build_pod.go` @v0.17.2), where the kubelet expands
 * `$(NAME)` as a reference to another variable of the container; and where the Image is the template the pin
 * step writes (AppDelivery), Tekton substitutes `$(params.*)`, `$(tasks.*)` and `$(context.*)` in it, with no
 * escape (tektoncd/pipeline `pkg/substitution/replacements.go` @v1.15.0, `ApplyReplacements` replaces every
 * `$(<name>)` it knows, in one pass).
 */
export function checkImageBuild(build: ImageBuildOptions, api: KpackApi): { problems: string[]; warnings: string[] } {
  const out: string[] = [];
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(build.env ?? {})) {
    if (!ENV_NAME.test(name)) {
      out.push(problem('spec.build.env', name, 'is not a valid environment variable name', 'Use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit'));
    }
    if (typeof value !== 'string') {
      out.push(problem(`spec.build.env.${name}`, value, `is ${describeValue(value)}, not a string`, 'Give the value as a string, e.g. \'1\''));
      continue;
    }
    if (value.includes('$(')) {
      out.push(problem(`spec.build.env.${name}`, value, 'contains \'$(\', which the kubelet expands as a variable reference in the build pod and Tekton substitutes where the Image is the pin step\'s template',
        'Give the literal value the buildpack needs, without \'$(\'; values that vary belong in the app repository (e.g. project.toml)'));
    }
    const found = plainEnvFindings(name, value, 'kpack reads build-time secrets as service bindings (kpack docs/servicebindings.md), never from spec.build.env');
    if (found.error) out.push(problem(`spec.build.env.${name}`, value, ...found.error));
    if (found.warning) warnings.push(problem(`spec.build.env.${name}`, value, ...found.warning));
  }
  if (build.nodeSelector && OS_LABEL in build.nodeSelector) {
    out.push(problem(`spec.build.nodeSelector.${OS_LABEL}`, build.nodeSelector[OS_LABEL], 'is set, but kpack chooses the OS from the builder and rejects it', `Remove the '${OS_LABEL}' key`));
  }
  out.push(...labelMapProblems('spec.build.nodeSelector', build.nodeSelector, 'node label'));
  // Ephemeral storage is refused below, so only cpu and memory are compared.
  out.push(...containerResourceProblems('spec.build.resources', build.resources && { cpu: build.resources.cpu, memory: build.resources.memory }));
  if (build.resources?.ephemeralStorage) {
    out.push(problem('spec.build.resources.ephemeralStorage', 'set', 'is not rendered by this construct', 'Give only cpu and memory'));
  }
  if (api.legacy) {
    const v2only: Array<[string, unknown]> = [['nodeSelector', build.nodeSelector], ['runtimeClassName', build.runtimeClassName], ['schedulerName', build.schedulerName]];
    for (const [field, value] of v2only.filter(([, v]) => v !== undefined)) {
      out.push(problem(`spec.build.${field}`, value, `does not exist in ${api}`, 'Remove it, or use KpackApi.V1ALPHA2'));
    }
  }
  return { problems: out, warnings };
}

/** The `spec.build` object, or undefined when nothing is set. */
export function renderImageBuild(build: ImageBuildOptions | undefined): { [key: string]: unknown } | undefined {
  if (!build) return undefined;
  const env = Object.entries(build.env ?? {}).map(([name, value]) => ({ name, value }));
  const resources = renderResources(build.resources);
  const out = {
    ...(env.length ? { env } : {}),
    ...(resources ? { resources } : {}),
    ...(build.nodeSelector && Object.keys(build.nodeSelector).length ? { nodeSelector: build.nodeSelector } : {}),
    ...(build.runtimeClassName ? { runtimeClassName: build.runtimeClassName } : {}),
    ...(build.schedulerName ? { schedulerName: build.schedulerName } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

function renderResources(r: ContainerResources | undefined): { [key: string]: unknown } | undefined {
  if (!r) return undefined;
  const requests = { ...(r.cpu?.request ? { cpu: r.cpu.request.amount } : {}), ...(r.memory?.request ? { memory: quantity(r.memory.request) } : {}) };
  const limits = { ...(r.cpu?.limit ? { cpu: r.cpu.limit.amount } : {}), ...(r.memory?.limit ? { memory: quantity(r.memory.limit) } : {}) };
  const out = { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
  return Object.keys(out).length ? out : undefined;
}
