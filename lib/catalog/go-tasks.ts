import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

/** Props both Go Tasks take besides {@link CatalogTaskProps}: the defaults of their params. */
export interface GoTaskDefaults {
  /** The default of the param `packages`: package patterns separated by spaces. @default './...' */
  readonly packages?: string;
  /** The default of the param `flags`: the tool's flags separated by spaces. @default - the Task's own */
  readonly flags?: string;
}

/** The param defaults a Go Task's props give; `packages` must name at least one pattern. */
export function goDefaults(props: GoTaskDefaults): { [param: string]: string } {
  return {
    ...(props.packages !== undefined ? { packages: props.packages } : {}),
    ...(props.flags !== undefined ? { flags: props.flags } : {}),
  };
}

/** Throws when `packages` is given but names no package. */
export function checkGoDefaults(scope: IConstruct, props: GoTaskDefaults): void {
  if (props.packages !== undefined && props.packages.trim() === '') {
    fail(scope, 'packages', props.packages, 'names no package', 'Pass package patterns separated by spaces, e.g. ./... or ./cmd/... ./internal/...');
  }
}
