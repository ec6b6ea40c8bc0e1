import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkedMillis, formatGoDuration } from '../core/duration';
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
  const ms = checkedMillis(scope, field, d);
  if (Math.round(ms) <= 0) {
    fail(scope, field, `${ms}ms`, 'is not a positive duration', 'Use a duration of at least 1ms, e.g. Duration.minutes(1)');
  }
  return fluxDuration(d, options);
}

/**
 * The shortest interval a Flux controller may poll a Git host or a registry at: one minute, the interval
 * Flux's own CLI gives a source when none is given (fluxcd/flux2 `cmd/flux/create.go` @v2.8.8, `--interval`
 * "source sync interval", default `time.Minute`). Each reconciliation of a GitRepository lists the remote's
 * refs, and of an ImageRepository lists the registry's tags: an interval of milliseconds is a busy loop
 * against GitHub or the registry, whose rate limits then stop every poll of the cluster. Push notifications
 * (a webhook) are the way to react faster.
 */
export const MIN_POLL_INTERVAL: Duration = Duration.minutes(1);

/** {@link checkedFluxDuration} for the interval a controller polls a remote at: at least {@link MIN_POLL_INTERVAL}. */
export function checkedPollInterval(scope: IConstruct, field: string, d: Duration): string {
  const ms = checkedMillis(scope, field, d);
  if (ms < MIN_POLL_INTERVAL.toMilliseconds()) {
    fail(scope, field, Number.isInteger(ms) && ms > 0 ? fluxDuration(d) : `${ms}ms`,
      `is shorter than ${fluxDuration(MIN_POLL_INTERVAL)}, the shortest interval Flux polls a Git host or a registry at here: each poll lists the remote, and rate limits would stop them all`,
      'Use Duration.minutes(1) or more; to react to a push at once, trigger with a webhook');
  }
  return checkedFluxDuration(scope, field, d);
}
