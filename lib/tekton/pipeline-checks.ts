import { problem } from '../core/errors';
import { ParamType, PipelineTaskSpec } from './api';
import { checkTree, variablesIn } from './expressions';
import { lintMisreadings } from './lint-notes';
import { isKebab } from './names';
import { article, Param } from './params';
import { pipelineScope, PipelineModel, PipelineUsage, substitutedType } from './pipeline-scope';
import { PipelineParamValue, PipelineTask, PipelineTaskResult, renderValue } from './pipeline-task';
import { TaskDefinition } from './task-definition';

/** A result of a Pipeline, as declared. */
export interface PipelineResultDeclaration {
  readonly name: string;
  readonly value: PipelineParamValue;
  readonly type?: ParamType;
}

/** Everything the Pipeline checks look at. */
export interface PipelineCheckInput extends PipelineModel {
  readonly results: readonly PipelineResultDeclaration[];
  /** The Pipeline object's namespace, when it has one. */
  readonly namespace?: string;
}

/** What the checks found: problems stop synthesis, warnings do not. */
export interface PipelineCheckOutcome {
  readonly problems: string[];
  readonly warnings: string[];
}

/**
 * Checks a Pipeline the way Tekton would when a run starts, and the way tekton-lint reads its output: task
 * wiring (params, workspaces, results, runAfter), every `$(...)`, the order of tasks (no cycles), and results.
 */
export function checkPipeline(m: PipelineCheckInput): PipelineCheckOutcome {
  const problems: string[] = [];
  const warnings: string[] = [];
  const usage: PipelineUsage = { params: new Set(), workspaces: new Set(), deps: new Map(), resultRefs: 0 };
  if (m.tasks.length === 0) problems.push(problem('spec.tasks', [], 'is empty: a Pipeline needs at least one task', 'Add one with addTask(name, task)'));
  for (const pt of [...m.tasks, ...m.finally]) problems.push(...checkTask(m, pt, usage, warnings));
  problems.push(...checkCycles(m, usage));
  problems.push(...checkResults(m, usage));
  for (const name of m.params.keys()) {
    if (!usage.params.has(name)) warnings.push(problem('spec.params', name, 'is declared but no task uses it (tekton-lint\'s no-unused-param)', 'Pass it to a task, or remove it'));
  }
  for (const name of m.workspaces.keys()) {
    if (!usage.workspaces.has(name)) warnings.push(problem('spec.workspaces', name, 'is declared but no task uses it', 'Bind it to a task\'s workspace, or remove it'));
  }
  warnings.push(...kebabWarnings('spec.tasks', m.tasks.map(t => t.toSpec())), ...kebabWarnings('spec.finally', m.finally.map(t => t.toSpec())));
  for (const pt of [...m.tasks, ...m.finally]) {
    // An embedded Task's own references are noted by the InlineTask itself.
    const { taskSpec: _embedded, ...own } = pt.toSpec();
    warnings.push(...lintMisreadings(own, pt.field));
  }
  for (const r of m.results) warnings.push(...lintMisreadings(renderValue(r.value), `spec.results[${r.name}]`));
  return { problems, warnings };
}

function checkTask(m: PipelineCheckInput, pt: PipelineTask, usage: PipelineUsage, warnings: string[]): string[] {
  const out: string[] = [];
  const task = pt.task;
  const f = pt.field;
  if (task.namespace && m.namespace && task.namespace !== m.namespace) {
    out.push(problem(`${f}.taskRef`, task.taskDescription, `is in namespace '${task.namespace}', but a run of ${m.owner} looks Tasks up in '${m.namespace}'`,
      'Create the Task in the Pipeline\'s namespace (a FolderChart of that namespace; apps that share Tasks can share one CI namespace, AppDelivery namespaces.ci)'));
  }
  if (!(task instanceof TaskDefinition)) {
    warnings.push(problem(`${f}.taskRef`, task.taskDescription, 'is not part of this app, so tekton-lint reports it (no-missing-resource) and only what Task.fromName declares is checked',
      'Define the Task with new Task(...) in this app if the output must be lint-clean'));
  }
  for (const r of pt.runAfter) {
    if (r.pipeline !== m.construct) out.push(problem(`${f}.runAfter`, r.name, `is a task of another Pipeline (${r.pipeline.node.path}) (tekton-lint's no-pipeline-missing-task)`, `Use a task returned by addTask on ${m.owner}`));
    else if (r.isFinally) out.push(problem(`${f}.runAfter`, r.name, 'is a finally task, which runs after all tasks', 'Remove it from runAfter'));
  }
  if (pt.isFinally && pt.runAfter.length) {
    out.push(problem(`${f}.runAfter`, pt.runAfter.map(r => r.name), 'is set on a finally task, which Tekton rejects: finally tasks run after all tasks', 'Remove runAfter'));
  }
  const scope = pipelineScope(m, { current: pt }, usage);
  for (const [name, value] of pt.params) {
    const field = `${f}.params[${name}]`;
    const foreign = foreignHandle(m, value);
    if (foreign) {
      out.push(problem(field, (value as { ref: string }).ref, foreign, `Pass a param of ${m.owner} (pipeline.addParam) or a result of one of its tasks`));
      continue;
    }
    const rendered = renderValue(value);
    out.push(...checkTree(rendered, field, scope));
    out.push(...checkAgainstTaskParam(m, pt, name, rendered));
  }
  for (const p of task.params ?? []) {
    if (p.required && !pt.params.has(p.name)) {
      out.push(problem(`${f}.params`, p.name, `is required by ${task.taskDescription} (it has no default) but not passed (tekton-lint's no-missing-param)`, `Pass it: params: { '${p.name}': ... }`));
    }
  }
  for (const [name, binding] of pt.workspaceBindings) {
    const field = `${f}.workspaces[${name}]`;
    const ws = binding.workspace;
    if (ws.owner !== m.construct) {
      out.push(problem(field, ws.name, `is a workspace of another Pipeline (${ws.owner.node.path}) (tekton-lint's no-missing-workspace)`, `Bind a workspace of ${m.owner} (pipeline.addWorkspace)`));
      continue;
    }
    usage.workspaces.add(ws.name);
    const decl = task.workspaces?.find(w => w.name === name);
    if (task.workspaces && !decl) {
      out.push(problem(`${f}.workspaces`, name, `is not a workspace of ${task.taskDescription}`, `Bind one of: ${task.workspaces.map(w => w.name).join(', ') || '(none)'}`));
    } else if (decl && !decl.optional && ws.optional) {
      out.push(problem(field, ws.name, `is optional in ${m.owner} but bound to the required workspace '${name}' of ${task.taskDescription}`, 'Make the Pipeline workspace required, or the Task workspace optional'));
    }
  }
  for (const w of task.workspaces ?? []) {
    if (!w.optional && !pt.workspaceBindings.has(w.name)) {
      out.push(problem(`${f}.workspaces`, w.name, `is required by ${task.taskDescription} but not bound (tekton-lint's no-missing-workspace)`, `Bind it: workspaces: { '${w.name}': pipeline.addWorkspace('...') }`));
    }
  }
  pt.when.forEach((w, i) => out.push(...checkTree(w.toSpec(), `${f}.when[${i}]`, scope)));
  return out;
}

function foreignHandle(m: PipelineModel, value: PipelineParamValue): string | undefined {
  if (value instanceof Param && value.owner !== m.construct) {
    return value.ownerKind === 'Task'
      ? `is a param of a Task (${value.owner.node.path}), which a Pipeline cannot read`
      : `is a param of another Pipeline (${value.owner.node.path}) (tekton-lint's no-undefined-param)`;
  }
  if (value instanceof PipelineTaskResult && value.pipelineTask.pipeline !== m.construct) {
    return `is a result of a task of another Pipeline (${value.pipelineTask.pipeline.node.path})`;
  }
  return undefined;
}

function checkAgainstTaskParam(m: PipelineModel, pt: PipelineTask, name: string, value: string | string[] | { [key: string]: string }): string[] {
  const task = pt.task;
  if (!task.params) return [];
  const field = `${pt.field}.params[${name}]`;
  const decl = task.params.find(p => p.name === name);
  if (!decl) {
    return [problem(`${pt.field}.params`, name, `is not a param of ${task.taskDescription} (tekton-lint's no-extra-param)`, `Pass one of: ${task.params.map(p => p.name).join(', ') || '(none)'}`)];
  }
  const type = substitutedType(m, value);
  if (type !== decl.type) {
    return [problem(field, value, `is ${article(type)} but ${task.taskDescription} declares '${name}' as ${article(decl.type)}`, `Pass ${article(decl.type)} value`)];
  }
  if (decl.enum && typeof value === 'string') {
    const vars = variablesIn(value);
    if (vars.length === 0 && !decl.enum.includes(value)) {
      return [problem(field, value, `is not one of the values ${task.taskDescription} allows`, `Use one of: ${decl.enum.join(', ')}`)];
    }
    const p = vars.length === 1 && vars[0].text === value && vars[0].path[0] === 'params' ? m.params.get(vars[0].path[1]) : undefined;
    const extra = p?.enum?.filter(e => !decl.enum!.includes(e)) ?? [];
    if (extra.length) {
      return [problem(field, value, `may be ${extra.join(', ')}, which ${task.taskDescription} does not allow for '${name}'`, `Limit the Pipeline param's enum to: ${decl.enum.join(', ')}`)];
    }
  }
  if (decl.type === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    const missing = (decl.properties ?? []).filter(k => !(k in value));
    if (missing.length) return [problem(field, value, `lacks the keys ${missing.join(', ')} that ${task.taskDescription} declares`, 'Give a value for every key')];
  }
  return [];
}

function checkCycles(m: PipelineModel, usage: PipelineUsage): string[] {
  const deps = new Map<PipelineTask, PipelineTask[]>();
  for (const t of m.tasks) {
    const own = t.runAfter.filter(r => r.pipeline === m.construct && !r.isFinally);
    deps.set(t, [...new Set([...own, ...(usage.deps.get(t) ?? [])])]);
  }
  const out: string[] = [];
  const reported = new Set<PipelineTask>();
  for (const start of m.tasks) {
    if (reported.has(start)) continue;
    const cycle = shortestCycle(start, deps);
    if (!cycle) continue;
    cycle.forEach(t => reported.add(t));
    const names = [...cycle, cycle[0]].map(t => t.name).join(' -> ');
    out.push(problem('spec.tasks', names, 'is a cycle: each task runs after the one before it, so none can start (tekton-lint\'s no-pipeline-task-cycle)',
      'Remove one of these runAfter entries or result references'));
  }
  return out;
}

/** The shortest path from `start` back to itself, following "runs after" edges backwards; in task order. */
function shortestCycle(start: PipelineTask, deps: Map<PipelineTask, PipelineTask[]>): PipelineTask[] | undefined {
  const previous = new Map<PipelineTask, PipelineTask>();
  let frontier = [start];
  while (frontier.length) {
    const next: PipelineTask[] = [];
    for (const t of frontier) {
      for (const d of deps.get(t) ?? []) {
        if (d === start) {
          const path = [t];
          while (path[0] !== start) path.unshift(previous.get(path[0])!);
          // path follows "waits for" edges; reversed it reads in run order, rotated to begin at start.
          const order = path.reverse();
          return [start, ...order.slice(0, -1)];
        }
        if (!previous.has(d)) {
          previous.set(d, t);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

function checkResults(m: PipelineCheckInput, usage: PipelineUsage): string[] {
  const out: string[] = [];
  for (const r of m.results) {
    const field = `spec.results[${r.name}]`;
    const foreign = foreignHandle(m, r.value);
    if (foreign) {
      out.push(problem(field, (r.value as { ref: string }).ref, foreign, 'Use a result of a task of this Pipeline'));
      continue;
    }
    const before = usage.resultRefs;
    const rendered = renderValue(r.value);
    out.push(...checkTree(rendered, field, pipelineScope(m, { inResults: true }, usage)));
    if (usage.resultRefs === before) {
      out.push(problem(field, rendered, 'is not made of task results, which Tekton requires of a Pipeline result', 'Use pipelineTask.result(\'name\')'));
    }
  }
  return out;
}

/** tekton-lint's `prefer-kebab-case`, over rendered pipeline tasks: names, and the param names in `$(params.x)`. */
function kebabWarnings(field: string, tasks: PipelineTaskSpec[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      const last = path[path.length - 1];
      if (last.endsWith('name') && path.some(p => p.startsWith('env['))) return;
      if (last.endsWith('name') && !isKebab(node)) {
        out.push(problem(path.join('.'), node, 'is not kebab-case (tekton-lint\'s prefer-kebab-case)', 'Use lower-case letters, digits and \'-\''));
        return;
      }
      const m = /\$\(params\.(.*?)\)/.exec(node);
      if (m && !isKebab(m[1])) out.push(problem(path.join('.'), node, `refers to the param '${m[1]}', which is not kebab-case (tekton-lint's prefer-kebab-case)`, 'Rename the param in lower-case letters, digits and \'-\''));
    } else if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...path.slice(0, -1), `${path[path.length - 1]}[${childName(child, i)}]`]));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  tasks.forEach(t => walk(t, [`${field}[${t.name}]`]));
  return out;
}

function childName(child: unknown, index: number): string {
  const name = child && typeof child === 'object' ? (child as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : String(index);
}
