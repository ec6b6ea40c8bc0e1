import * as fs from 'fs';
import * as path from 'path';
import { StepToolchain, stepToolchain, TOOLS_DIR } from '../../support/step-tools';
import { runStep, StepRun, taskRunSubstitutions, taskStep, TaskRunInputs } from '../task-run';

/**
 * Runs catalog steps the way their containers run them, with the real tools of their images
 * (test/support/step-tools.ts) against real apps (test/fixtures/apps/).
 *
 * A step's container has a `/tmp` of its own, which its environment points into (`GOCACHE=/tmp/go-build-cache`,
 * `HOME=/tmp`, `MAVEN_REPO_LOCAL=/tmp/m2/repository`...). Here each run gets a new folder for it, so runs never
 * share one, except that the tools' caches (Go's build cache, golangci-lint's, Maven's repository, npm's) stay
 * between runs in `node_modules/.cache/cdk8s-push-delivery/step-caches/`, where a warm run finds them: what a
 * cluster would give with a cache volume, never what a step sees differently. The script and the rest of the
 * environment are exactly the Task's.
 */

/** The apps the tests run the steps against. */
export const FIXTURE_APPS = path.join(__dirname, '..', '..', 'fixtures', 'apps');

/** The step caches that stay between runs, by the environment variable that names them. */
const CACHE_VARIABLES = ['GOCACHE', 'GOLANGCI_LINT_CACHE', 'MAVEN_REPO_LOCAL', 'GRADLE_USER_HOME'];
const CACHES = path.join(TOOLS_DIR, '..', 'step-caches');

/**
 * What the machine needs to reach the package registries (a proxy, its CA certificates, a Go module mirror),
 * passed on to the steps as a cluster passes its own to its pods.
 */
const NETWORK_VARIABLES = [
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE',
];

const toolchains = new Map<string, StepToolchain>();

/** The tools of the step's image, installed on first use (minutes for golangci-lint, when nothing is cached). */
export function toolsOf(task: any, stepName: string): StepToolchain {
  const image: string = task.spec.steps.find((s: any) => s.name === stepName).image;
  let tools = toolchains.get(image);
  if (!tools) toolchains.set(image, tools = stepToolchain(image));
  return tools;
}

/** Options of {@link runWithTools}. */
export interface RealRunOptions {
  /** More environment (e.g. credentials for git); the step's own still wins. */
  readonly env?: { [name: string]: string };
  /** @default 300000 */
  readonly timeoutMs?: number;
}

/**
 * Runs step `stepName` of a synthesized Task with its image's real tools first on PATH; the container's `/tmp`
 * is a new folder (its caches excepted, see above), removed afterwards.
 */
export async function runWithTools(task: any, stepName: string, run: TaskRunInputs, options: RealRunOptions = {}): Promise<StepRun> {
  const tools = toolsOf(task, stepName);
  const step = taskStep(task, stepName);
  const containerTmp = fs.mkdtempSync(path.join(TOOLS_DIR, '..', 'step-tmp-'));
  const inContainer = (name: string, value: string) => {
    const m = /^\/tmp(\/.*)?$/.exec(value);
    if (!m) return value;
    return CACHE_VARIABLES.includes(name) ? path.join(CACHES, m[1] ?? '') : path.join(containerTmp, m[1] ?? '');
  };
  const env = Object.fromEntries(Object.entries(step.env).map(([name, value]) => [name, inContainer(name, value)]));
  const network = Object.fromEntries(NETWORK_VARIABLES.filter(v => process.env[v] !== undefined).map(v => [v, process.env[v]!]));
  try {
    return await runStep({ script: step.script, env }, taskRunSubstitutions(task, run), {
      ...network, ...tools.env, TMPDIR: containerTmp, npm_config_cache: path.join(CACHES, 'npm'), ...options.env,
    }, options.timeoutMs ?? 300_000);
  } finally {
    fs.rmSync(containerTmp, { recursive: true, force: true });
  }
}

/** A copy of the fixture app `name` in a new folder under `root`, with `changes` applied (null removes a file). */
export function fixtureApp(name: string, root: string, changes: { [file: string]: string | null } = {}): string {
  const dir = fs.mkdtempSync(path.join(root, `${name}-`));
  fs.cpSync(path.join(FIXTURE_APPS, name), dir, { recursive: true });
  for (const [file, content] of Object.entries(changes)) {
    const target = path.join(dir, file);
    if (content === null) {
      fs.rmSync(target);
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
  return dir;
}
