import { IConstruct } from 'constructs';

const WARNING = 'push-delivery:warning';

/**
 * Warnings are problems that do not stop synthesis (an unused param, a committed PipelineRun).
 * They are kept as construct metadata and printed by {@link OpsApp.synth}; tests read them with
 * {@link Warnings.collect}.
 */
export class Warnings {
  /** Records a warning on `scope`, in the same `<field> '<value>' <what>. <fix>` form as errors. */
  public static add(scope: IConstruct, message: string): void {
    scope.node.addMetadata(WARNING, message);
  }

  /** Every warning recorded in the tree under `root`, as `<construct path>: <message>`, in tree order. */
  public static collect(root: IConstruct): string[] {
    // A check that runs during validation may record the same warning on every synth: keep one.
    const out = new Set<string>();
    for (const c of root.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type === WARNING) out.add(`${c.node.path}: ${entry.data}`);
      }
    }
    return [...out];
  }
}
