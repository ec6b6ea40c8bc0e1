import { IConstruct } from 'constructs';

/**
 * A Flux object that other objects point at by kind and name: a `GitRepository`, `ImageRepository` or
 * `ImagePolicy` construct of this app.
 */
export interface IFluxObject extends IConstruct {
  /** The object's `apiVersion`, e.g. `source.toolkit.fluxcd.io/v1`. */
  readonly apiVersion: string;
  /** The object's `kind`, e.g. `GitRepository`. */
  readonly kind: string;
  /** The object's `metadata.name`. */
  readonly name: string;
  /** The object's `metadata.namespace` (its own or its chart's); undefined when neither sets one. */
  readonly namespace: string | undefined;
}
