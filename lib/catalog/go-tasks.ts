import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { Param } from '../tekton/params';
import { Task, TaskProps } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { BUILD_STEP_RESOURCES, CatalogTaskProps, scriptTaskProps, TaskSite } from './catalog-task';
import { StepScript } from './scripts/step-script';

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

/** What distinguishes the two Go Tasks. */
export interface GoModuleTaskOptions {
  /** The Task's conventional name, its default outside an app. */
  readonly name: string;
  /** The Task's description. */
  readonly description: string;
  /** The step's name. */
  readonly step: string;
}

/** The props of the Go Task that runs `script`: its params' defaults from `props`, and a build step's resources. */
export function goTaskProps(at: TaskSite, script: StepScript, props: CatalogTaskProps & GoTaskDefaults, options: GoModuleTaskOptions): TaskProps {
  return scriptTaskProps(at, script, props, { ...options, defaults: goDefaults(props), computeResources: BUILD_STEP_RESOURCES });
}

/**
 * A Task that runs one Go tool over the module in the workspace `source`, with the params `packages` and
 * `flags`: the shape {@link GoLintTask} and {@link GoTestTask} share.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 */
export abstract class GoModuleTask extends Task {
  /** The package patterns to check. */
  public readonly packages: Param;
  /** The tool's flags. */
  public readonly flags: Param;
  /** The Go module, `go.mod` at its top. */
  public readonly source: TaskWorkspace;

  /**
   * @param props the Task's props, as `goTaskProps` makes them from a step script
   * @param defaults the param defaults the caller gave, checked here
   */
  protected constructor(scope: Construct, id: string, props: TaskProps, defaults: GoTaskDefaults) {
    super(scope, id, props);
    checkGoDefaults(this, defaults);
    this.packages = this.param('packages');
    this.flags = this.param('flags');
    this.source = this.workspace('source');
  }
}
