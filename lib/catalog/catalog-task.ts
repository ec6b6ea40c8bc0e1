import * as kplus from 'cdk8s-plus-27';
import { ParamOptions } from '../tekton/params';
import { TaskResultOptions } from '../tekton/results';
import { TaskProps } from '../tekton/task';
import { TaskWorkspaceOptions } from '../tekton/workspaces';
import { StepScript } from './scripts/step-script';

/** What every catalog Task takes. */
export interface CatalogTaskProps {
  /** `metadata.name`: a DNS-1123 label starting with a letter. @default - the Task's conventional name, e.g. `git-clone` */
  readonly name?: string;
  /**
   * The step's image, with a tag or digest (`:latest` and bare names are refused). Replace it to pin a digest
   * or use a mirror; the script needs what the default image has.
   * @default - the image the script is written and tested for
   */
  readonly image?: string;
  /** CPU, memory and ephemeral storage requests and limits of the step. @default - none */
  readonly computeResources?: kplus.ContainerResources;
  /** Labels of the Task object. @default - the chart's */
  readonly labels?: { [key: string]: string };
  /** Annotations of the Task object. @default - none */
  readonly annotations?: { [key: string]: string };
}

/** How a catalog Task turns its step script into Task props. */
export interface ScriptTaskOptions {
  /** The Task's conventional name. */
  readonly name: string;
  /** What the Task does. */
  readonly description: string;
  /** The step's name. */
  readonly step: string;
  /** Param defaults that replace the script's (already checked by the caller). */
  readonly defaults?: { readonly [param: string]: string };
}

/**
 * The props of a Task with `script` as its one step: exactly the params, workspaces and results the script
 * declares, and the step's environment that carries them into the script.
 */
export function scriptTaskProps(script: StepScript, props: CatalogTaskProps, o: ScriptTaskOptions): TaskProps {
  const params: { [name: string]: ParamOptions } = {};
  for (const p of script.params) {
    const value = o.defaults?.[p.name] ?? p.default;
    params[p.name] = { description: p.description, ...(value !== undefined ? { default: value } : {}) };
  }
  const workspaces: { [name: string]: TaskWorkspaceOptions } = {};
  for (const w of script.workspaces) {
    workspaces[w.name] = { description: w.description, ...(w.optional ? { optional: true } : {}), ...(w.readOnly ? { readOnly: true } : {}) };
  }
  const results: { [name: string]: TaskResultOptions } = {};
  for (const r of script.results) results[r.name] = { description: r.description };
  return {
    name: props.name ?? o.name,
    description: o.description,
    ...(props.labels ? { labels: props.labels } : {}),
    ...(props.annotations ? { annotations: props.annotations } : {}),
    params,
    workspaces,
    results,
    steps: [{
      name: o.step,
      image: props.image ?? script.image,
      env: { ...script.env },
      ...(props.computeResources ? { computeResources: props.computeResources } : {}),
      script: script.script,
    }],
  };
}
