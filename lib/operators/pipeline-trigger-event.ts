/** The kinds of Flux object a PipelineTrigger can watch. */
export type TriggerSourceKind = 'GitRepository' | 'ImagePolicy';

/** Which fields of the latest event the operator reports per source kind (`status.<kind>.details`). */
const FIELDS: { readonly [field: string]: readonly TriggerSourceKind[] } = {
  branchName: ['GitRepository'],
  commitId: ['GitRepository'],
  repositoryName: ['GitRepository', 'ImagePolicy'],
  imageName: ['ImagePolicy'],
  imageVersion: ['ImagePolicy'],
};

/** The placeholders of the v0.1.x operator: it splits the GitRepository revision `<branch>/<commit>`. */
const V0_1_PLACEHOLDERS: { readonly [field: string]: string } = {
  branchName: '$(branch)',
  commitId: '$(commit)',
};

/** The fields a source kind's events have, e.g. `['branchName', 'commitId', 'repositoryName']`. */
export function eventFieldsOf(kind: TriggerSourceKind): string[] {
  return Object.keys(FIELDS).filter(f => FIELDS[f].includes(kind)).sort();
}

/** The source kinds whose events have `field`; empty when no kind has it. */
export function kindsWithField(field: string): readonly TriggerSourceKind[] {
  return FIELDS[field] ?? [];
}

/**
 * A PipelineRun param value read from the event that started the run. The current operator (v0.5.0+)
 * evaluates a param value `$.<field>` as a JSONPath into the source's latest event; the v0.1.x operator only
 * replaces `$(branch)` and `$(commit)` for a GitRepository. A field the source kind does not report is an error.
 *
 * @example
 * params: { 'commit-id': TriggerEvent.commitId(), 'branch-name': TriggerEvent.branchName() }
 */
export class TriggerEvent {
  /** GitRepository: the commit SHA of the latest revision. */
  public static commitId(): TriggerEvent {
    return new TriggerEvent('commitId');
  }

  /** GitRepository: the branch of the latest revision (not `$.branchId`, which the operator's README names wrongly). */
  public static branchName(): TriggerEvent {
    return new TriggerEvent('branchName');
  }

  /** GitRepository and ImagePolicy: the source object's name. */
  public static repositoryName(): TriggerEvent {
    return new TriggerEvent('repositoryName');
  }

  /** ImagePolicy: the latest image's repository, e.g. `ghcr.io/org/app`. */
  public static imageName(): TriggerEvent {
    return new TriggerEvent('imageName');
  }

  /** ImagePolicy: the latest image's tag, e.g. `1.4.2`. */
  public static imageVersion(): TriggerEvent {
    return new TriggerEvent('imageVersion');
  }

  private constructor(
    /** The event field, e.g. `commitId`. */
    public readonly field: string,
  ) {}

  /** `$.<field>`, the JSONPath the current operator evaluates. */
  public get jsonPath(): string {
    return `$.${this.field}`;
  }

  /** The v0.1.x placeholder for a GitRepository source, or undefined when v0.1.x has none for this field. */
  public get v01Placeholder(): string | undefined {
    return V0_1_PLACEHOLDERS[this.field];
  }

  /** Shown in messages: `TriggerEvent.commitId()`. */
  public toString(): string {
    return `TriggerEvent.${this.field}()`;
  }
}
