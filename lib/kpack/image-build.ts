import { Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { problem } from '../core/errors';
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
   * only: a token here would be committed with the manifest.
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

/** Every problem of `build` for `api`. */
export function checkImageBuild(build: ImageBuildOptions, api: KpackApi): string[] {
  const out: string[] = [];
  for (const name of Object.keys(build.env ?? {})) {
    if (!ENV_NAME.test(name)) {
      out.push(problem('spec.build.env', name, 'is not a valid environment variable name', 'Use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit'));
    }
  }
  if (build.nodeSelector && OS_LABEL in build.nodeSelector) {
    out.push(problem(`spec.build.nodeSelector.${OS_LABEL}`, build.nodeSelector[OS_LABEL], 'is set, but kpack chooses the OS from the builder and rejects it', `Remove the '${OS_LABEL}' key`));
  }
  const memory = build.resources?.memory;
  if (memory?.request && memory.limit && bytes(memory.request) > bytes(memory.limit)) {
    out.push(problem('spec.build.resources.requests.memory', quantity(memory.request), `is more than the limit ${quantity(memory.limit)}, so the build pod is rejected`, 'Make the request at most the limit'));
  }
  const cpu = build.resources?.cpu;
  if (cpu?.request && cpu.limit && millis(cpu.request.amount) > millis(cpu.limit.amount)) {
    out.push(problem('spec.build.resources.requests.cpu', cpu.request.amount, `is more than the limit ${cpu.limit.amount}, so the build pod is rejected`, 'Make the request at most the limit'));
  }
  if (build.resources?.ephemeralStorage) {
    out.push(problem('spec.build.resources.ephemeralStorage', 'set', 'is not rendered by this construct', 'Give only cpu and memory'));
  }
  if (api.legacy) {
    const v2only: Array<[string, unknown]> = [['nodeSelector', build.nodeSelector], ['runtimeClassName', build.runtimeClassName], ['schedulerName', build.schedulerName]];
    for (const [field, value] of v2only.filter(([, v]) => v !== undefined)) {
      out.push(problem(`spec.build.${field}`, value, `does not exist in ${api}`, 'Remove it, or use KpackApi.V1ALPHA2'));
    }
  }
  return out;
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

function bytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
}

function millis(amount: string): number {
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}
