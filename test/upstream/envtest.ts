// Runs test/upstream/apiserver (etcd + one kube-apiserver per cluster + the client that applies) over a plan, and
// stops exactly what it started: the program runs in a process group of its own, which is killed whatever
// happens, and its work folder (etcd's data, the generated token and keys, the servers' certificates and logs)
// is removed.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterPlan } from './clusters';
import { goProgram } from './go';

/** One line of the program's output. */
export interface ApplyFinding {
  readonly kind: 'error' | 'warning' | 'summary';
  readonly cluster: string;
  readonly phase?: 'crd' | 'namespace' | 'dry-run' | 'apply';
  readonly file?: string;
  readonly object?: string;
  readonly message?: string;
  readonly applied?: number;
  readonly crds?: number;
  readonly seconds?: number;
}

/** `<cluster>: <file>: <object>: <phase> <kind>: <message>`, for a failure message. */
export function formatFinding(f: ApplyFinding): string {
  return `${f.cluster}: ${f.file}: ${f.object}: ${f.phase} ${f.kind}: ${f.message}`;
}

/**
 * Applies every cluster of the plan to a fresh API server of its own; returns what the servers said. `parallel`
 * servers run at once (each is about 300 MB and a few seconds of CPU to start).
 */
export async function applyToApiServers(clusters: ClusterPlan[], parallel = 1, timeoutMs = 20 * 60_000): Promise<ApplyFinding[]> {
  const binary = goProgram('apiserver');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'envtest-'));
  try {
    fs.chmodSync(work, 0o700);
    const plan = path.join(work, 'plan.json');
    fs.writeFileSync(plan, JSON.stringify({ clusters, parallel }));
    const stdout = await runGroup(binary, ['run', plan, path.join(work, 'run')], timeoutMs, path.join(work, 'run'));
    return stdout.split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Runs the program as the leader of a new process group and kills the whole group when it ends or times out. */
function runGroup(binary: string, args: string[], timeoutMs: number, workDir: string): Promise<string> {
  fs.mkdirSync(workDir);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    const killGroup = () => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    };
    const timer = setTimeout(() => { killGroup(); reject(new Error(`envtest did not finish within ${timeoutMs / 1000} s; killed it.\n${stderr.slice(-4000)}`)); }, timeoutMs);
    const onExit = () => killGroup();
    process.once('exit', onExit);
    child.on('error', err => { clearTimeout(timer); reject(err); });
    child.on('close', code => {
      clearTimeout(timer);
      process.removeListener('exit', onExit);
      killGroup(); // anything of the group still running (the program kills its servers; this makes sure)
      if (code === 0) resolve(stdout);
      else reject(new Error(`envtest exited with ${code}:\n${stderr.slice(-4000)}\n${logTails(workDir)}`));
    });
  });
}

/** The last lines of each server's log, for a failure. */
function logTails(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs.readdirSync(dir).filter(d => d.startsWith('cluster-')).map(d => {
    const log = path.join(dir, d, 'kube-apiserver.log');
    return fs.existsSync(log) ? `${d}/kube-apiserver.log ends:\n${fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}` : '';
  }).join('\n');
}
