import { Construct } from 'constructs';
import { AutomatedSync, IgnoreDifference } from '../argocd';
import { fail, problem } from '../core/errors';
import { Warnings } from '../core/warnings';
import { Image } from '../kpack/image';
import { ImageDeploy, KpushController } from '../operators';
import { Cluster } from './cluster';
import { checkPromotedImage, PinFiles, promoteCommand } from './pins';
import { DEFAULT_PORTS, pullSecrets, renderWorkload, workloadEnv } from './workload';
import { WorkloadOptions } from './workload-options';

/** How Argo CD syncs an environment. */
export interface EnvironmentSync {
  /**
   * Sync whenever the ops repository changes, or `false` to sync only by hand (e.g. production during a
   * freeze). @default - automated, with prune and self-heal
   */
  readonly automated?: AutomatedSync | false;
}

/** What every environment of an app has: where it runs, how it is synced, and what runs there. */
export interface EnvironmentOptions extends WorkloadOptions {
  /** The environment's name (DNS label): the output folder `<app>/<name>` and the Application `<app>-<name>`. */
  readonly name: string;
  /**
   * Namespace the app runs in: one of the app's own, which no other app or team deploys to on that cluster.
   * @default `<app>-<environment>`
   */
  readonly namespace?: string;
  /** The cluster it runs on, registered in Argo CD. @default Cluster.inCluster() */
  readonly cluster?: Cluster;
  /** How Argo CD syncs it. @default - automated, with prune and self-heal */
  readonly sync?: EnvironmentSync;
  /**
   * `kubernetes.io/dockerconfigjson` Secrets, in the environment's namespace on its cluster, the kubelet
   * pulls the app's image with (a private registry): the pod's `imagePullSecrets`, listed on the front page.
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/
   * @default - none: the image is public, or the nodes have credentials
   */
  readonly imagePullSecrets?: string[];
}

/** Options of {@link Environment.kpush}. */
export interface KpushEnvironmentOptions extends EnvironmentOptions {
  /**
   * The kpush controller that deploys every new build of the app's kpack Image. It must run in the
   * environment's cluster, which must also be the one kpack builds in: kpush watches the Images of its
   * own cluster.
   */
  readonly controller: KpushController;
}

/** Options of {@link Environment.deployment}. */
export interface DeploymentEnvironmentOptions extends EnvironmentOptions {
  /**
   * The image, fixed in code. Leave it out to run the image promoted to the environment, pinned in
   * `pins/<app>.<environment>.image` by `npm run promote`.
   * @default - the image pinned in `pins/<app>.<environment>.image`
   */
  readonly image?: string;
}

/** What an environment needs to know about the app it deploys. */
export interface EnvironmentTarget {
  /** The app's name: Deployment, Service and container name. */
  readonly appName: string;
  /** The app's kpack Image. */
  readonly image: Image;
  /** The pin files of the ops repository. */
  readonly pins: PinFiles;
}

/** How an environment gets its image. */
export enum DeployMode {
  /** kpush rolls out every kpack build. */
  KPUSH = 'kpush',
  /** A Deployment runs the image promoted to the environment. */
  PROMOTED = 'promoted',
}

/**
 * Where and how an app runs: the cluster and namespace (one Argo CD Application per environment), the
 * deploy mode — kpush following every build, or a Deployment of the image promoted by pull request — and
 * what runs, with the same knobs and the same secure defaults in both modes (see {@link WorkloadOptions}).
 *
 * @example
 * Environment.kpush({ name: 'dev', controller: kpush });
 * Environment.deployment({ name: 'prod', cluster: Cluster.named('prod-eu'), replicas: 3,
 *   readiness: HealthProbe.http('/healthz') });
 */
export abstract class Environment {
  /**
   * Every new build of the app's kpack Image is rolled out by kpush, without a commit: for development.
   *
   * The Deployment is committed here, complete (security context, resources, probes, volumes), beside a
   * kpush ImageDeploy of the same name: kpush only patches the image of a Deployment that exists
   * (kpush `listener/ImageStatusListener.java`, `manager/k8s/K8SDeploymentManager.java`), and the
   * Application ignores that field (`ignoreDifferences` with `RespectIgnoreDifferences=true`).
   */
  public static kpush(options: KpushEnvironmentOptions): Environment {
    return new KpushEnvironment(options);
  }

  /** A Deployment of the promoted image, changed by pull request (`npm run promote`): for staging and production. */
  public static deployment(options: DeploymentEnvironmentOptions): Environment {
    return new DeploymentEnvironment(options);
  }

  /** The environment's name. */
  public readonly name: string;
  /** Its cluster. */
  public readonly cluster: Cluster;
  /** How it gets its image. */
  public abstract readonly mode: DeployMode;

  private app?: string;

  protected constructor(
    /** The options it was made with. */
    public readonly options: EnvironmentOptions,
  ) {
    this.name = options.name;
    this.cluster = options.cluster ?? Cluster.inCluster();
  }

  /** Its namespace: the one given, else `<app>-<environment>` of the app it is in. */
  public get namespace(): string {
    if (this.app === undefined && this.options.namespace === undefined) {
      throw new Error(`environment '${this.name}': namespace is not known until the environment is in an app. Give the Environment to an AppDelivery first, or give its namespace`);
    }
    return this.namespaceIn(this.app!);
  }

  /** The namespace it gets in app `appName`: the one given, else `<app>-<environment>`. */
  public namespaceIn(appName: string): string {
    return this.options.namespace ?? `${appName}-${this.name}`;
  }

  /**
   * True when nothing is promoted to it yet (no `pins/<app>.<environment>.image`): its Deployment runs no
   * pods until an image is promoted. Known once it is bound.
   */
  public get awaitingImage(): boolean {
    return false;
  }

  /** The automated sync policy, or undefined for manual sync. */
  public get automatedSync(): AutomatedSync | undefined {
    const a = this.options.sync?.automated;
    return a === false ? undefined : a ?? { prune: true, selfHeal: true };
  }

  /** Fields of the environment's objects Argo CD must leave to a controller. @default - none */
  public ignoreDifferences(_appName: string): IgnoreDifference[] {
    return [];
  }

  /** Creates the environment's objects in `scope`. An Environment belongs to one app: bind it once. */
  public bind(scope: Construct, target: EnvironmentTarget): void {
    if (this.app !== undefined && this.app !== target.appName) {
      fail(scope, 'environments[]', this.name, `is already the environment '${this.name}' of app '${this.app}'`,
        'Create one Environment per app, e.g. with a function that returns the list');
    }
    this.app = target.appName;
    this.render(scope, target);
  }

  /** Creates the environment's objects in `scope`, once it knows its app. */
  protected abstract render(scope: Construct, target: EnvironmentTarget): void;

}

class KpushEnvironment extends Environment {
  public readonly mode = DeployMode.KPUSH;

  constructor(private readonly kpush: KpushEnvironmentOptions) {
    super(kpush);
  }

  public ignoreDifferences(appName: string): IgnoreDifference[] {
    // kpush patches /spec/template/spec/containers/<i>/image by the ImageDeploy's container order
    // (kpush k8s/DeploymentHelper.java, createReplaceImageOps): the app container is the only one.
    return [{ group: 'apps', kind: 'Deployment', name: appName, namespace: this.namespace, jsonPointers: ['/spec/template/spec/containers/0/image'] }];
  }

  protected render(scope: Construct, target: EnvironmentTarget): void {
    const replicas = this.kpush.replicas ?? 1;
    if (!(Number.isInteger(replicas) && replicas >= 1 && replicas <= 10)) {
      fail(scope, 'replicas', replicas, 'is out of range for a kpush environment: the ImageDeploy CRD allows 1 to 10', 'Give a whole number from 1 to 10');
    }
    // The Deployment starts on the Image's tag (what kpack pushes each build to) until kpush puts in the
    // digest of the latest build (kpack Image status.latestImage).
    renderWorkload(scope, {
      name: target.appName, namespace: this.namespace, image: target.image.tag, options: this.kpush,
      imagePullSecrets: pullSecrets(scope, this.namespace, this.options.imagePullSecrets, `the kubelet pulls ${target.image.tag} for environment ${this.name}`),
    });
    // The ImageDeploy carries what its CRD keeps (name, image, env, ports): should kpush ever create the
    // Deployment itself, it is the same Deployment minus what the CRD cannot hold.
    const env = workloadEnv(this.kpush);
    new ImageDeploy(scope, target.appName, {
      controller: this.kpush.controller,
      metadata: { namespace: this.namespace },
      deploymentName: target.appName,
      deploymentNamespace: this.namespace,
      replicas,
      deploymentLabels: { app: target.appName },
      podLabels: { app: target.appName },
      selector: { app: target.appName },
      containers: [{
        name: target.appName,
        image: target.image,
        ports: (this.kpush.ports ?? DEFAULT_PORTS).map(p => ({ containerPort: p.containerPort, name: p.name })),
        ...(Object.keys(env).length ? { env } : {}),
      }],
    });
  }
}

class DeploymentEnvironment extends Environment {
  public readonly mode = DeployMode.PROMOTED;
  private waiting = false;

  constructor(private readonly deployment: DeploymentEnvironmentOptions) {
    super(deployment);
  }

  public get awaitingImage(): boolean {
    return this.waiting;
  }

  protected render(scope: Construct, target: EnvironmentTarget): void {
    const fixed = this.deployment.image;
    const image = fixed !== undefined ? this.checkFixed(scope, fixed) : this.readPin(scope, target);
    const imagePullSecrets = pullSecrets(scope, this.namespace, this.options.imagePullSecrets, `the kubelet pulls ${target.image.tag} for environment ${this.name}`);
    if (image !== undefined) {
      renderWorkload(scope, { name: target.appName, namespace: this.namespace, image, options: this.deployment, imagePullSecrets });
      return;
    }
    // Nothing promoted yet: a Deployment of no replicas, on the Image's repository. Not no Deployment: git keeps
    // no empty folder, and Argo CD fails an Application whose path does not exist (argo-cd util/app/path/path.go
    // @v3.5.1, "app path does not exist"). With no replicas Argo CD finds it Healthy (gitops-engine
    // pkg/health/health_deployment.go @v3.5.1) and no pod pulls an image nobody promoted; the first promotion
    // sets the image and the replicas in one reviewed diff.
    this.waiting = true;
    const command = promoteCommand(target.appName, this.name);
    Warnings.add(scope, problem(`environments[${this.name}]`, PinFiles.imagePathOf(target.appName, this.name),
      'does not exist: nothing is promoted to this environment yet, so its Deployment runs no pods',
      `Commit this change (the app's code, its pins and the synthesized manifests) first, then promote an image to it: ${command}`));
    renderWorkload(scope, {
      name: target.appName, namespace: this.namespace, image: target.image.tag, options: { ...this.deployment, replicas: 0 }, imagePullSecrets,
      annotations: { [AWAITING_IMAGE_ANNOTATION]: `nothing is promoted to ${this.name} yet: ${command}` },
    });
  }

  private checkFixed(scope: Construct, image: string): string {
    const check = checkPromotedImage(image);
    if (check.error) fail(scope, 'environments[].image', image, check.error, 'Give the image promoted to this environment by digest, e.g. docker.io/org/app@sha256:<digest>');
    if (check.warning) Warnings.add(scope, problem('environments[].image', image, check.warning, 'Give the image by digest (repository@sha256:...)'));
    return image;
  }

  /**
   * The image pinned for this environment, or undefined when none is (a new app: the environment waits). A
   * bad pin is reported at synth, not thrown: `npm run promote` builds the tree to find the environments,
   * and promoting is how a pin is fixed.
   */
  private readPin(scope: Construct, target: EnvironmentTarget): string | undefined {
    const file = PinFiles.imagePathOf(target.appName, this.name);
    let image: string | undefined;
    try {
      image = target.pins.tryReadImage(target.appName, this.name);
    } catch (e) {
      const message = (e as Error).message;
      scope.node.addValidation({ validate: () => [message] });
      return target.image.tag;
    }
    if (image === undefined) return undefined;
    const pinned = image;
    scope.node.addValidation({
      validate: () => {
        const check = checkPromotedImage(pinned);
        if (check.error) return [problem(file, pinned, check.error, `Promote an image by digest: ${promoteCommand(target.appName, this.name)}`)];
        if (check.warning) Warnings.add(scope, problem(file, pinned, check.warning, 'Promote the image by digest (repository@sha256:...)'));
        return [];
      },
    });
    return image;
  }
}

/**
 * The annotation on the Deployment of an environment nothing is promoted to yet: what it waits for and the
 * command that ends the wait.
 */
export const AWAITING_IMAGE_ANNOTATION = 'cdk8s-push-delivery.dev/awaiting-image';
