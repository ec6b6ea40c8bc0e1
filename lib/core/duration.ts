import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { describeValue } from './guards';

/** How {@link formatGoDuration} writes a duration. */
export interface GoDurationOptions {
  /**
   * Write it as Go's `time.Duration.String()` does, in whole seconds with every unit below the largest one
   * (`5m0s`, `1h0m0s`, `0s`), for tools that print durations back that way (Tekton). Otherwise only the
   * non-zero units are written, down to milliseconds (`5m`, `1s500ms`), and the duration must be positive.
   * @default false
   */
  readonly allUnits?: boolean;

  /**
   * Whether the `h` unit may be used; without it, hours are written as minutes (`120m`), for fields whose
   * pattern has no `h` (Flux's `timeout` fields).
   * @default true
   */
  readonly allowHours?: boolean;
}

const UNITS: ReadonlyArray<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/**
 * A cdk8s `Duration` as text Go's `time.ParseDuration` reads, which is what Tekton, Flux, Argo CD and the
 * pipeline-trigger-operator parse their duration fields with: the units from the largest to the smallest.
 * Throws on a duration that is not positive unless `allUnits` is set (where `0s` is Tekton's "no timeout").
 *
 * @example
 * formatGoDuration(Duration.minutes(90))                     // '1h30m'
 * formatGoDuration(Duration.minutes(5), { allUnits: true })  // '5m0s'
 * formatGoDuration(Duration.hours(2), { allowHours: false }) // '120m'
 */
export function formatGoDuration(d: Duration, options: GoDurationOptions = {}): string {
  // Go's String() form is whole seconds here; toSeconds() refuses a fraction of a second.
  let ms = options.allUnits ? Math.round(d.toSeconds()) * 1000 : Math.round(d.toMilliseconds());
  if (!options.allUnits && ms <= 0) throw new Error(`duration ${ms}ms is not positive`);
  let out = '';
  for (const [unit, size] of UNITS) {
    if (unit === 'h' && options.allowHours === false) continue;
    if (unit === 'ms' && options.allUnits) break;
    const n = Math.floor(ms / size);
    ms -= n * size;
    if (n > 0 || (options.allUnits && (out !== '' || unit === 's'))) out += `${n}${unit}`;
  }
  return out;
}

/**
 * The length of `d` in milliseconds, after checking that it is a cdk8s `Duration` of a finite length: a
 * JavaScript caller can pass a number, and `Duration.minutes(NaN)` is made without complaint but fails deep
 * in cdk8s when it is converted. Throws in the library's format.
 */
export function checkedMillis(scope: IConstruct, field: string, d: unknown): number {
  if (!(d instanceof Duration)) fail(scope, field, d, `is ${describeValue(d)}, not a Duration`, 'Give a cdk8s Duration, e.g. Duration.minutes(5)');
  const ms = d.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms)) fail(scope, field, `${ms}ms`, 'is not a finite duration', 'Give a Duration of a number, e.g. Duration.minutes(5)');
  return ms;
}
