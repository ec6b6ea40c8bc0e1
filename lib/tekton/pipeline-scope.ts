import { IConstruct } from 'constructs';
import { ParamType } from './api';
import { ExpressionScope, ExpressionFinding, ExpressionOccurrence, TektonVariable, variablesIn } from './expressions';
import { Param } from './params';
import { PipelineTask } from './pipeline-task';
import { paramUsage } from './task-scope';
import { PipelineWorkspace } from './workspaces';

/** What a Pipeline declares, as the checks of its tasks see it. */
export interface PipelineModel {
  /** The Pipeline construct. */
  readonly construct: IConstruct;
  /** `Pipeline 'build'`, for messages. */
  readonly owner: string;
  readonly params: ReadonlyMap<string, Param>;
  readonly workspaces: ReadonlyMap<string, PipelineWorkspace>;
  readonly tasks: readonly PipelineTask[];
  readonly finally: readonly PipelineTask[];
}

/** Where in a Pipeline a string is: a task's params or `when` (`current`), or the Pipeline's results. */
export interface PipelineSite {
  readonly current?: PipelineTask;
  readonly inResults?: boolean;
}

/** What checking records besides problems: params used, and the tasks whose results a task reads. */
export interface PipelineUsage {
  readonly params: Set<string>;
  /** Workspaces bound to a task or read as `$(workspaces.w.bound)`. */
  readonly workspaces: Set<string>;
  readonly deps: Map<PipelineTask, Set<PipelineTask>>;
  /** How many task result references were read. */
  resultRefs: number;
}

const RUN_CONTEXT: { [kind: string]: string[] } = { pipelineRun: ['name', 'namespace', 'uid'], pipeline: ['name'], pipelineTask: ['retries'] };

/** The variables Tekton substitutes in a Pipeline's task params, `when` expressions and results. */
export function pipelineScope(m: PipelineModel, ctx: PipelineSite, usage: PipelineUsage): ExpressionScope {
  return {
    owner: m.owner,
    roots: ctx.inResults ? ['tasks', 'finally'] : ['params', 'tasks', 'context.pipelineRun', 'workspaces'],
    check: (v, at, isolated) => {
      if (ctx.inResults && v.path[0] !== 'tasks' && v.path[0] !== 'finally') {
        return { whatIsWrong: 'is not a task result; a Pipeline result can only be made of task results', howToFix: 'Use pipelineTask.result(\'name\')' };
      }
      switch (v.path[0]) {
        case 'params': return checkParam(m, usage, v, at, isolated);
        case 'tasks': return checkTasks(m, ctx, usage, v, isolated);
        case 'finally': return checkFinally(m, ctx, usage, v);
        case 'context': return checkContext(v);
        case 'workspaces': return checkWorkspace(m, usage, v);
        case 'results': case 'steps': case 'credentials':
          return { whatIsWrong: `is a Task variable, which ${m.owner} does not substitute`, howToFix: 'Use it inside the Task\'s steps' };
        default: return 'unknown';
      }
    },
  };
}

function checkParam(m: PipelineModel, usage: PipelineUsage, v: TektonVariable, at: ExpressionOccurrence, isolated: boolean): ExpressionFinding | undefined {
  const p = m.params.get(v.path[1] ?? '');
  if (!p) {
    return {
      whatIsWrong: `names a param that ${m.owner} does not declare (tekton-lint's no-undefined-param)`,
      howToFix: `Declare it with pipeline.addParam('${v.path[1] ?? ''}')${m.params.size ? `, or use one of: ${[...m.params.keys()].join(', ')}` : ''}`,
    };
  }
  usage.params.add(p.name);
  return paramUsage(p, v, at, isolated, 'Pipeline');
}

function checkTasks(m: PipelineModel, ctx: PipelineSite, usage: PipelineUsage, v: TektonVariable, isolated: boolean): ExpressionFinding | undefined {
  const inFinally = ctx.current?.isFinally ?? false;
  if (v.path.length === 2 && v.path[1] === 'status') {
    return inFinally ? undefined : { whatIsWrong: 'is only available to finally tasks', howToFix: 'Use it in a task added with addFinally' };
  }
  const name = v.path[1];
  const target = m.tasks.find(t => t.name === name);
  if (!target) {
    const fin = m.finally.find(t => t.name === name);
    return fin
      ? { whatIsWrong: `names the finally task '${name}', whose results and status other tasks cannot read`, howToFix: 'Read finally results only in the Pipeline\'s results, via finallyTask.result(...)' }
      : { whatIsWrong: `names a task that ${m.owner} does not have`, howToFix: `Use one of: ${m.tasks.map(t => t.name).join(', ') || '(none)'}` };
  }
  if (v.path.length === 3 && (v.path[2] === 'status' || v.path[2] === 'reason')) {
    return inFinally ? undefined : { whatIsWrong: `is only available to finally tasks`, howToFix: 'Read it in a task added with addFinally' };
  }
  if (v.path[2] !== 'results' || v.path.length < 4 || v.path.length > 5) {
    return { whatIsWrong: 'is not a task variable', howToFix: `Use $(tasks.${name}.results.<result>)${inFinally ? ` or $(tasks.${name}.status)` : ''}` };
  }
  usage.resultRefs++;
  if (ctx.current === target) return { whatIsWrong: 'reads a result of the task itself', howToFix: 'Read results of other tasks only' };
  if (ctx.current && !ctx.current.isFinally) {
    const deps = usage.deps.get(ctx.current) ?? new Set<PipelineTask>();
    deps.add(target);
    usage.deps.set(ctx.current, deps);
  }
  return resultUsage(target, v, isolated);
}

function checkFinally(m: PipelineModel, ctx: PipelineSite, usage: PipelineUsage, v: TektonVariable): ExpressionFinding | undefined {
  if (!ctx.inResults) return { whatIsWrong: 'is only available to the Pipeline\'s results', howToFix: 'Read finally results in pipeline.addResult(...) only' };
  const target = m.finally.find(t => t.name === v.path[1]);
  if (!target || v.path[2] !== 'results' || v.path.length < 4) {
    return { whatIsWrong: `does not name a result of a finally task of ${m.owner}`, howToFix: `Use finallyTask.result('name') with one of: ${m.finally.map(t => t.name).join(', ') || '(none)'}` };
  }
  usage.resultRefs++;
  return resultUsage(target, v, true);
}

function resultUsage(target: PipelineTask, v: TektonVariable, isolated: boolean): ExpressionFinding | undefined {
  const resultName = v.path[3];
  const results = target.task.results;
  if (!results) return undefined;
  const r = results.find(x => x.name === resultName);
  if (!r) {
    return {
      whatIsWrong: `names a result that ${target.task.taskDescription} (task '${target.name}') does not declare (tekton-lint's no-undefined-result)`,
      howToFix: `Declare it on the Task with addResult('${resultName}')${results.length ? `, or use one of: ${results.map(x => x.name).join(', ')}` : ''}`,
    };
  }
  const key = v.path[4];
  if (r.type === 'string') {
    return key === undefined && v.selector === undefined ? undefined
      : { whatIsWrong: `treats the string result '${r.name}' as ${key ? 'an object' : 'an array'}`, howToFix: `Use ${target.result(r.name).ref}` };
  }
  if (r.type === 'array') {
    if (key === undefined && (typeof v.selector === 'number' || (v.selector === '*' && isolated))) return undefined;
    return { whatIsWrong: `uses the array result '${r.name}' ${v.selector === '*' ? 'inside a longer string' : 'as a string'}`, howToFix: `Pass ${target.result(r.name).all.ref} as the whole value, or one item with .item(0)` };
  }
  if (key !== undefined ? (r.properties ?? []).includes(key) && v.selector === undefined : v.selector === '*' && isolated) return undefined;
  return { whatIsWrong: `does not read a declared key of the object result '${r.name}'`, howToFix: `Use one of: ${(r.properties ?? []).map(k => target.result(r.name).key(k).ref).join(', ')}` };
}

function checkContext(v: TektonVariable): ExpressionFinding | undefined {
  const [, kind, field] = v.path;
  if (v.path.length === 3 && v.selector === undefined && RUN_CONTEXT[kind]?.includes(field)) return undefined;
  if (kind === 'taskRun' || kind === 'task') {
    return { whatIsWrong: 'is a Task context variable, not substituted in a Pipeline', howToFix: 'Use it inside the Task\'s steps' };
  }
  return { whatIsWrong: 'is not a Pipeline context variable', howToFix: 'Use $(context.pipelineRun.name|namespace|uid), $(context.pipeline.name) or $(context.pipelineTask.retries)' };
}

function checkWorkspace(m: PipelineModel, usage: PipelineUsage, v: TektonVariable): ExpressionFinding | undefined {
  const [, name, field] = v.path;
  if (v.path.length !== 3 || field !== 'bound') return { whatIsWrong: 'is not a Pipeline workspace variable', howToFix: 'Use $(workspaces.<name>.bound), e.g. pipelineWorkspace.bound' };
  if (m.workspaces.has(name)) {
    usage.workspaces.add(name);
    return undefined;
  }
  return { whatIsWrong: `names a workspace that ${m.owner} does not declare`, howToFix: `Declare it with pipeline.addWorkspace('${name}')` };
}

/**
 * The type a param value has once substituted: a string, unless the whole string is a `[*]` reference to an
 * array or object param or result (Tekton then passes the whole array or object).
 */
export function substitutedType(m: PipelineModel, value: string | string[] | { [key: string]: string }): ParamType {
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'string') return 'object';
  const vars = variablesIn(value);
  if (vars.length !== 1 || vars[0].text !== value || vars[0].selector !== '*') return 'string';
  const v = vars[0];
  if (v.path[0] === 'params' && v.path.length === 2) return m.params.get(v.path[1])?.type ?? 'string';
  if (v.path[0] === 'tasks' && v.path[2] === 'results' && v.path.length === 4) {
    const t = m.tasks.find(x => x.name === v.path[1]);
    return t?.task.results?.find(r => r.name === v.path[3])?.type ?? 'string';
  }
  return 'string';
}
