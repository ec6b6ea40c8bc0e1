import { ApiObject } from 'cdk8s';
import { neededApiGroups } from '../core/api-needs';
import { apiGroup } from '../core/kinds';
import { ComponentName } from './releases';

/**
 * The components each component cannot run without, so installing one installs these too:
 * - Tekton Triggers creates the PipelineRuns of its TriggerTemplates, and the Pruner deletes PipelineRuns: both
 *   need Tekton Pipelines' kinds (tektoncd/triggers `docs/install.md`, "Tekton Pipelines" as a prerequisite;
 *   tektoncd/pruner README).
 * - The pipeline-trigger-operator watches Flux GitRepositories and ImagePolicies and owns PipelineRuns
 *   (jquad-group/pipeline-trigger-operator `internal/controller/pipelinetrigger_controller.go` @v0.5.0,
 *   `SetupWithManager`; its README lists Flux as a prerequisite): controller-runtime does not start a watch of a
 *   kind that is not served.
 */
export const COMPONENT_NEEDS: { readonly [c in ComponentName]: readonly ComponentName[] } = {
  [ComponentName.TEKTON_PIPELINES]: [],
  [ComponentName.TEKTON_PRUNER]: [ComponentName.TEKTON_PIPELINES],
  [ComponentName.TEKTON_TRIGGERS]: [ComponentName.TEKTON_PIPELINES],
  [ComponentName.KPACK]: [],
  [ComponentName.FLUX]: [],
  [ComponentName.PIPELINE_TRIGGER_OPERATOR]: [ComponentName.TEKTON_PIPELINES, ComponentName.FLUX],
  [ComponentName.KPUSH]: [],
};

/** What needs one component: descriptions such as `GitRepository shop/flux/shop`, in tree order. */
export type Needs = Map<ComponentName, string[]>;

/**
 * What in `objects` needs which component: every object whose API group a component serves (`componentOf`),
 * and every group an object declared it needs (a controller's watched kinds, `needsApiGroups`). PipelineRuns
 * need the Pruner too, which bounds their history. `installed` components add their dependencies
 * ({@link COMPONENT_NEEDS}), transitively.
 */
export function findNeeds(objects: readonly ApiObject[], componentOf: (group: string) => ComponentName | undefined, installed: readonly ComponentName[]): Needs {
  // A Set per component keeps the order of first use and finds a repeated description without a scan.
  const found = new Map<ComponentName, Set<string>>();
  const add = (component: ComponentName, by: string) => {
    const set = found.get(component);
    if (!set) found.set(component, new Set([by])); else set.add(by);
  };
  for (const obj of objects) {
    const what = `${obj.kind} ${(obj.node.scope ?? obj).node.path}`;
    const own = componentOf(apiGroup(obj.apiVersion));
    if (own) add(own, what);
    // Tekton Pipelines prunes no PipelineRun itself (nothing in v1.15.0's docs/ or config/ does).
    if (own === ComponentName.TEKTON_PIPELINES) add(ComponentName.TEKTON_PRUNER, what);
    for (const group of neededApiGroups(obj)) {
      const component = componentOf(group);
      if (component) add(component, `${what} (watches ${group})`);
    }
  }
  const queue = [...new Set([...installed, ...found.keys()])];
  while (queue.length > 0) {
    const component = queue.shift()!;
    for (const dependency of COMPONENT_NEEDS[component]) {
      const first = !found.has(dependency);
      add(dependency, `the ${component} component`);
      if (first) queue.push(dependency);
    }
  }
  return new Map([...found].map(([component, by]) => [component, [...by]]));
}
