import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { formatGoDuration } from '../core/duration';
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
 * the non-zero units from largest to smallest, e.g. `1h30m`, `90s` as `1m30s`, `1500ms` as `1s500ms`
 * ({@link formatGoDuration}).
 *
 * @example
 * fluxDuration(Duration.minutes(90)) // '1h30m'
 * fluxDuration(Duration.hours(2), { allowHours: false }) // '120m'
 */
export function fluxDuration(d: Duration, options: FluxDurationOptions = {}): string {
  return formatGoDuration(d, options);
}

/** {@link fluxDuration}, or a construct error naming `field` when the duration is not positive. */
export function checkedFluxDuration(scope: IConstruct, field: string, d: Duration, options: FluxDurationOptions = {}): string {
  if (Math.round(d.toMilliseconds()) <= 0) {
    fail(scope, field, `${d.toMilliseconds()}ms`, 'is not a positive duration', 'Use a duration of at least 1ms, e.g. Duration.minutes(1)');
  }
  return fluxDuration(d, options);
}
