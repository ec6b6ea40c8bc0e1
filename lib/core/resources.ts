import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { problem } from './errors';

/**
 * Checks of a container's resource requests and limits, as the API server applies them
 * (k8s.io/kubernetes `pkg/apis/core/validation/validation.go`, `ValidateResourceRequirements`): every amount
 * is a number of at least zero, and a request is at most its limit ("must be less than or equal to ...
 * limit"), or the object that holds the container — a Deployment, a TaskRun's pod, a kpack build pod — is
 * refused, and that only when it is applied or run.
 */

/** One resource's request and limit, in a unit both are counted in, and how to show an amount. */
export interface ResourceRange {
  /** The requested amount. */
  readonly request?: number;
  /** The limit. */
  readonly limit?: number;
  /** An amount as the manifest writes it, e.g. `512Mi` or `500m`. */
  readonly show: (amount: number) => string;
}

/**
 * Problems of the ranges of one container, by resource name (`cpu`, `memory`, `ephemeral-storage`):
 * `<at>.requests.<name>` that is not a number of at least 0 or is above its limit.
 */
export function resourceRangeProblems(at: string, ranges: { readonly [name: string]: ResourceRange }): string[] {
  const out: string[] = [];
  for (const [name, r] of Object.entries(ranges)) {
    let valid = true;
    for (const [which, amount] of [['requests', r.request], ['limits', r.limit]] as const) {
      if (amount !== undefined && !(Number.isFinite(amount) && amount >= 0)) {
        out.push(problem(`${at}.${which}.${name}`, amount, 'is not a number of at least 0', `Give a ${name} amount such as ${name === 'cpu' ? '500m' : '512Mi'}`));
        valid = false;
      }
    }
    if (valid && r.request !== undefined && r.limit !== undefined && r.request > r.limit) {
      out.push(problem(`${at}.requests.${name}`, r.show(r.request), `is more than the limit ${r.show(r.limit)}, which the API server refuses, so the pod is never created`,
        `Make the request at most the limit, or raise the limit to ${r.show(r.request)}`));
    }
  }
  return out;
}

/** {@link resourceRangeProblems} of cdk8s-plus `ContainerResources` (a Tekton step's, a kpack build's). */
export function containerResourceProblems(at: string, r: kplus.ContainerResources | undefined): string[] {
  if (!r) return [];
  return resourceRangeProblems(at, {
    cpu: { request: millicores(r.cpu?.request), limit: millicores(r.cpu?.limit), show: m => `${m}m` },
    memory: sizeRange(r.memory),
    'ephemeral-storage': sizeRange(r.ephemeralStorage),
  });
}

/** The range of a memory or storage request and limit, in KiB. */
export function sizeRange(r: { readonly request?: Size; readonly limit?: Size } | undefined): ResourceRange {
  return { request: kibibytes(r?.request), limit: kibibytes(r?.limit), show: showKibibytes };
}

/** A cdk8s-plus `Cpu` in millicores (`Cpu.millis(500)` is `500m`, `Cpu.units(2)` is `2`). */
export function millicores(cpu: kplus.Cpu | undefined): number | undefined {
  if (cpu === undefined) return undefined;
  const amount = String(cpu.amount);
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

/** A cdk8s `Size` in KiB, unrounded (`NaN` for a size that is not a number). */
export function kibibytes(size: Size | undefined): number | undefined {
  return size === undefined ? undefined : size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
}

/** An amount of KiB as a quantity, in the largest binary unit that writes it whole (`2Gi`, `1536Mi`, `100Ki`). */
function showKibibytes(kib: number): string {
  if (Number.isInteger(kib / 1024 / 1024)) return `${kib / 1024 / 1024}Gi`;
  return Number.isInteger(kib / 1024) ? `${kib / 1024}Mi` : `${kib}Ki`;
}
