import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Volume } from './api';

/** Options of {@link TaskVolume.emptyDir}. */
export interface EmptyDirOptions {
  /** Largest size before the pod is evicted. @default - no limit */
  readonly sizeLimit?: Size;
  /** Keep it in memory (tmpfs). @default false */
  readonly memory?: boolean;
}

/** Options of {@link TaskVolume.secret} and {@link TaskVolume.configMap}. */
export interface ObjectVolumeOptions {
  /** The pod starts even when the object is missing. @default false */
  readonly optional?: boolean;
  /** File mode of the files, e.g. `0o400`. @default - Kubernetes' 0644 */
  readonly defaultMode?: number;
}

/**
 * A volume of a Task's pod. Mount it in a step (`volumeMounts: [{ volume, mountPath }]`) and the Task declares it.
 * Secrets and ConfigMaps are referenced by name (or a construct), never by content.
 *
 * @example
 * const cache = TaskVolume.emptyDir('go-cache', { sizeLimit: Size.gibibytes(2) });
 * task.addStep({ name: 'test', image: GO_IMAGE, volumeMounts: [{ volume: cache, mountPath: '/root/.cache' }], script });
 */
export class TaskVolume {
  /** A scratch directory that lives as long as the TaskRun's pod. */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): TaskVolume {
    return new TaskVolume({
      name,
      emptyDir: {
        ...(options.memory ? { medium: 'Memory' } : {}),
        ...(options.sizeLimit ? { sizeLimit: `${options.sizeLimit.toMebibytes()}Mi` } : {}),
      },
    });
  }

  /** A Secret's keys as files. The name may be a param reference such as `$(params.secret)`. */
  public static secret(name: string, secret: kplus.ISecret | string, options: ObjectVolumeOptions = {}): TaskVolume {
    return new TaskVolume({ name, secret: { secretName: typeof secret === 'string' ? secret : secret.name, ...modeAndOptional(options) } });
  }

  /** A ConfigMap's keys as files. */
  public static configMap(name: string, configMap: kplus.IConfigMap | string, options: ObjectVolumeOptions = {}): TaskVolume {
    return new TaskVolume({ name, configMap: { name: typeof configMap === 'string' ? configMap : configMap.name, ...modeAndOptional(options) } });
  }

  /** An existing PersistentVolumeClaim, by name. */
  public static persistentVolumeClaim(name: string, claimName: string, readOnly?: boolean): TaskVolume {
    return new TaskVolume({ name, persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly } : {}) } });
  }

  private constructor(private readonly spec: Volume) {}

  /** The volume's name, which mounts refer to. */
  public get name(): string {
    return this.spec.name;
  }

  /** The `spec.volumes[]` entry. */
  public toSpec(): Volume {
    return JSON.parse(JSON.stringify(this.spec));
  }
}

function modeAndOptional(o: ObjectVolumeOptions): { optional?: boolean; defaultMode?: number } {
  return { ...(o.optional ? { optional: true } : {}), ...(o.defaultMode !== undefined ? { defaultMode: o.defaultMode } : {}) };
}
