import { ExpressionScope, ExpressionFinding, ExpressionOccurrence, TektonVariable } from './expressions';
import { Param } from './params';
import { TaskResult } from './results';
import { TaskWorkspace } from './workspaces';

/** What a Task declares, as its steps see it. */
export interface TaskDeclarations {
  /** `Task 'git-clone'`, for messages. */
  readonly owner: string;
  readonly params: Map<string, Param>;
  readonly workspaces: Map<string, TaskWorkspace>;
  readonly results: Map<string, TaskResult>;
  readonly stepNames: string[];
}

const WORKSPACE_FIELDS = ['path', 'bound', 'claim', 'volume'];
const TASK_RUN_CONTEXT = ['name', 'namespace', 'uid'];
const TASK_CONTEXT = ['name', 'retry-count'];

/**
 * The variables Tekton substitutes in a Task's steps, sidecars, step template, volumes and workspaces.
 * Every param it resolves is added to `used`.
 */
export function taskScope(d: TaskDeclarations, used: Set<string>): ExpressionScope {
  return {
    owner: d.owner,
    roots: ['params', 'workspaces', 'results', 'steps', 'context.taskRun', 'context.task', 'credentials'],
    check: (v, at, isolated) => {
      switch (v.path[0]) {
        case 'params': return checkParam(d, used, v, at, isolated);
        case 'workspaces': return checkWorkspace(d, v);
        case 'results': return checkResult(d, v);
        case 'steps': return checkStep(d, v);
        case 'context': return checkContext(v);
        case 'credentials': return v.path.length === 2 && v.path[1] === 'path' && v.selector === undefined ? undefined
          : { whatIsWrong: 'is not a credentials variable', howToFix: 'Use $(credentials.path)' };
        case 'inputs': case 'outputs': case 'resources':
          return { whatIsWrong: 'is the pre-v1 PipelineResources form, which tekton.dev/v1 does not substitute', howToFix: 'Use $(params.name) and $(results.name.path)' };
        case 'tasks': case 'finally':
          return { whatIsWrong: `is a Pipeline variable, which is not substituted in ${d.owner}`, howToFix: 'Declare a param and pass the value to it from the Pipeline' };
        default: return 'unknown';
      }
    },
  };
}

function checkParam(d: TaskDeclarations, used: Set<string>, v: TektonVariable, at: ExpressionOccurrence, isolated: boolean): ExpressionFinding | undefined {
  const name = v.path[1];
  const p = name === undefined ? undefined : d.params.get(name);
  if (!p) {
    const known = [...d.params.keys()];
    return {
      whatIsWrong: `names a param that ${d.owner} does not declare (tekton-lint's no-undefined-param)`,
      howToFix: `Declare it with addParam('${name ?? ''}')${known.length ? `, or use one of: ${known.join(', ')}` : ''}`,
    };
  }
  used.add(p.name);
  return paramUsage(p, v, at, isolated, 'Task');
}

/**
 * Checks how a param is used: a string param as `$(params.x)`, an array param as `$(params.x[*])` alone in an
 * array element (or `$(params.x[i])`), an object param by key (`$(params.x.key)`). `where` is `Task` for a
 * Task's steps, where a whole object cannot go, or `Pipeline` for the values of a pipeline task's params.
 */
export function paramUsage(p: Param, v: TektonVariable, at: ExpressionOccurrence, isolated: boolean, where: 'Task' | 'Pipeline'): ExpressionFinding | undefined {
  const keyPart = v.path.length > 2 ? v.path.slice(2).join('.') : undefined;
  if (p.type === 'string') {
    if (keyPart === undefined && v.selector === undefined) return undefined;
    return { whatIsWrong: `treats the string param '${p.name}' as ${v.selector !== undefined ? 'an array' : 'an object'}`, howToFix: `Use $(params.${p.name})` };
  }
  if (p.type === 'array') {
    if (keyPart !== undefined) return { whatIsWrong: `reads a key of the array param '${p.name}'`, howToFix: `Use $(params.${p.name}[*]) or $(params.${p.name}[0])` };
    if (typeof v.selector === 'number') return undefined;
    if (v.selector === '*' && isolated && (at.arrayItem || where === 'Pipeline')) return undefined;
    return {
      whatIsWrong: v.selector === '*'
        ? 'puts a whole array inside a longer string; Tekton replaces it only when it is a whole array element'
        : `uses the array param '${p.name}' as a string`,
      howToFix: `Give $(params.${p.name}[*]) as one element of args or command on its own, or use one item as $(params.${p.name}[0])`,
    };
  }
  if (keyPart !== undefined) {
    if (v.path.length === 3 && v.selector === undefined && p.properties?.includes(keyPart)) return undefined;
    return { whatIsWrong: `reads '${keyPart}', which is not a key of the object param '${p.name}'`, howToFix: `Use one of: ${(p.properties ?? []).map(k => `$(params.${p.name}.${k})`).join(', ')}` };
  }
  if (v.selector === '*' && isolated && where === 'Pipeline') return undefined;
  return {
    whatIsWrong: `uses the object param '${p.name}' as ${v.selector === undefined ? 'a string' : 'a whole'}${where === 'Task' ? ' in a Task' : ''}`,
    howToFix: `Read one key, e.g. $(params.${p.name}.${p.properties?.[0] ?? 'key'})`,
  };
}

function checkWorkspace(d: TaskDeclarations, v: TektonVariable): ExpressionFinding | undefined {
  const [, name, field] = v.path;
  if (v.path.length !== 3 || v.selector !== undefined || !WORKSPACE_FIELDS.includes(field)) {
    return { whatIsWrong: 'is not a workspace variable', howToFix: `Use $(workspaces.<name>.${WORKSPACE_FIELDS.join('|')})` };
  }
  if (d.workspaces.has(name)) return undefined;
  return { whatIsWrong: `names a workspace that ${d.owner} does not declare`, howToFix: `Declare it with addWorkspace('${name}')${listOf(d.workspaces)}` };
}

function checkResult(d: TaskDeclarations, v: TektonVariable): ExpressionFinding | undefined {
  const [, name, field] = v.path;
  if (v.path.length !== 3 || field !== 'path' || v.selector !== undefined) {
    return { whatIsWrong: 'is not a result variable', howToFix: 'Use $(results.<name>.path), the file a step writes the result to' };
  }
  if (d.results.has(name)) return undefined;
  return { whatIsWrong: `names a result that ${d.owner} does not declare, so what the step writes there is lost`, howToFix: `Declare it with addResult('${name}')${listOf(d.results)}` };
}

function checkStep(d: TaskDeclarations, v: TektonVariable): ExpressionFinding | undefined {
  const ref = v.path[1] ?? '';
  const step = ref.startsWith('step-') ? ref.slice('step-'.length) : ref;
  if (d.stepNames.includes(step)) return undefined;
  return { whatIsWrong: `names a step that ${d.owner} does not have`, howToFix: `Use $(steps.step-<name>.exitCode.path) with one of: ${d.stepNames.join(', ') || '(none)'}` };
}

function checkContext(v: TektonVariable): ExpressionFinding | undefined {
  const [, kind, field] = v.path;
  const ok = v.path.length === 3 && v.selector === undefined
    && ((kind === 'taskRun' && TASK_RUN_CONTEXT.includes(field)) || (kind === 'task' && TASK_CONTEXT.includes(field)));
  if (ok) return undefined;
  if (kind === 'pipelineRun' || kind === 'pipeline' || kind === 'pipelineTask') {
    return { whatIsWrong: 'is substituted only in a Pipeline\'s task params, not inside a Task', howToFix: `Declare a param and pass $(context.${kind}.${field ?? 'name'}) to it from the Pipeline` };
  }
  return { whatIsWrong: 'is not a Task context variable', howToFix: 'Use $(context.taskRun.name|namespace|uid) or $(context.task.name|retry-count)' };
}

function listOf(m: Map<string, unknown>): string {
  return m.size ? `, or use one of: ${[...m.keys()].join(', ')}` : '';
}
