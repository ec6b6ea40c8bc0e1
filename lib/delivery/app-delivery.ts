import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { checkBranchName } from '../core/git';
import { checkGitUrl } from '../core/url';
import { freeId } from '../core/guards';
import { checkName, NameFormat, validateName } from '../core/names';
import { describeSecret } from '../core/secret-references';
import { Image } from '../kpack';
import { FolderChart } from '../output/folder-chart';
import { GENERATED_LIST, objectFileStem } from '../output/render';
import { RunWorkspace } from '../tekton';
import { setResourceNamePrefix } from '../tekton/names';
import { EventListener } from '../triggers';
import { AppDeliveryProps, checkShape } from './app-delivery-props';
import { addAppImage } from './app-image';
import { DeliveryPipeline } from './delivery-pipeline';
import { markDeliveredApp, isDeliveredApp } from './delivered-app';
import { Environment } from './environments';
import { SecretKey } from './workload-options';
import { checkCluster } from './cluster';
import { kpushClusterProblems } from './environment-checks';
import { addFluxTriggers, baseImageRecord } from './flux-triggers';
import { addGithubTrigger } from './github-trigger';
import { OpsRepo } from './ops-repo';
import { PinFiles } from './pins';
import { Team } from './team';

export type { AppCi, AppDeliveryProps, AppImage, AppNamespaces, AppRepository, AppTriggers, BaseImageUpdates } from './app-delivery-props';

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
    return isDeliveredApp(x);
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
  /** The namespaces of its CI objects (Tekton, Triggers, Flux) and of its kpack Image. */
  public readonly namespaces: { readonly ci: string; readonly build: string };
  /** The Secret GitHub signs webhook deliveries with, when the webhook trigger is on. */
  public readonly webhookSecret?: SecretKey;

  /** The ops repository the app is in. */
  public readonly ops: OpsRepo;
  /** The team the app is in, if any. */
  public readonly team?: Team;

  constructor(scope: Construct, id: string, props: AppDeliveryProps) {
    super(scope, freeId(scope, id, 'Give each app in a scope its own id (and name)'));
    markDeliveredApp(this);
    const ops = OpsRepo.of(this);
    this.ops = ops;
    checkShape(this, props);
    this.team = Team.of(this);
    const app = validateName(this, 'name', props.name ?? id, { format: NameFormat.LABEL, maxLength: 40 });
    this.appName = app;
    ops.claim('app', app, this);
    // The catalog Tasks a team creates in the app (its checks) are named after it by default.
    setResourceNamePrefix(this, app);
    // The clone offers ci.gitCredentialsSecret to the repository's host, public or not (git-clone's credential
    // helper answers its origin), and kpack and Flux send it too when the repository is private.
    const urlWrong = checkGitUrl(props.repository.url, { credentials: true });
    if (urlWrong) {
      fail(this, 'repository.url', props.repository.url, urlWrong, 'Give the https:// or ssh:// clone URL; git credentials come from ci.gitCredentialsSecret');
    }
    const branch = props.repository.branch ?? 'main';
    const branchWrong = checkBranchName(branch);
    if (branchWrong) fail(this, 'repository.branch', branch, branchWrong, 'Give the name of the branch whose commits are delivered, e.g. \'main\'');
    this.branch = branch;
    this.repositoryUrl = props.repository.url;
    const ciNamespace = props.namespaces?.ci ?? `${app}-ci`;
    const buildNamespace = props.namespaces?.build ?? `${app}-build`;
    this.namespaces = { ci: ciNamespace, build: buildNamespace };
    this.pinnedRevision = ops.pins.read(app);

    // Build: the kpack Image pinned to the tested commit (and built with the base image the checks passed with).
    const base = props.triggers.baseImageUpdates;
    const record = base && baseImageRecord(this, base.image, base.buildEnv, ops.pins.readBaseImage(app), Object.keys(props.image.build?.env ?? {}));
    const build = record ? { ...props.image.build, env: { ...props.image.build?.env, [record.buildEnv]: record.value } } : props.image.build;
    const folder = props.folder ?? (this.team ? `${this.team.name}/${app}` : app);
    this.buildChart = new FolderChart(this, 'build', { folder: `${folder}/kpack`, namespace: buildNamespace });
    const built = addAppImage(this, this.buildChart, {
      app, url: props.repository.url, revision: this.pinnedRevision, tag: props.image.tag, builder: props.image.builder,
      registrySecret: props.image.registrySecret ?? 'regcred', serviceAccountName: props.image.serviceAccountName ?? 'kpack-bot',
      cache: props.image.cache, build, gitSecret: props.repository.private ? props.ci.gitCredentialsSecret : undefined,
      ...(record ? { baseImageEnv: record.buildEnv } : {}),
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
      ...(record ? { baseImage: { image: record.image, buildEnv: record.buildEnv, file: PinFiles.baseImagePathOf(app) } } : {}),
    });
    const runner = new kplus.ServiceAccount(this.ciChart, 'build-bot', { metadata: { name: props.ci.serviceAccountName ?? 'build-bot' } });
    describeSecret(this, {
      namespace: ciNamespace, name: props.ci.gitCredentialsSecret, type: 'kubernetes.io/basic-auth', keys: ['username', 'password'],
      purpose: `the Pipeline clones the app repository${props.repository.private ? ' (private)' : ''} and pushes pins to the ops repository`,
      field: 'ci.gitCredentialsSecret',
    });
    const workspaces = {
      'source': RunWorkspace.volumeClaimTemplate({ size: props.ci.workspaceSize ?? Size.gibibytes(1) }),
      'ops': RunWorkspace.emptyDir(),
      'git-credentials': RunWorkspace.secret(props.ci.gitCredentialsSecret),
    };
    if (props.triggers.githubWebhook) {
      this.webhookSecret = props.triggers.githubWebhook.secret;
      describeSecret(this, {
        namespace: ciNamespace, name: this.webhookSecret.secretName, type: 'Opaque', keys: [this.webhookSecret.key],
        purpose: 'the EventListener checks GitHub\'s webhook signature', field: 'triggers.githubWebhook.secret.secretName',
      });
      this.eventListener = addGithubTrigger(this, this.ciChart, {
        app, url: props.repository.url, branch, secret: this.webhookSecret, pipeline: this.pipeline.pipeline, workspaces, serviceAccount: runner,
        clusterAccess: ops.eventListenerAccess,
      });
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
      checkCluster(this, `environments[${env.name}].cluster`, env.cluster);
      if (charts.has(env.name)) fail(this, 'environments[].name', env.name, 'is given twice', 'Give each environment its own name');
      const namespace = env.namespaceIn(app);
      const wrong = checkName(namespace, { format: NameFormat.LABEL });
      if (wrong) {
        fail(this, `environments[${env.name}].namespace`, namespace, wrong,
          `Give the environment a namespace of its own: Environment.${env.mode === 'kpush' ? 'kpush' : 'deployment'}({ name: '${env.name}', namespace: '...' })`);
      }
      const chart = new FolderChart(this, `env-${env.name}`, { folder: `${folder}/${env.name}`, namespace });
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
