import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { problem } from '../core/errors';

/**
 * Checks that no other object of `kind` in the whole app has `name` (tekton-lint sees all output at once and
 * ignores namespaces: `no-duplicate-resource`) and that nobody set `metadata.resourceVersion` on it.
 */
export function checkUniqueObject(self: IConstruct, kind: string, name: string | undefined, resource: ApiObject): string[] {
  const out: string[] = [];
  if (name !== undefined) {
    const first = self.node.root.node.findAll()
      .find(c => c instanceof ApiObject && c.kind === kind && c.toJson().metadata?.name === name);
    if (first && first !== resource) {
      out.push(problem('metadata.name', name, `is also the name of the ${kind} at ${first.node.scope?.node.path}`,
        `Give each ${kind} in the app its own name: the output is linted as one set of files (tekton-lint's no-duplicate-resource)`));
    }
  }
  const metadata = resource.toJson().metadata ?? {};
  if (metadata.resourceVersion !== undefined) {
    out.push(problem('metadata.resourceVersion', metadata.resourceVersion, 'is set, but the API server owns it and a committed value makes applies conflict',
      'Remove it (tekton-lint\'s no-resourceversion)'));
  }
  return out;
}
