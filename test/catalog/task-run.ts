import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/git-fixtures';

/**
 * Runs a step of a synthesized Task the way a TaskRun would: the script and the environment exactly as the
 * Task object carries them, with the Tekton variables substituted as Tekton substitutes them.
 */

/** Values for the Tekton variables of a step, as a TaskRun would give them. */
export interface TektonSubstitutions {
  /** `$(params.<name>)`. */
  readonly params?: { readonly [name: string]: string };
  /** `$(workspaces.<name>.path)`; a workspace listed here is also `$(workspaces.<name>.bound)` = `true`. */
  readonly workspaces?: { readonly [name: string]: string };
  /** Optional workspaces left unbound: `.path` is empty and `.bound` is `false`, as in Tekton. */
  readonly unboundWorkspaces?: readonly string[];
  /** `$(results.<name>.path)`. */
  readonly results?: { readonly [name: string]: string };
}

type Kind = 'params' | 'results' | 'workspaces';
/** Tekton's order: params, then result paths, then workspaces, each kind in one pass of its own. */
const ROUNDS: Kind[] = ['params', 'results', 'workspaces'];
const REFERENCE = /\$\((params|workspaces|results)\.([^)]*)\)/g;

function valueOf(s: TektonSubstitutions, kind: string, rest: string): string | undefined {
  if (kind === 'params') return s.params?.[rest];
  const [, name, field] = /^(.+)\.(path|bound)$/.exec(rest) ?? [];
  if (kind === 'results') return field === 'path' ? s.results?.[name] : undefined;
  if (s.workspaces && name in s.workspaces) return field === 'path' ? s.workspaces[name] : 'true';
  if (s.unboundWorkspaces?.includes(name)) return field === 'path' ? '' : 'false';
  return undefined;
}

/**
 * Replaces Tekton variables in a step's text the way Tekton does: as text, before the step starts, params
 * first, then result paths, then workspaces, each kind in one pass (so a param value is never read again as a
 * param, but a `$(workspaces...)` inside it is replaced in the workspace pass, as in Tekton). Throws when a
 * reference written in `text` has no value, so a test cannot run a step with a hole in it.
 */
export function substituteTekton(text: string, s: TektonSubstitutions): string {
  const missing = [...text.matchAll(REFERENCE)].filter(m => valueOf(s, m[1], m[2]) === undefined).map(m => m[0]);
  const malformed = (text.match(/\$\((params|workspaces|results)\./g) ?? []).length - (text.match(REFERENCE) ?? []).length;
  if (missing.length || malformed) {
    throw new Error(`unsubstituted Tekton references: ${[...missing, ...(malformed ? [`${malformed} malformed`] : [])].join(', ')}`);
  }
  return ROUNDS.reduce((out, kind) => out.replace(new RegExp(`\\$\\((${kind})\\.([^)]*)\\)`, 'g'),
    (ref, k: string, rest: string) => valueOf(s, k, rest) ?? ref), text);
}

/** A step as a synthesized Task carries it: its script and its environment, Tekton variables unreplaced. */
export interface TaskStepText {
  readonly script: string;
  readonly env: { readonly [name: string]: string };
}

/** Step `stepName` of a synthesized Task object, to run it exactly as deployed. */
export function taskStep(task: any, stepName: string): TaskStepText {
  const step = (task?.spec?.steps ?? []).find((s: any) => s.name === stepName);
  if (!step?.script) throw new Error(`Task ${task?.metadata?.name} has no step '${stepName}' with a script`);
  const env: { [name: string]: string } = {};
  for (const e of step.env ?? []) {
    if (typeof e.value !== 'string') throw new Error(`step '${stepName}' env ${e.name} is not a plain value; the harness runs plain values only`);
    env[e.name] = e.value;
  }
  return { script: step.script, env };
}

/** What a TaskRun gives a Task: param values, workspace directories and result files. */
export interface TaskRunInputs {
  /** Param values; a declared param left out takes its default. */
  readonly params?: { readonly [name: string]: string };
  /** Workspace directories; a declared optional workspace left out is unbound. */
  readonly workspaces?: { readonly [name: string]: string };
  /** The file each declared result is written to. */
  readonly results?: { readonly [name: string]: string };
}

/**
 * The substitutions Tekton makes for a TaskRun of a synthesized Task: given params, else their defaults; given
 * workspaces, the optional rest unbound. Throws, as Tekton refuses the run, for a missing required param or
 * workspace, and for a name the Task does not declare.
 */
export function taskRunSubstitutions(task: any, run: TaskRunInputs): TektonSubstitutions {
  const spec = task?.spec ?? {};
  const name = task?.metadata?.name;
  const declared = (list: any[] | undefined) => new Set((list ?? []).map(x => x.name));
  const check = (kind: string, given: object | undefined, names: Set<string>) => {
    const unknown = Object.keys(given ?? {}).filter(n => !names.has(n));
    if (unknown.length) throw new Error(`Task ${name} declares no ${kind} ${unknown.join(', ')}`);
  };
  check('param', run.params, declared(spec.params));
  check('workspace', run.workspaces, declared(spec.workspaces));
  check('result', run.results, declared(spec.results));
  const params: { [name: string]: string } = {};
  for (const p of spec.params ?? []) {
    const value = run.params?.[p.name] ?? p.default;
    if (typeof value !== 'string') throw new Error(`Task ${name}: param ${p.name} is required`);
    params[p.name] = value;
  }
  const unbound: string[] = [];
  for (const w of spec.workspaces ?? []) {
    if (run.workspaces?.[w.name] !== undefined) continue;
    if (!w.optional) throw new Error(`Task ${name}: workspace ${w.name} is required`);
    unbound.push(w.name);
  }
  return { params, workspaces: run.workspaces ?? {}, unboundWorkspaces: unbound, results: run.results ?? {} };
}

/** How a step script run ended. */
export interface StepRun {
  /** The exit code; null when it was killed. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs step `stepName` of a synthesized Task as a TaskRun with `run` would: see {@link runStep}.
 */
export function runTaskStep(task: any, stepName: string, run: TaskRunInputs,
  env: { [name: string]: string } = {}, timeoutMs?: number): Promise<StepRun> {
  return runStep(taskStep(task, stepName), taskRunSubstitutions(task, run), env, timeoutMs);
}

/**
 * Substitutes the Tekton variables of a step's script and environment values, writes the script to a file and
 * runs it with bash. The process environment is PATH, HOME and LANG, then `env` (what the image would set, e.g.
 * a PATH with a git shim first), then the step's own environment, which wins as it does in the container.
 * Asynchronous, so a git server in this process keeps answering.
 */
export async function runStep(step: TaskStepText, substitutions: TektonSubstitutions,
  env: { [name: string]: string } = {}, timeoutMs = 20_000): Promise<StepRun> {
  const dir = tempDir('step-');
  const file = path.join(dir, 'script.sh');
  fs.writeFileSync(file, substituteTekton(step.script, substitutions));
  const stepEnv = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, substituteTekton(v, substitutions)]));
  const fullEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(dir, 'home'), LANG: 'C.UTF-8', ...env, ...stepEnv };
  fs.mkdirSync(fullEnv.HOME, { recursive: true });
  try {
    return await new Promise<StepRun>((resolve, reject) => {
      const child = spawn('bash', [file], { env: fullEnv, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', d => out.push(d));
      child.stderr.on('data', d => err.push(d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', status => {
        clearTimeout(timer);
        resolve({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
