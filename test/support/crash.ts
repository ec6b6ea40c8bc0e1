// Helpers of the tests that kill real processes: run a command that kills itself at a fault point, or kill it
// at a random time; take a picture of a folder to compare old and new states.
import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './drift';

/** The runner of the repository's TypeScript, and the synthesis to be killed. */
export const RUN_TS = path.join(ROOT, 'scripts', 'run-ts.js');
export const CRASH_CHILD = path.join(ROOT, 'test', 'support', 'crash-child.ts');
export const CLI = path.join(ROOT, 'lib', 'cli', 'bin.ts');

/** Runs `node <args>` in `cwd` with `env` added; waits for it. */
export function run(args: string[], cwd: string, env: { [name: string]: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Runs `node <args>`, killing it with SIGKILL after `ms` unless it ended; resolves with how it ended. */
export function runKilledAfter(args: string[], cwd: string, ms: number, env: { [name: string]: string } = {}):
  Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', d => { stderr += String(d); });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

/**
 * Every folder (with a trailing `/`) and file (with a hash of its content) under `dir`, sorted; links shown
 * as such. Two pictures are equal when the trees are.
 */
export function picture(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${child}/`);
        walk(child);
      } else if (e.isSymbolicLink()) {
        out.push(`${child} -> ${fs.readlinkSync(path.join(dir, child))}`);
      } else {
        out.push(`${child} ${createHash('sha1').update(fs.readFileSync(path.join(dir, child))).digest('hex')}`);
      }
    }
  };
  walk('');
  return out.sort();
}

/** What the writer may leave beside an output directory: its staging folder and (outside git) its lock. */
export function writerLeftovers(outdir: string): string[] {
  const parent = path.dirname(outdir);
  const base = path.basename(outdir);
  return fs.readdirSync(parent).filter(n => n === `.${base}.cdk8s-staging` || n === `.${base}.cdk8s-lock`)
    .concat(picture(outdir).filter(p => p.includes('.cdk8s-tmp-')));
}

/** A deterministic random generator (mulberry32): the same seed, the same kill times. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
