import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { checkBranchName, checkGitUrl } from '../core/git';
import { requireArray, requireKind, requireObject, requireString } from '../core/guards';
import { NameFormat, validateName } from '../core/names';
import { TagPolicy } from '../flux';
import { IBuilder, Image, ImageBuildOptions, ImageCache } from '../kpack';
import { FolderChart } from '../output/folder-chart';
import { GENERATED_LIST, objectFileStem } from '../output/render';
import { describeSecret } from '../core/secret-references';
import { RunWorkspace } from '../tekton';
import { Cel, EventListener, GitHubPush, Interceptor, TriggerBinding, TriggerTemplate } from '../triggers';
import { addAppImage } from './app-image';
import { DeliveryCheck } from './delivery-check';
import { DeliveryPipeline } from './delivery-pipeline';
import { Environment } from './environments';
import { SecretKey } from './workload-options';
import { kpushClusterProblems } from './environment-checks';
import { addFluxTriggers, AUTO_CLEANUP_PVC } from './flux-triggers';
import { OpsRepo } from './ops-repo';
import { PinFiles } from './pins';
import { Team } from './team';

const APP_DELIVERY = Symbol.for('push-delivery.AppDelivery');

/** The app's source repository. */
export interface AppRepository {
  /** Clone URL (https or ssh), e.g. `https://github.com/org/go-sample-app.git`. */
  readonly url: string;
  /** The branch whose commits are delivered. @default 'main' */
  readonly branch?: string;
  /**
   * The repository needs credentials to be read. The Secret `ci.gitCredentialsSecret` (`kubernetes.io/basic-auth`)
   * then reaches all three readers: the Tekton clone (workspace `git-credentials`, as always), kpack (the
   * Secret, annotated `kpack.io/git: <scheme://host>`, is listed on the Image's service account in the build
   * namespace; kpack `docs/secrets.md`) and Flux polling (`secretRef` of the GitRepository; Flux
   * `source-controller` docs, "Basic access authentication"). @default false
   */
  readonly private?: boolean;
}

/** How the app's image is built. */
export interface AppImage {
  /** Where kpack pushes the image, e.g. `docker.io/org/go-sample-app`. Immutable in kpack. */
  readonly tag: string;
  /**
   * The kpack Builder or ClusterBuilder: its buildpacks decide what the app is built with (Paketo's Go,
   * Node.js or Java buildpacks, say).
   */
  readonly builder: IBuilder;
  /**
   * Build settings of every build: buildpack environment (`BP_NODE_VERSION`, `BP_JVM_VERSION`,
   * `BP_GO_TARGETS`...; plain values only, since they are committed), CPU and memory of the build pod, and
   * its scheduling (kpack `spec.build`).
   * @see https://github.com/buildpacks-community/kpack/blob/main/docs/image.md
   * @default - none: the buildpacks' defaults and the namespace's resources
   */
  readonly build?: ImageBuildOptions;
  /** Secret (`kubernetes.io/dockerconfigjson`) kpack pushes with, listed on its service account. @default 'regcred' */
  readonly registrySecret?: string;
  /** Build cache. @default - kpack's default */
  readonly cache?: ImageCache;
  /** Name of the service account kpack builds and pushes with (created, listing `registrySecret`). @default 'kpack-bot' */
  readonly serviceAccountName?: string;
}

/** The CI side of the app. */
export interface AppCi {
  /**
   * A `kubernetes.io/basic-auth` Secret (keys `username`, `password`) that may clone the app repository and
   * push to the ops repository. Mounted as a workspace; never in a URL, argv or environment.
   */
  readonly gitCredentialsSecret: string;
  /**
   * The checks every pushed commit must pass before it is pinned: any number of Tasks, from the catalog
   * (`NodeCheckTask`, `JavaCheckTask`, `CommandTask`, the Go Tasks) or your own, in the app's CI folder or a
   * shared one. Each runs after the clone on a copy of the checkout of its own; the pin waits for all.
   * A function receives the app's CI folder, so the Tasks can be made there:
   * `checks: ci => [{ name: 'test', task: new NodeCheckTask(ci, 'shop-test', { name: 'shop-test' }) }]`.
   * @default - `lint` (golangci-lint) and `test` (go test -race -cover)
   */
  readonly checks?: DeliveryCheck[] | ((ciFolder: FolderChart) => DeliveryCheck[]);
  /** Size of each run's app workspace. @default 1 GiB */
  readonly workspaceSize?: Size;
  /** Author of the pin commits. @default - `<app>-delivery` / `<app>-delivery@users.noreply.github.com` */
  readonly author?: { readonly name: string; readonly email: string };
  /** Name of the service account the PipelineRuns run as (created). @default 'build-bot' */
  readonly serviceAccountName?: string;
}

/**
 * What starts the delivery Pipeline on a commit: exactly one of the two, so a push starts one run. Flux
 * objects (polling, base images) go to their own folder `<app>/flux`, synced by their own Application, so
 * a cluster without Flux or the pipeline-trigger-operator still runs the webhook-triggered CI.
 */
export interface AppTriggers {
  /** A GitHub push webhook to the tracked branch, verified with the webhook secret. @default - none */
  readonly githubWebhook?: { readonly secret: SecretKey };
  /**
   * Flux polls the branch and the pipeline-trigger-operator starts a run for each new commit: for clusters
   * GitHub cannot reach, or as a safety net for missed webhooks. @default - none
   */
  readonly fluxPolling?: { readonly interval?: Duration };
  /**
   * Flux watches an image the app's tests depend on (the image of a custom test Task) and, whenever its
   * policy selects a new tag, the Pipeline runs on the tracked branch's head: breakage shows before the next
   * commit does. It cannot change what kpack ships (kpack builds with its ClusterStore's buildpacks), so it
   * is off unless the tests run on that image; pipeline-trigger-operator releases up to v0.5.0 cannot read
   * current Flux ImagePolicies (see the platform's compatibility table). @default - none
   */
  readonly baseImageUpdates?: BaseImageUpdates;
}

/** Options of {@link AppTriggers.baseImageUpdates}. */
export interface BaseImageUpdates {
  /** The image repository to watch, without tag, e.g. `docker.io/library/golang`. */
  readonly image: string;
  /** Which tag counts as the newest, e.g. `TagPolicy.semver('1.25.x')`. */
  readonly policy: TagPolicy;
  /** How often Flux lists the tags. @default 1 hour */
  readonly interval?: Duration;
}

/** Namespaces of the app's parts. */
export interface AppNamespaces {
  /** Tekton, Triggers and Flux objects. @default `<app>-ci` */
  readonly ci?: string;
  /** The kpack Image. @default `<app>-build` */
  readonly build?: string;
}

/** Props for {@link AppDelivery}. */
export interface AppDeliveryProps {
  /**
   * The app's name (DNS label, at most 40 characters), unique in the ops repository: names its pin file,
   * namespaces, Pipeline and Tasks, Image, Deployments and Argo CD Applications. @default - the construct id
   */
  readonly name?: string;
  /**
   * The folder of `dist/` the app's folders go under (`<folder>/tekton`, `<folder>/kpack`, `<folder>/<environment>`).
   * @default - the app's name, under the team's name when the app is in a {@link Team}
   */
  readonly folder?: string;
  /** The app's source repository. */
  readonly repository: AppRepository;
  /** How the image is built. */
  readonly image: AppImage;
  /** The CI side. */
  readonly ci: AppCi;
  /** What starts the Pipeline. At least one. */
  readonly triggers: AppTriggers;
  /** Where the app runs. */
  readonly environments: Environment[];
  /** Namespaces. @default - `<app>-ci` and `<app>-build` */
  readonly namespaces?: AppNamespaces;
}

/**
 * One app's whole push flow, in an {@link OpsRepo} (directly or in a {@link Team}): a commit pushed to the tracked branch is linted and tested by Tekton; only then
 * the tested commit is pinned in the ops repository (`pins/<app>.sha` and the kpack Image in `dist/`, in one
 * commit); Argo CD syncs it; kpack builds exactly that commit; each environment deploys the image (kpush
 * follows every build, a Deployment runs a promoted image).
 *
 * Folders (each synced by its own Argo CD Application): `<app>/tekton`, `<app>/kpack`, `<app>/<environment>`.
 * The kpack Image's revision is read from the pin file, so `dist/` always equals what synthesis makes of it.
 *
 * Any number of apps share one ops repository: everything an app creates is named after it (its
 * namespaces `<app>-ci` and `<app>-build`, its Tasks `<app>-git-clone`..., its Applications), so two
 * apps never collide; a second app of the same name is an error naming both.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/best_practices/#separating-config-vs-source-code-repositories
 * @example
 * new AppDelivery(ops, 'go-sample-app', {
 *   repository: { url: 'https://github.com/org/go-sample-app.git' },
 *   image: { tag: 'docker.io/org/go-sample-app', builder },
 *   ci: { gitCredentialsSecret: 'git-credentials' },
 *   triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
 *   environments: [Environment.kpush({ name: 'dev', controller: kpush })],
 * });
 */
export class AppDelivery extends Construct {
  /**
   * True when `x` is an AppDelivery, also one made by another copy of this library (a CLI bundles its own
   * copy and loads `main.ts` with another), where `instanceof` cannot tell.
   */
  public static isAppDelivery(x: unknown): x is AppDelivery {
    return x !== null && typeof x === 'object' && APP_DELIVERY in x;
  }

  /** The app's name. */
  public readonly appName: string;
  /** The commit kpack builds, from the pin file (git's null id, `UNPINNED`, before the first pin). */
  public readonly pinnedRevision: string;
  /**
   * The kpack Image. Before the first pin it is not rendered (kpack cannot fetch the null revision): the
   * first pin writes it from the template in the Pipeline. Environments still name it, and wait for it.
   */
  public readonly image: Image;
  /** The delivery Pipeline. */
  public readonly pipeline: DeliveryPipeline;
  /** The folder of Tekton, Triggers and Flux objects. */
  public readonly ciChart: FolderChart;
  /** The folder of the kpack Image. */
  public readonly buildChart: FolderChart;
  /** The folder of each environment, by environment name. */
  public readonly environmentCharts: ReadonlyMap<string, FolderChart>;
  /** The environments, in the order given. */
  public readonly environments: readonly Environment[];
  /** The EventListener, when the GitHub webhook trigger is on. */
  public readonly eventListener?: EventListener;
  /** The folder of the Flux objects and PipelineTriggers, when a Flux trigger is on. */
  public readonly fluxChart?: FolderChart;
  /** The branch whose commits are delivered. */
  public readonly branch: string;
  /** The app repository's clone URL. */
  public readonly repositoryUrl: string;
  /** The Secret GitHub signs webhook deliveries with, when the webhook trigger is on. */
  public readonly webhookSecret?: SecretKey;

  /** The ops repository the app is in. */
  public readonly ops: OpsRepo;
  /** The team the app is in, if any. */
  public readonly team?: Team;

  constructor(scope: Construct, id: string, props: AppDeliveryProps) {
    super(scope, freeId(scope, id));
    Object.defineProperty(this, APP_DELIVERY, { value: true });
    const ops = OpsRepo.of(this);
    this.ops = ops;
    checkShape(this, props);
    this.team = Team.of(this);
    const app = validateName(this, 'name', props.name ?? id, { format: NameFormat.LABEL, maxLength: 40 });
    this.appName = app;
    ops.claim('app', app, this);
    const urlWrong = checkGitUrl(props.repository.url);
    if (urlWrong) {
      fail(this, 'repository.url', props.repository.url, urlWrong, 'Give the clone URL; git credentials come from ci.gitCredentialsSecret');
    }
    const branch = props.repository.branch ?? 'main';
    const branchWrong = checkBranchName(branch);
    if (branchWrong) fail(this, 'repository.branch', branch, branchWrong, 'Give the name of the branch whose commits are delivered, e.g. \'main\'');
    this.branch = branch;
    this.repositoryUrl = props.repository.url;
    const ciNamespace = props.namespaces?.ci ?? `${app}-ci`;
    const buildNamespace = props.namespaces?.build ?? `${app}-build`;
    this.pinnedRevision = ops.pins.read(app);

    // Build: the kpack Image pinned to the tested commit.
    const folder = props.folder ?? (this.team ? `${this.team.name}/${app}` : app);
    this.buildChart = new FolderChart(this, 'build', { folder: `${folder}/kpack`, namespace: buildNamespace });
    const built = addAppImage(this, this.buildChart, {
      app, url: props.repository.url, revision: this.pinnedRevision, tag: props.image.tag, builder: props.image.builder,
      registrySecret: props.image.registrySecret ?? 'regcred', serviceAccountName: props.image.serviceAccountName ?? 'kpack-bot',
      cache: props.image.cache, build: props.image.build, gitSecret: props.repository.private ? props.ci.gitCredentialsSecret : undefined,
    });
    this.image = built.image;

    // CI: lint + test each pushed commit, then pin it.
    this.ciChart = new FolderChart(this, 'ci', { folder: `${folder}/tekton`, namespace: ciNamespace });
    const author = props.ci.author ?? { name: `${app}-delivery`, email: `${app}-delivery@users.noreply.github.com` };
    this.pipeline = new DeliveryPipeline(this.ciChart, 'pipeline', {
      appName: app,
      opsUrl: ops.repo.url,
      opsBranch: ops.branch,
      pinFile: PinFiles.pathOf(app),
      imageFile: `${ops.repo.pathOf(this.buildChart)}/${objectFileStem('Image', this.image.name)}.yaml`,
      author,
      imageTemplate: built.template,
      generatedList: `${ops.repo.manifestsPath}/${GENERATED_LIST}`,
      checks: typeof props.ci.checks === 'function' ? props.ci.checks(this.ciChart) : props.ci.checks,
    });
    const runner = new kplus.ServiceAccount(this.ciChart, 'build-bot', { metadata: { name: props.ci.serviceAccountName ?? 'build-bot' } });
    describeSecret(this, {
      namespace: ciNamespace, name: props.ci.gitCredentialsSecret, type: 'kubernetes.io/basic-auth', keys: ['username', 'password'],
      purpose: `the Pipeline clones the app repository${props.repository.private ? ' (private)' : ''} and pushes pins to the ops repository`,
    });
    const workspaces = {
      'source': RunWorkspace.volumeClaimTemplate({ size: props.ci.workspaceSize ?? Size.gibibytes(1) }),
      'ops': RunWorkspace.emptyDir(),
      'git-credentials': RunWorkspace.secret(props.ci.gitCredentialsSecret),
    };
    if (props.triggers.githubWebhook) {
      this.webhookSecret = props.triggers.githubWebhook.secret;
      describeSecret(this, { namespace: ciNamespace, name: this.webhookSecret.secretName, type: 'Opaque', keys: [this.webhookSecret.key], purpose: 'the EventListener checks GitHub\'s webhook signature' });
      this.eventListener = this.githubTrigger(props.repository.url, branch, props.triggers.githubWebhook.secret, runner, workspaces);
    }
    if (props.triggers.fluxPolling || props.triggers.baseImageUpdates) {
      this.fluxChart = new FolderChart(this, 'flux', { folder: `${folder}/flux`, namespace: ciNamespace });
      addFluxTriggers(this.fluxChart, {
        app, url: props.repository.url, branch, pipeline: this.pipeline.pipeline, workspaces, serviceAccount: runner,
        polling: props.triggers.fluxPolling, baseImage: props.triggers.baseImageUpdates,
        gitSecret: props.repository.private ? props.ci.gitCredentialsSecret : undefined,
      });
    }

    // Environments.
    const charts = new Map<string, FolderChart>();
    for (const env of props.environments) {
      validateName(this, 'environments[].name', env.name, { format: NameFormat.LABEL });
      if (charts.has(env.name)) fail(this, 'environments[].name', env.name, 'is given twice', 'Give each environment its own name');
      const chart = new FolderChart(this, `env-${env.name}`, { folder: `${folder}/${env.name}`, namespace: env.namespace });
      env.bind(chart, { appName: app, image: this.image, pins: ops.pins });
      charts.set(env.name, chart);
    }
    this.environmentCharts = charts;
    this.environments = [...props.environments];

    ops.syncFolder(this.ciChart, { name: `${app}-tekton` });
    ops.syncFolder(this.buildChart, { name: `${app}-kpack` });
    if (this.fluxChart) ops.syncFolder(this.fluxChart, { name: `${app}-flux` });
    // One Application per environment, each with its own cluster and namespace, so the team's AppProject
    // admits exactly those destinations.
    for (const env of props.environments) {
      ops.syncFolder(charts.get(env.name)!, {
        name: `${app}-${env.name}`,
        destination: env.cluster.destination(env.namespace),
        automated: env.automatedSync ?? false,
        ignoreDifferences: env.ignoreDifferences(app),
      });
    }
    this.node.addValidation({ validate: () => this.validateProps(props) });
  }

  private githubTrigger(url: string, branch: string, secret: SecretKey, runner: kplus.IServiceAccount,
    workspaces: { [name: string]: RunWorkspace }): EventListener {
    const template = new TriggerTemplate(this.ciChart, `${this.appName}-push`);
    const revision = template.addParam('revision', { description: 'The pushed commit' });
    const repoUrl = template.addParam('repo-url', { description: 'Clone URL of the app repository' });
    template.addPipelineRun({
      annotations: { [AUTO_CLEANUP_PVC]: 'true' },
      pipeline: this.pipeline.pipeline,
      params: { revision, 'repo-url': repoUrl },
      workspaces,
      serviceAccount: runner,
    });
    const binding = new TriggerBinding(this.ciChart, `${this.appName}-push-binding`, { metadata: { name: `${this.appName}-push` } });
    binding.addParam(revision, GitHubPush.headCommitId);
    binding.addParam(repoUrl, GitHubPush.cloneUrl);
    const listener = new EventListener(this.ciChart, `${this.appName}-github`);
    listener.addTrigger('push', {
      interceptors: [
        Interceptor.github({ secret: { name: secret.secretName, key: secret.key }, eventTypes: ['push'] }),
        Interceptor.cel({ filter: Cel.and(Cel.pushToBranch(branch), `body.repository.full_name == ${Cel.quote(this.githubRepository(url))}`) }),
      ],
      bindings: [binding],
      template,
    });
    return listener;
  }

  /** `owner/name` of a GitHub clone URL: the webhook filter accepts pushes of this repository only. */
  private githubRepository(url: string): string {
    const match = /^(?:https:\/\/|ssh:\/\/git@|git@)github\.com[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url);
    if (!match) {
      fail(this, 'repository.url', url, 'is not a GitHub repository URL, so a GitHub webhook cannot deliver its pushes',
        'Use https://github.com/<owner>/<repo>.git, or trigger with fluxPolling instead of githubWebhook');
    }
    return `${match[1]}/${match[2]}`;
  }

  private validateProps(props: AppDeliveryProps): string[] {
    const out: string[] = [];
    if (!props.triggers.githubWebhook && !props.triggers.fluxPolling) {
      out.push(problem('triggers', props.triggers, 'starts nothing on a push, so no new commit is ever tested or pinned', 'Give githubWebhook, or fluxPolling where GitHub cannot reach the cluster'));
    }
    if (props.triggers.githubWebhook && props.triggers.fluxPolling) {
      out.push(problem('triggers', 'githubWebhook + fluxPolling', 'would start two runs for every push (the webhook and Flux polling)',
        'Give githubWebhook where GitHub can reach the cluster, else fluxPolling'));
    }
    if (props.environments.length === 0) {
      out.push(problem('environments', [], 'is empty, so the built image runs nowhere', 'Add Environment.kpush(...) or Environment.deployment(...)'));
    }
    out.push(...kpushClusterProblems(this.ops, this.buildChart, this.environments));
    return out;
  }
}

/**
 * `id`, after checking that `scope` has no child of that id yet: the constructs library would say only
 * "There is already a Construct with name", without the path of the one that is there.
 */
function freeId(scope: Construct, id: string): string {
  const existing = scope.node.tryFindChild(id);
  if (existing) {
    fail(scope, 'id', id, `is already the id of ${existing.node.path}`, 'Give each app in a scope its own id (and name)');
  }
  return id;
}

/** What TypeScript checks of the props, checked again for JavaScript callers and loose types. */
function checkShape(scope: Construct, props: AppDeliveryProps): void {
  requireObject(scope, 'props', props, 'Give the props: repository, image, ci, triggers, environments');
  requireObject(scope, 'repository', props.repository, 'Give repository: { url: \'https://github.com/org/app.git\', branch: \'main\' }');
  requireString(scope, 'repository.url', props.repository.url, 'Give the clone URL, e.g. \'https://github.com/org/app.git\'');
  if (props.repository.branch !== undefined) requireString(scope, 'repository.branch', props.repository.branch, 'Give a branch name, e.g. \'main\'');
  requireObject(scope, 'image', props.image, 'Give image: { tag: \'docker.io/org/app\', builder }');
  requireString(scope, 'image.tag', props.image.tag, 'Give the repository kpack pushes to, e.g. \'docker.io/org/app\'');
  requireObject(scope, 'ci', props.ci, 'Give ci: { gitCredentialsSecret: \'github-credentials\' }');
  requireString(scope, 'ci.gitCredentialsSecret', props.ci.gitCredentialsSecret, 'Name the basic-auth Secret git uses, e.g. \'github-credentials\'');
  requireObject(scope, 'triggers', props.triggers, 'Give triggers: { githubWebhook: { secret: { secretName: \'github-webhook\', key: \'secret\' } } }');
  requireArray(scope, 'environments', props.environments, 'Give a list: [Environment.kpush({...}), Environment.deployment({...})]')
    .forEach((env, i) => requireKind(scope, `environments[${i}]`, env, (e: unknown) => e instanceof Environment, 'an Environment',
      'Use Environment.kpush({...}) or Environment.deployment({...})'));
}
