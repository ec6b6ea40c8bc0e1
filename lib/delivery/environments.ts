import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { checkPinnedImage } from '../kpack';
import { Image } from '../kpack/image';
import { ImageDeploy, ImageDeployEnv, KpushController } from '../operators';

/** A Secret key an environment variable is read from. The value never appears in the manifests. */
export interface SecretKey {
  /** The Secret's name, in the environment's namespace. */
  readonly secretName: string;
  /** The key in the Secret. */
  readonly key: string;
}

/** What every environment of an app has. */
export interface EnvironmentOptions {
  /** The environment's name: the output folder `<app>/<name>` and the default namespace. */
  readonly name: string;
  /** Namespace the app runs in. @default - the environment's name */
  readonly namespace?: string;
  /** Pod replicas. @default 1 */
  readonly replicas?: number;
  /** The port the app listens on. @default 8080 */
  readonly port?: number;
  /** Plain environment variables. @default - none */
  readonly env?: { [name: string]: string };
  /** Environment variables read from Secrets. @default - none */
  readonly secretEnv?: { [name: string]: SecretKey };
}

/** Options of {@link Environment.kpush}. */
export interface KpushEnvironmentOptions extends EnvironmentOptions {
  /** The kpush controller that deploys every new build of the app's kpack Image. */
  readonly controller: KpushController;
}

/** Options of {@link Environment.deployment}. */
export interface DeploymentEnvironmentOptions extends EnvironmentOptions {
  /**
   * The image this environment runs, pinned by tag or digest. Promotion is a pull request that changes it
   * (and `dist/` with it), reviewed like any other change.
   */
  readonly image: string;
  /** Requests and limits of the app container. @default - cdk8s-plus defaults */
  readonly resources?: kplus.ContainerResources;
  /** Liveness probe. @default - none */
  readonly liveness?: kplus.Probe;
  /** Readiness probe. @default - none */
  readonly readiness?: kplus.Probe;
}

/** What an environment needs to know about the app it deploys. */
export interface EnvironmentTarget {
  /** The app's name: Deployment, Service and container name. */
  readonly appName: string;
  /** The app's kpack Image. */
  readonly image: Image;
}

/**
 * Where and how an app runs: an environment that follows every build (kpush), or one that runs a pinned
 * image promoted by pull request (a Deployment and a Service, synced by Argo CD).
 */
export abstract class Environment {
  /**
   * Every new build of the app's kpack Image is rolled out by kpush, without a commit: for development.
   * kpush's ImageDeploy keeps only name, image, env and ports of a container.
   */
  public static kpush(options: KpushEnvironmentOptions): Environment {
    return new KpushEnvironment(options);
  }

  /** A Deployment and a Service of a pinned image, changed by pull request: for production. */
  public static deployment(options: DeploymentEnvironmentOptions): Environment {
    return new DeploymentEnvironment(options);
  }

  /** The environment's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;

  protected constructor(protected readonly options: EnvironmentOptions) {
    this.name = options.name;
    this.namespace = options.namespace ?? options.name;
  }

  /** Creates the environment's objects in `scope`. */
  public abstract bind(scope: Construct, target: EnvironmentTarget): void;

  protected get port(): number {
    return this.options.port ?? 8080;
  }
}

class KpushEnvironment extends Environment {
  constructor(private readonly kpush: KpushEnvironmentOptions) {
    super(kpush);
  }

  public bind(scope: Construct, target: EnvironmentTarget): void {
    const env: { [name: string]: ImageDeployEnv } = {};
    for (const [k, v] of Object.entries(this.kpush.env ?? {})) env[k] = ImageDeployEnv.fromValue(v);
    for (const [k, s] of Object.entries(this.kpush.secretEnv ?? {})) env[k] = ImageDeployEnv.fromSecretKey(s.secretName, s.key);
    new ImageDeploy(scope, target.appName, {
      controller: this.kpush.controller,
      namespace: this.namespace,
      deploymentName: target.appName,
      deploymentNamespace: this.namespace,
      replicas: this.kpush.replicas ?? 1,
      podLabels: { app: target.appName },
      selector: { app: target.appName },
      containers: [{
        name: target.appName,
        image: target.image,
        ports: [{ containerPort: this.port, name: 'http' }],
        ...(Object.keys(env).length ? { env } : {}),
      }],
    });
  }
}

class DeploymentEnvironment extends Environment {
  constructor(private readonly deployment: DeploymentEnvironmentOptions) {
    super(deployment);
  }

  public bind(scope: Construct, target: EnvironmentTarget): void {
    const wrong = checkPinnedImage(this.deployment.image);
    if (wrong) {
      fail(scope, 'environments[].image', this.deployment.image, wrong, 'Give the image promoted to this environment with a tag or digest, e.g. docker.io/org/app:1.0.1');
    }
    const envVariables: { [name: string]: kplus.EnvValue } = {};
    for (const [k, v] of Object.entries(this.deployment.env ?? {})) envVariables[k] = kplus.EnvValue.fromValue(v);
    for (const [k, s] of Object.entries(this.deployment.secretEnv ?? {})) {
      envVariables[k] = kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, `secret-${k}`, s.secretName), key: s.key });
    }
    const labels = { app: target.appName };
    const deployment = new kplus.Deployment(scope, 'deployment', {
      metadata: { name: target.appName, namespace: this.namespace, labels },
      replicas: this.deployment.replicas ?? 1,
      select: false,
      podMetadata: { labels },
      containers: [{
        name: target.appName,
        image: this.deployment.image,
        ports: [{ number: this.port, name: 'http' }],
        envVariables,
        ...(this.deployment.resources ? { resources: this.deployment.resources } : {}),
        ...(this.deployment.liveness ? { liveness: this.deployment.liveness } : {}),
        ...(this.deployment.readiness ? { readiness: this.deployment.readiness } : {}),
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels }));
    // cdk8s-plus labels pods with their construct address; the app label alone selects them here, so the
    // manifests do not change when the construct tree is reorganized.
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove(`/spec/template/metadata/labels/${kplus.Pod.ADDRESS_LABEL.replace('/', '~1')}`));
    const service = new kplus.Service(scope, 'service', {
      metadata: { name: target.appName, namespace: this.namespace, labels },
      ports: [{ name: 'http', port: this.port, targetPort: this.port }],
    });
    service.selectLabel('app', target.appName);
    ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
  }
}

/** The tutorial's HTTP probe on `/`, as a cdk8s-plus Probe. */
export function httpProbe(port: number, initialDelay: Duration, period: Duration): kplus.Probe {
  return kplus.Probe.fromHttpGet('/', { port, initialDelaySeconds: initialDelay, periodSeconds: period });
}
