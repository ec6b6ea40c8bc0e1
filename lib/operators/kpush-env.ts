import { problem } from '../core/errors';
import { NameFormat, checkName } from '../core/names';
import { plainEnvFindings } from '../core/secret-values';

/** Options of a key reference. */
export interface KeyRefOptions {
  /** Start the container even when the Secret or ConfigMap (or the key) is missing. @default false */
  readonly optional?: boolean;
}

/**
 * The value of one environment variable of an {@link ImageDeploy} container: the forms the ImageDeploy
 * CRD keeps (a literal, a Secret key, a ConfigMap key, a pod field). Secrets are referenced by name only.
 *
 * @example
 * { GITHUB_TOKEN: ImageDeployEnv.fromSecretKey('github-token', 'GITHUB_TOKEN'), LOG_LEVEL: ImageDeployEnv.fromValue('info') }
 */
export class ImageDeployEnv {
  /** A literal value, committed with the manifest: never a credential. */
  public static fromValue(value: string): ImageDeployEnv {
    return new ImageDeployEnv({ value });
  }

  /** A key of a Secret in the Deployment's namespace (`valueFrom.secretKeyRef`). */
  public static fromSecretKey(secretName: string, key: string, options: KeyRefOptions = {}): ImageDeployEnv {
    return new ImageDeployEnv({ valueFrom: { secretKeyRef: { name: secretName, key, ...optional(options) } } }, secretName, key);
  }

  /** A key of a ConfigMap in the Deployment's namespace (`valueFrom.configMapKeyRef`). */
  public static fromConfigMapKey(configMapName: string, key: string, options: KeyRefOptions = {}): ImageDeployEnv {
    return new ImageDeployEnv({ valueFrom: { configMapKeyRef: { name: configMapName, key, ...optional(options) } } }, configMapName, key);
  }

  /** A field of the pod, e.g. `metadata.name` or `status.podIP` (`valueFrom.fieldRef`). */
  public static fromField(fieldPath: string): ImageDeployEnv {
    return new ImageDeployEnv({ valueFrom: { fieldRef: { fieldPath } } }, undefined, undefined, fieldPath);
  }

  private constructor(
    private readonly body: { [key: string]: unknown },
    private readonly refName?: string,
    private readonly refKey?: string,
    private readonly fieldPath?: string,
  ) {}

  /** Problems of this value; `at` is the env entry's field path. */
  public check(at: string): string[] {
    const out: string[] = [];
    const value = this.body.value;
    if (typeof value === 'string') {
      const found = plainEnvFindings(at, value, 'an environment\'s secretEnv: { NAME: { secretName, key } }, or ImageDeployEnv.fromSecretKey(secretName, key)');
      if (found.error) out.push(problem(at, value, ...found.error));
    }
    if (this.refName !== undefined) {
      const bad = checkName(this.refName, { format: NameFormat.SUBDOMAIN });
      if (bad) out.push(problem(`${at}.valueFrom.name`, this.refName, bad, 'Give the name of the Secret or ConfigMap'));
      if (!/^[-._a-zA-Z0-9]+$/.test(this.refKey!)) {
        out.push(problem(`${at}.valueFrom.key`, this.refKey, 'is not a valid key (letters, digits, \'-\', \'_\', \'.\')', 'Give the key as it appears in the Secret or ConfigMap'));
      }
    }
    if (this.fieldPath !== undefined && !/^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/.test(this.fieldPath)) {
      out.push(problem(`${at}.valueFrom.fieldRef.fieldPath`, this.fieldPath, 'is not a pod field the downward API offers',
        'Use e.g. metadata.name, metadata.namespace, metadata.labels[\'app\'], spec.nodeName or status.podIP'));
    }
    return out;
  }

  /** The env entry for `name`. */
  public render(name: string): { [key: string]: unknown } {
    return { name, ...this.body };
  }
}

function optional(options: KeyRefOptions): { optional?: boolean } {
  return options.optional ? { optional: true } : {};
}
