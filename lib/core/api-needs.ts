import { IConstruct } from 'constructs';

const NEEDS = Symbol.for('push-delivery.neededApiGroups');

/**
 * Declares that `scope` (e.g. a controller's Deployment) needs the cluster to serve the API groups `groups()`
 * returns, beyond the group of its own kind: a controller that watches CRDs fails without them. The `Platform`
 * installs the components that serve them and reports a component declared absent. `groups` is called at
 * synthesis, when the tree is complete.
 */
export function needsApiGroups(scope: IConstruct, groups: () => readonly string[]): void {
  Object.defineProperty(scope, NEEDS, { value: groups, configurable: true });
}

/** The API groups `scope` declared with {@link needsApiGroups}; none when it declared nothing. */
export function neededApiGroups(scope: IConstruct): readonly string[] {
  const groups = (scope as any)[NEEDS] as (() => readonly string[]) | undefined;
  return groups ? groups() : [];
}
