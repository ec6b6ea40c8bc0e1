import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

/** Options of {@link fluxDuration}. */
export interface FluxDurationOptions {
  /**
   * Whether the field accepts an `h` unit. Flux's `timeout` fields match `^([0-9]+(\.[0-9]+)?(ms|s|m))+$`,
   * so hours are written as minutes there.
   * @default true
   */
  readonly allowHours?: boolean;
}

/**
 * Renders a cdk8s `Duration` the way Flux's duration fields expect it (`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`):
 * the non-zero units from largest to smallest, e.g. `1h30m`, `90s` as `1m30s`, `1500ms` as `1s500ms`.
 *
 * @example
 * fluxDuration(Duration.minutes(90)) // '1h30m'
 * fluxDuration(Duration.hours(2), { allowHours: false }) // '120m'
 */
export function fluxDuration(d: Duration, options: FluxDurationOptions = {}): string {
  let ms = Math.round(d.toMilliseconds());
  if (ms <= 0) throw new Error(`duration ${ms}ms is not positive`);
  const units: Array<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let out = '';
  for (const [unit, size] of units) {
    if (unit === 'h' && options.allowHours === false) continue;
    const n = Math.floor(ms / size);
    ms -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out;
}

/** {@link fluxDuration}, or a construct error naming `field` when the duration is not positive. */
export function checkedFluxDuration(scope: IConstruct, field: string, d: Duration, options: FluxDurationOptions = {}): string {
  if (Math.round(d.toMilliseconds()) <= 0) {
    fail(scope, field, `${d.toMilliseconds()}ms`, 'is not a positive duration', 'Use a duration of at least 1ms, e.g. Duration.minutes(1)');
  }
  return fluxDuration(d, options);
}
