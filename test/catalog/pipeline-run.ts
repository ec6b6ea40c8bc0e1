import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/git-fixtures';
import { StepRun, TaskRunInputs } from './task-run';

/**
 * Runs a synthesized Pipeline the way a PipelineRun would, one Task at a time: a Task starts once the Tasks of
 * its `runAfter` and those whose results it reads have succeeded; the first failure stops the run, so no later
 * Task starts (as Tekton starts no new Task of a failed PipelineRun). Params are the Pipeline's (given, else
 * their defaults) and the results of earlier Tasks, substituted as text; each workspace binding is the
 * PipelineRun's folder plus the binding's `subPath`, made when missing.
 */

/** How a test runs one Task of the Pipeline (its only step), e.g. with the real tools of its image. */
export type TaskRunner = (pipelineTask: string, task: any, step: string, run: TaskRunInputs) => Promise<StepRun>;

/** What a PipelineRun gives the Pipeline. */
export interface PipelineRunInputs {
  readonly params: { readonly [name: string]: string };
  /** The folder each Pipeline workspace is bound to. */
  readonly workspaces: { readonly [name: string]: string };
  /** Called after each Task that succeeded, before the next one starts. */
  readonly afterTask?: (name: string, results: { [name: string]: string }) => void | Promise<void>;
}

/** One Task's run. */
export interface PipelineTaskRun extends StepRun {
  readonly name: string;
  readonly results: { [name: string]: string };
}

/** How the PipelineRun ended. */
export interface PipelineRunOutcome {
  /** The Tasks that ran, in order. */
  readonly taskRuns: PipelineTaskRun[];
  /** The Task that failed, if one did. */
  readonly failed?: string;
  /** The Pipeline's results, when every Task succeeded. */
  readonly results: { [name: string]: string };
}

const PARAM = /\$\(params\.([a-z0-9-]+)\)/g;
const RESULT = /\$\(tasks\.([a-z0-9-]+)\.results\.([a-z0-9-]+)\)/g;

/** Runs `pipeline` with the Task objects `tasks` (by name). */
export async function runPipeline(pipeline: any, tasks: Map<string, any>, inputs: PipelineRunInputs, runner: TaskRunner): Promise<PipelineRunOutcome> {
  const params: { [name: string]: string } = {};
  for (const p of pipeline.spec.params ?? []) {
    const value = inputs.params[p.name] ?? p.default;
    if (typeof value !== 'string') throw new Error(`Pipeline ${pipeline.metadata.name}: param ${p.name} is required`);
    params[p.name] = value;
  }
  const results = new Map<string, { [name: string]: string }>();
  const substitute = (text: string) => text
    .replace(PARAM, (ref, name) => params[name] ?? unresolved(ref))
    .replace(RESULT, (ref, task, result) => results.get(task)?.[result] ?? unresolved(ref));
  const pending: any[] = [...pipeline.spec.tasks];
  const taskRuns: PipelineTaskRun[] = [];
  const scratch = tempDir('pipeline-results-');
  try {
    while (pending.length > 0) {
      const next = pending.findIndex(pt => needs(pt).every(n => results.has(n)));
      if (next < 0) throw new Error(`Pipeline ${pipeline.metadata.name}: no Task can start: ${pending.map(pt => pt.name).join(', ')}`);
      const [pt] = pending.splice(next, 1);
      const task = tasks.get(pt.taskRef?.name) ?? unresolved(`Task ${pt.taskRef?.name} of ${pt.name}`);
      const steps = task.spec.steps ?? [];
      if (steps.length !== 1) throw new Error(`Task ${task.metadata.name} has ${steps.length} steps; the runner runs Tasks of one step`);
      const workspaces: { [name: string]: string } = {};
      for (const w of pt.workspaces ?? []) {
        const dir = path.join(inputs.workspaces[w.workspace] ?? unresolved(`workspace ${w.workspace}`), w.subPath ?? '');
        fs.mkdirSync(dir, { recursive: true });
        workspaces[w.name] = dir;
      }
      const resultFiles = Object.fromEntries((task.spec.results ?? []).map((r: any) => [r.name, path.join(scratch, `${pt.name}.${r.name}`)]));
      const run = await runner(pt.name, task, steps[0].name, {
        params: Object.fromEntries((pt.params ?? []).map((p: any) => [p.name, substitute(p.value)])),
        workspaces,
        results: resultFiles,
      });
      const taskResults = Object.fromEntries(Object.entries(resultFiles)
        .filter(([, file]) => fs.existsSync(file)).map(([name, file]) => [name, fs.readFileSync(file, 'utf8')]));
      taskRuns.push({ ...run, name: pt.name, results: taskResults });
      if (run.status !== 0) return { taskRuns, failed: pt.name, results: {} };
      results.set(pt.name, taskResults);
      await inputs.afterTask?.(pt.name, taskResults);
    }
    return { taskRuns, results: Object.fromEntries((pipeline.spec.results ?? []).map((r: any) => [r.name, substitute(r.value)])) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The Tasks a Pipeline Task waits for: its `runAfter` and those whose results its params read. */
function needs(pt: any): string[] {
  const fromResults = (pt.params ?? []).flatMap((p: any) => [...String(p.value).matchAll(RESULT)].map(m => m[1]));
  return [...new Set([...(pt.runAfter ?? []), ...fromResults])];
}

function unresolved(what: string): never {
  throw new Error(`unresolved ${what}`);
}
