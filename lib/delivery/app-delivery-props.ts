import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { requireArray, requireKind, requireObject, requireString } from '../core/guards';
import { TagPolicy } from '../flux';
import { IBuilder, ImageBuildOptions, ImageCache } from '../kpack';
import { FolderChart } from '../output/folder-chart';
import { DeliveryCheck } from './delivery-check';
import { Environment } from './environments';
import { SecretKey } from './workload-options';

// The props of AppDelivery (app-delivery.ts), and their shape checked for JavaScript callers.

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
   * Flux watches a base image of the app and, whenever its policy selects a new tag, the Pipeline checks the
   * tracked branch's head again; when the checks pass, the pin step records `<image>:<tag>` in the kpack
   * Image's build variable {@link BaseImageUpdates.buildEnv} (and `pins/<app>.base-image`). A changed build
   * variable is a new build configuration: kpack builds the pinned commit again (buildpacks-community/kpack
   * `pkg/reconciler/image/build_required.go` @v0.17.2) and kpush rolls the build out. What the new build
   * contains changes only through what reads the variable: name it after a variable your buildpacks or build
   * read. Needs a pipeline-trigger-operator that reads Flux ImagePolicy `status.latestRef`: no release does,
   * so install its CRDs at main (`PIPELINE_TRIGGER_OPERATOR_MAIN`) and run a `PipelineTriggerOperator` with an
   * image built from that commit (docs/pipeline-trigger.md). @default - none
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
  /**
   * The build variable of the kpack Image that records `<image>:<tag>` the checks passed with; each new value
   * makes kpack build again. @default 'BASE_IMAGE'
   */
  readonly buildEnv?: string;
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

/** What TypeScript checks of the props, checked again for JavaScript callers and loose types. */
export function checkShape(scope: Construct, props: AppDeliveryProps): void {
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
