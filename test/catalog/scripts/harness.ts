import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { GitCloneTask, GoLintTask, GoTestTask, PinRevisionTask } from '../../../lib/catalog';
import {
  AppRepoFixture, createAppRepo, createChainRepo, createOpsRepo, credentialsWorkspace, git, OpsRepoOptions, tempDir,
} from '../../support/git-fixtures';
import { GitServer, startGitServer } from '../../support/git-server';
import { runTaskStep, StepRun } from '../task-run';

/** The app the tests pin, and its files in the ops repo. */
export const APP = 'go-sample-app';
export const PIN = `pins/${APP}.sha`;
export const IMAGE = `dist/${APP}/kpack/image-${APP}.yaml`;

/** The catalog Tasks as synthesized objects (`Testing.synth`), with their default props. */
export interface SynthesizedTasks {
  readonly clone: any;
  readonly lint: any;
  readonly test: any;
  readonly pin: any;
}

/** Synthesizes the four catalog Tasks in one chart and returns their objects. */
export function synthesizeTasks(): SynthesizedTasks {
  const chart = Testing.chart();
  new GitCloneTask(chart, 'git-clone');
  new GoLintTask(chart, 'golangci-lint');
  new GoTestTask(chart, 'golang-test');
  new PinRevisionTask(chart, 'pin-revision');
  const objects = Testing.synth(chart);
  const task = (name: string) => objects.find(o => o.kind === 'Task' && o.metadata.name === name) ?? (() => { throw new Error(`no Task ${name}`); })();
  return { clone: task('git-clone'), lint: task('golangci-lint'), test: task('golang-test'), pin: task('pin-revision') };
}

/** What every real-git test runs: the steps exactly as the Tasks deploy them. */
export const TASKS = synthesizeTasks();

/** A pin run's outcome plus the workspaces it used. */
export interface PinRun extends StepRun {
  readonly appDir: string;
  readonly opsDir: string;
}

/** Options of one clone or pin run. */
export interface RunOptions {
  /** Extra environment (e.g. a PATH with a git shim first). */
  readonly env?: { [name: string]: string };
  /** Params that replace the defaults. */
  readonly params?: { [name: string]: string };
  /** The credentials workspace. @default the one with the server's user and token */
  readonly credentials?: string;
  /** The run is killed after this long. @default 20000 */
  readonly timeoutMs?: number;
}

/**
 * A git server on loopback serving one app repo and any number of ops repos, with the credentials workspace
 * that lets the steps in.
 */
export class GitWorld {
  /** Starts the server. Call {@link stop} in afterAll. */
  public static async start(): Promise<GitWorld> {
    const root = tempDir('world-');
    const repos = path.join(root, 'repos');
    fs.mkdirSync(repos);
    const app = createAppRepo(repos);
    const server = await startGitServer({ projectRoot: repos });
    return new GitWorld(root, repos, app, server);
  }

  /** The Secret workspace with the right user and token. */
  public readonly credentials: string;
  private opsCount = 0;

  private constructor(
    /** Everything the tests write lives under here. */
    public readonly root: string,
    private readonly repos: string,
    /** The app repo. */
    public readonly app: AppRepoFixture,
    /** The server. */
    public readonly server: GitServer,
  ) {
    this.credentials = credentialsWorkspace(path.join(root, 'credentials'), server.username, server.token);
  }

  /** The app repo's bare directory. */
  public get appBare(): string {
    return path.join(this.repos, this.app.name);
  }

  /** The app repo's clone URL. */
  public get appUrl(): string {
    return this.server.url(this.app.name);
  }

  /** A new ops repo pinning `pin`; returns its bare directory and URL. */
  public newOps(pin: string, options?: OpsRepoOptions): { bare: string; url: string } {
    const name = `go-sample-app-ops-${++this.opsCount}.git`;
    return { bare: createOpsRepo(this.repos, name, pin, options), url: this.server.url(name) };
  }

  /** A new app repo whose `main` is a chain of `count` commits (oldest first), served like the others. */
  public newChainApp(count: number): { bare: string; url: string; commits: string[] } {
    const name = `chain-app-${++this.opsCount}.git`;
    const commits = createChainRepo(this.repos, name, count);
    return { bare: path.join(this.repos, name), url: this.server.url(name), commits };
  }

  /** Serves a bare copy of the git repository in `work` as `<name>`; returns its bare directory and URL. */
  public serve(work: string, name: string): { bare: string; url: string } {
    const bare = path.join(this.repos, name);
    git(this.root, ['clone', '-q', '--bare', work, bare]);
    return { bare, url: this.server.url(name) };
  }

  /**
   * A full clone of a served repo made from its bare directory (no HTTP), its origin set to the served URL: an
   * app-source the pin step needs to fetch nothing into.
   */
  public localClone(bare: string, url: string): string {
    const dir = this.dir('local-clone-');
    git(this.root, ['clone', '-q', '--no-checkout', bare, dir]);
    git(dir, ['remote', 'set-url', 'origin', url]);
    return dir;
  }

  /** A new empty directory under {@link root}. */
  public dir(prefix: string): string {
    return fs.mkdtempSync(path.join(this.root, prefix));
  }

  /**
   * Runs the git-clone Task's step into a new workspace (or `into`), with the credentials unless `unbound`.
   * Params not given take the Task's defaults, as in a TaskRun.
   */
  public async clone(url: string, revision: string, options: RunOptions & { depth?: number; into?: string; unbound?: boolean } = {})
    : Promise<StepRun & { dir: string; commit: string }> {
    const dir = options.into ?? this.dir('clone-');
    const result = path.join(this.dir('results-'), 'commit');
    const run = await runTaskStep(TASKS.clone, 'clone', {
      params: { url, revision, ...(options.depth !== undefined ? { depth: String(options.depth) } : {}), ...options.params },
      workspaces: { output: dir, ...(options.unbound ? {} : { 'git-credentials': options.credentials ?? this.credentials }) },
      results: { commit: result },
    }, { TMPDIR: this.root, ...options.env });
    return { ...run, dir, commit: fs.existsSync(result) ? fs.readFileSync(result, 'utf8') : '' };
  }

  /**
   * Clones the app at `revision` (depth 1, as the pipeline's fetch task does) unless `appDir` is given, then runs
   * the pin-revision Task's step with test params (backoff 0, a fixed author) and a new `ops-checkout` unless
   * `opsDir` is given.
   */
  public async pin(opsUrl: string, revision: string, options: RunOptions & { appDir?: string; opsDir?: string } = {}): Promise<PinRun> {
    let appDir = options.appDir;
    if (!appDir) {
      const clone = await this.clone(this.appUrl, revision, { env: options.env });
      if (clone.status !== 0) throw new Error(`clone failed: ${clone.stderr}`);
      appDir = clone.dir;
    }
    const opsDir = options.opsDir ?? this.dir('ops-checkout-');
    const run = await runTaskStep(TASKS.pin, 'pin', {
      params: {
        'app': 'go-sample-app', revision, 'ops-url': opsUrl,
        'author-name': 'Pin Bot', 'author-email': 'pin-bot@example.com', 'backoff-seconds': '0', ...options.params,
      },
      workspaces: { 'app-source': appDir, 'ops-checkout': opsDir, 'git-credentials': options.credentials ?? this.credentials },
    }, { TMPDIR: this.root, ...options.env }, options.timeoutMs);
    return { ...run, appDir, opsDir };
  }

  /** Stops the server and removes every file. */
  public async stop(): Promise<void> {
    await this.server.stop();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
