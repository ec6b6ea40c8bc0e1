import { Duration, Size } from 'cdk8s';

/** A Secret key an environment variable is read from. The value never appears in the manifests. */
export interface SecretKey {
  /** The Secret's name, in the environment's namespace. */
  readonly secretName: string;
  /** The key in the Secret. */
  readonly key: string;
}

/** A port the app listens on. */
export interface WorkloadPort {
  /** The port's name (IANA service name, e.g. `http`): the container port and Service port are named so. */
  readonly name: string;
  /** The port the container listens on. */
  readonly containerPort: number;
  /** The port the Service exposes. @default - the container port */
  readonly servicePort?: number;
}

/** Requests and limits of CPU, in millicores. */
export interface CpuRange {
  /** What the scheduler reserves. @default 100 */
  readonly request?: number;
  /** The most the container may use. @default 500 */
  readonly limit?: number;
}

/** Requests and limits of memory or storage. */
export interface SizeRange {
  /** What the scheduler reserves. @default - the limit */
  readonly request?: Size;
  /** The most the container may use. @default - the request */
  readonly limit?: Size;
}

/**
 * Requests and limits of the app container. Always set, so the scheduler places pods by what they need and a
 * leaking container is stopped at its limit.
 */
export interface WorkloadResources {
  /** CPU in millicores. @default - request 100, limit 500 */
  readonly cpuMillis?: CpuRange;
  /** Memory. @default - request and limit 256 MiB */
  readonly memory?: SizeRange;
  /** Node-local scratch space (the `/tmp` emptyDir counts against it). @default - none */
  readonly ephemeralStorage?: SizeRange;
}

/** Timing of a {@link HealthProbe}. */
export interface ProbeTiming {
  /** Wait before the first probe. @default - Kubernetes' default, 0s */
  readonly initialDelay?: Duration;
  /** Time between probes. @default - Kubernetes' default, 10s */
  readonly period?: Duration;
  /** Time a probe may take. @default - Kubernetes' default, 1s */
  readonly timeout?: Duration;
  /** Failures in a row that count as failed. @default - Kubernetes' default, 3 */
  readonly failureThreshold?: number;
}

/**
 * A liveness, readiness or startup probe of the app container.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 *
 * @example
 * HealthProbe.http('/healthz', { initialDelay: Duration.seconds(4), period: Duration.seconds(3) })
 */
export class HealthProbe {
  /** An HTTP GET of `path` that succeeds with a status from 200 to 399, on `options.port` (default: the first port). */
  public static http(path: string, options: ProbeTiming & { readonly port?: number } = {}): HealthProbe {
    return new HealthProbe({ httpGet: { path } }, options, options.port);
  }

  /** A TCP connection that opens, to `options.port` (default: the first port). */
  public static tcp(options: ProbeTiming & { readonly port?: number } = {}): HealthProbe {
    return new HealthProbe({ tcpSocket: {} }, options, options.port);
  }

  /** A command in the container that exits with 0. */
  public static exec(command: string[], options: ProbeTiming = {}): HealthProbe {
    return new HealthProbe({ exec: { command: [...command] } }, options, undefined);
  }

  private constructor(
    private readonly handler: { [key: string]: any },
    private readonly timing: ProbeTiming,
    private readonly port: number | undefined,
  ) {}

  /** The probe as a container has it; `defaultPort` fills an HTTP or TCP probe without a port. */
  public render(defaultPort: number): { [key: string]: unknown } {
    const handler: { [key: string]: any } = {};
    for (const [k, v] of Object.entries(this.handler)) {
      handler[k] = k === 'exec' ? v : { ...v, port: this.port ?? defaultPort };
    }
    const t = this.timing;
    return {
      ...handler,
      ...(t.initialDelay ? { initialDelaySeconds: t.initialDelay.toSeconds() } : {}),
      ...(t.period ? { periodSeconds: t.period.toSeconds() } : {}),
      ...(t.timeout ? { timeoutSeconds: t.timeout.toSeconds() } : {}),
      ...(t.failureThreshold !== undefined ? { failureThreshold: t.failureThreshold } : {}),
    };
  }
}

/** Where a volume's content comes from. */
export class VolumeSource {
  /** An empty folder that lives as long as the pod: scratch space, e.g. `/tmp` under a read-only root. */
  public static emptyDir(options: { readonly sizeLimit?: Size; readonly memory?: boolean } = {}): VolumeSource {
    return new VolumeSource({
      emptyDir: {
        ...(options.memory ? { medium: 'Memory' } : {}),
        ...(options.sizeLimit ? { sizeLimit: `${options.sizeLimit.toMebibytes()}Mi` } : {}),
      },
    });
  }

  /** The keys of a Secret, one file each (read-only). */
  public static secret(secretName: string): VolumeSource {
    return new VolumeSource({ secret: { secretName } });
  }

  /** The keys of a ConfigMap, one file each (read-only). */
  public static configMap(configMapName: string): VolumeSource {
    return new VolumeSource({ configMap: { name: configMapName } });
  }

  private constructor(
    /** The volume source as a pod has it, e.g. `{ emptyDir: {} }`. */
    public readonly spec: { [key: string]: unknown },
  ) {}
}

/** A volume mounted into the app container. */
export interface WorkloadVolume {
  /** The volume's name (DNS label), unique in the pod. */
  readonly name: string;
  /** Where it is mounted, an absolute path. */
  readonly mountPath: string;
  /** What it holds. */
  readonly source: VolumeSource;
  /** Mount it read-only. @default - true for Secrets and ConfigMaps, false otherwise */
  readonly readOnly?: boolean;
}

/**
 * The security context of the app's pods. The Kubernetes "restricted" Pod Security Standard always holds:
 * `runAsNonRoot`, no privilege escalation, every capability dropped, the `RuntimeDefault` seccomp profile.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface WorkloadSecurity {
  /** The root filesystem is read-only; write to volumes (`/tmp` is one by default). @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /** The user the container runs as. @default - the image's user (must be numeric and not 0) */
  readonly runAsUser?: number;
  /** The primary group. @default - the image's group */
  readonly runAsGroup?: number;
  /** The group owning mounted volumes. @default - none */
  readonly fsGroup?: number;
}

/** The app's Service. */
export interface WorkloadService {
  /** The Service type. @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
}

/**
 * What runs, the same for every deploy mode: replicas, ports and a Service, env, resources, probes,
 * volumes and security. Every default is the secure one.
 */
export interface WorkloadOptions {
  /** Pod replicas (1 to 10 for a kpush environment, the ImageDeploy CRD's limits). @default 1 */
  readonly replicas?: number;
  /** The ports the app listens on. @default - one port `http`, 8080 */
  readonly ports?: WorkloadPort[];
  /** The Service in front of the pods, or `false` for none. @default - a ClusterIP Service of every port */
  readonly service?: WorkloadService | false;
  /**
   * Plain environment variables (never credentials: they are committed; a value of a token's shape is
   * refused, a credential's name with a plain value warned about). @default - none
   */
  readonly env?: { [name: string]: string };
  /** Environment variables read from Secrets (`secretKeyRef`). @default - none */
  readonly secretEnv?: { [name: string]: SecretKey };
  /** Requests and limits. @default - see {@link WorkloadResources} */
  readonly resources?: WorkloadResources;
  /** Liveness probe: restarts a container that stops answering. @default - none */
  readonly liveness?: HealthProbe;
  /** Readiness probe: sends traffic only to pods that answer. @default - none */
  readonly readiness?: HealthProbe;
  /** Startup probe: holds the other probes until the app has started. @default - none */
  readonly startup?: HealthProbe;
  /** Volumes mounted into the app container, besides `/tmp`. @default - none */
  readonly volumes?: WorkloadVolume[];
  /**
   * A writable `emptyDir` at `/tmp`, which JVM, Node.js and most web frameworks need under a read-only root
   * filesystem. @default true
   */
  readonly tmpVolume?: boolean;
  /** The security context. @default - restricted, read-only root filesystem */
  readonly security?: WorkloadSecurity;
  /**
   * Mount a token of the pod's service account: only an app that calls the Kubernetes API needs one.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
}
