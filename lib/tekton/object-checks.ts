import { ApiObject } from 'cdk8s';
import { problem } from '../core/errors';
import { TreeIndex } from '../core/tree-index';

/**
 * Checks that nobody set `metadata.resourceVersion` on a Tekton object (tekton-lint's `no-resourceversion`).
 * Unique names (`no-duplicate-resource`) are checked for every object of the output by its FolderChart.
 */
export function checkObjectMetadata(resource: ApiObject): string[] {
  const metadata = TreeIndex.of(resource).json(resource).metadata ?? {};
  if (metadata.resourceVersion === undefined) return [];
  return [problem('metadata.resourceVersion', metadata.resourceVersion, 'is set, but the API server owns it and a committed value makes applies conflict',
    'Remove it (tekton-lint\'s no-resourceversion)')];
}
