import { Construct } from 'constructs';
import { AutomatedSync, IgnoreDifference } from '../argocd';
import { fail, problem } from '../core/errors';
import { Warnings } from '../core/warnings';
import { Image } from '../kpack/image';
import { ImageDeploy, KpushController } from '../operators';
import { Cluster } from './cluster';
import { checkPromotedImage, PinFiles } from './pins';
import { DEFAULT_PORTS, renderWorkload, workloadEnv } from './workload';
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
  /** Namespace the app runs in. @default - the environment's name */
  readonly namespace?: string;
  /** The cluster it runs on, registered in Argo CD. @default Cluster.inCluster() */
  readonly cluster?: Cluster;
  /** How Argo CD syncs it. @default - automated, with prune and self-heal */
  readonly sync?: EnvironmentSync;
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
  /** Its namespace. */
  public readonly namespace: string;
  /** Its cluster. */
  public readonly cluster: Cluster;
  /** How it gets its image. */
  public abstract readonly mode: DeployMode;

  protected constructor(
    /** The options it was made with. */
    public readonly options: EnvironmentOptions,
  ) {
    this.name = options.name;
    this.namespace = options.namespace ?? options.name;
    this.cluster = options.cluster ?? Cluster.inCluster();
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

  /** Creates the environment's objects in `scope`. */
  public abstract bind(scope: Construct, target: EnvironmentTarget): void;
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

  public bind(scope: Construct, target: EnvironmentTarget): void {
    const replicas = this.kpush.replicas ?? 1;
    if (!(Number.isInteger(replicas) && replicas >= 1 && replicas <= 10)) {
      fail(scope, 'replicas', replicas, 'is out of range for a kpush environment: the ImageDeploy CRD allows 1 to 10', 'Give a whole number from 1 to 10');
    }
    // The Deployment starts on the Image's tag (what kpack pushes each build to) until kpush puts in the
    // digest of the latest build (kpack Image status.latestImage).
    renderWorkload(scope, { name: target.appName, namespace: this.namespace, image: target.image.tag, options: this.kpush });
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

  constructor(private readonly deployment: DeploymentEnvironmentOptions) {
    super(deployment);
  }

  public bind(scope: Construct, target: EnvironmentTarget): void {
    const fixed = this.deployment.image;
    const image = fixed !== undefined ? this.checkFixed(scope, fixed) : this.readPin(scope, target);
    renderWorkload(scope, { name: target.appName, namespace: this.namespace, image, options: this.deployment });
  }

  private checkFixed(scope: Construct, image: string): string {
    const check = checkPromotedImage(image);
    if (check.error) fail(scope, 'environments[].image', image, check.error, 'Give the image promoted to this environment by digest, e.g. docker.io/org/app@sha256:<digest>');
    if (check.warning) Warnings.add(scope, problem('environments[].image', image, check.warning, 'Give the image by digest (repository@sha256:...)'));
    return image;
  }

  /**
   * The image pinned for this environment. A missing or bad pin is reported at synth, not thrown: `npm run
   * promote` builds the tree to find the environments, and a first promotion is how an environment gets
   * its pin.
   */
  private readPin(scope: Construct, target: EnvironmentTarget): string {
    const file = PinFiles.imagePathOf(target.appName, this.name);
    const fix = `Promote an image by digest: npm run promote -- ${target.appName} ${this.name} --image <registry/repository@sha256:...>`;
    let image: string;
    try {
      image = target.pins.readImage(target.appName, this.name);
    } catch (e) {
      const message = (e as Error).message;
      scope.node.addValidation({ validate: () => [message] });
      return target.image.tag;
    }
    scope.node.addValidation({
      validate: () => {
        const check = checkPromotedImage(image);
        if (check.error) return [problem(file, image, check.error, fix)];
        if (check.warning) Warnings.add(scope, problem(file, image, check.warning, 'Promote the image by digest (repository@sha256:...)'));
        return [];
      },
    });
    return image;
  }
}
