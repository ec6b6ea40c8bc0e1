import { Duration, Size } from 'cdk8s';
import { formatGoDuration } from '../core/duration';
import { problem } from '../core/errors';
import { PodSecurity, restrictedPodSecurityContext } from '../core/pod-security';

/**
 * The shared contract between a Pipeline and everything that starts it: the Tekton `PipelineRun`
 * construct, Tekton Triggers' `TriggerTemplate` and the pipeline-trigger-operator's `PipelineTrigger`.
 * They all render the run with {@link renderPipelineRunBody} and check it with {@link checkPipelineRunBody},
 * so a run's params and workspaces are checked against its Pipeline the same way everywhere.
 */

/** A param a Pipeline declares. */
export interface DeclaredParam {
  /** The param's name. */
  readonly name: string;
  /** The param's type. */
  readonly type: 'string' | 'array' | 'object';
  /** True when the param has no default, so every run must supply it. */
  readonly required: boolean;
  /** The only values a string param may take. @default - any value */
  readonly enum?: string[];
}

/** A workspace a Pipeline declares. */
export interface DeclaredWorkspace {
  /** The workspace's name. */
  readonly name: string;
  /** True when a run may leave it unbound. */
  readonly optional: boolean;
}

/**
 * A Pipeline a run can run, as far as the run needs to know it: a {@link Pipeline} of this app, or one
 * outside it from {@link Pipeline.fromName}, whose params cannot be checked.
 */
export interface IPipeline {
  /** The Pipeline's `metadata.name`. */
  readonly name: string;
  /** The Pipeline's params, or undefined when they are not known (a Pipeline outside the app). */
  readonly declaredParams?: DeclaredParam[];
  /** The Pipeline's workspaces, or undefined when they are not known. */
  readonly declaredWorkspaces?: DeclaredWorkspace[];
}

/** A param value of a run: a string (which may hold `$(tt.params.x)` or `$.commitId`), an array or an object. */
export type RunParamValue = string | string[] | { [key: string]: string };

/** Options of {@link RunWorkspace.volumeClaimTemplate}. */
export interface VolumeClaimTemplateOptions {
  /** Requested storage. */
  readonly size: Size;
  /** Access modes. @default ['ReadWriteOnce'] */
  readonly accessModes?: string[];
  /** Storage class. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** How a run provides one of the Pipeline's workspaces. */
export class RunWorkspace {
  /** A new PersistentVolumeClaim per run, deleted with the run: no state shared between runs. */
  public static volumeClaimTemplate(options: VolumeClaimTemplateOptions): RunWorkspace {
    return new RunWorkspace({
      volumeClaimTemplate: {
        spec: {
          accessModes: options.accessModes ?? ['ReadWriteOnce'],
          resources: { requests: { storage: `${options.size.toMebibytes()}Mi` } },
          ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}),
        },
      },
    });
  }

  /** An existing PersistentVolumeClaim, shared by every run that binds it. */
  public static persistentVolumeClaim(claimName: string, readOnly?: boolean): RunWorkspace {
    return new RunWorkspace({ persistentVolumeClaim: { claimName, ...(readOnly !== undefined ? { readOnly } : {}) } });
  }

  /** An emptyDir: lives as long as one TaskRun's pod, so it cannot carry files between tasks. */
  public static emptyDir(): RunWorkspace {
    return new RunWorkspace({ emptyDir: {} });
  }

  /** A Secret mounted read-only, e.g. git credentials. */
  public static secret(secretName: string): RunWorkspace {
    return new RunWorkspace({ secret: { secretName } });
  }

  /** A ConfigMap mounted read-only. */
  public static configMap(name: string): RunWorkspace {
    return new RunWorkspace({ configMap: { name } });
  }

  private constructor(private readonly source: { [key: string]: unknown }) {}

  /** The `spec.workspaces[]` entry binding this source to `name`. */
  public bind(name: string): { [key: string]: unknown } {
    return { name, ...this.source };
  }
}

/** Timeouts of a run. */
export interface RunTimeouts {
  /** The whole run. @default - Tekton's default (1h) */
  readonly pipeline?: Duration;
  /** All `tasks`. @default - no separate limit */
  readonly tasks?: Duration;
  /** All `finally` tasks. @default - no separate limit */
  readonly finally?: Duration;
}

/** Everything a PipelineRun body is made of. */
export interface PipelineRunBodyOptions {
  /** The Pipeline to run. */
  readonly pipeline: IPipeline;
  /** Param values by name. @default - none */
  readonly params?: { [name: string]: RunParamValue };
  /** Workspace bindings by the Pipeline's workspace name. @default - none */
  readonly workspaces?: { [name: string]: RunWorkspace };
  /** Service account of every TaskRun (`spec.taskRunTemplate.serviceAccountName`). @default - `default` */
  readonly serviceAccountName?: string;
  /** Timeouts. @default - Tekton's defaults */
  readonly timeouts?: RunTimeouts;
  /** `metadata.name`; give either this or `generateName`. */
  readonly name?: string;
  /** `metadata.generateName`, for runs created again and again (from a trigger). */
  readonly generateName?: string;
  /** `metadata.namespace`. @default - none */
  readonly namespace?: string;
  /** Labels. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations. @default - none */
  readonly annotations?: { [key: string]: string };
  /**
   * The Pod Security Standards profile of the run's pods. Restricted renders a pod-level securityContext in
   * `taskRunTemplate.podTemplate` (non-root user and group 65532, `fsGroup` 65532 so a PersistentVolumeClaim
   * workspace is writable by every step, RuntimeDefault seccomp); an opt-out leaves it out and records why in
   * the run's annotations.
   * @default PodSecurity.restricted()
   * @see https://tekton.dev/docs/pipelines/podtemplates/
   */
  readonly podSecurity?: PodSecurity;
  /**
   * Mount the ServiceAccount's API token in the run's pods, for steps that call the Kubernetes API. Tekton
   * needs no token in the pod: the controller, not the pod, reads the ServiceAccount's credentials.
   * @default false
   */
  readonly serviceAccountToken?: boolean;
}

/** Renders a `tekton.dev/v1` PipelineRun (v1 shape: the service account under `taskRunTemplate`). */
export function renderPipelineRunBody(o: PipelineRunBodyOptions): any {
  const params = Object.entries(o.params ?? {}).map(([name, value]) => ({ name, value }));
  const workspaces = Object.entries(o.workspaces ?? {}).map(([name, ws]) => ws.bind(name));
  const timeouts = Object.fromEntries(Object.entries(o.timeouts ?? {})
    .filter(([, d]) => d !== undefined)
    .map(([k, d]) => [k, goDuration(d as Duration)]));
  const podSecurity = o.podSecurity ?? PodSecurity.restricted();
  const annotations = { ...(o.annotations ?? {}), ...podSecurity.annotations() };
  const metadata = {
    ...(o.name ? { name: o.name } : {}),
    ...(o.generateName ? { generateName: o.generateName } : {}),
    ...(o.namespace ? { namespace: o.namespace } : {}),
    ...(o.labels && Object.keys(o.labels).length ? { labels: o.labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  // Tekton applies taskRunTemplate.podTemplate to the pod of every TaskRun of the run (tektoncd/pipeline
  // docs/podtemplates.md, docs/pipelineruns.md "Specifying taskRunTemplate"); the steps' own securityContext
  // carries the container-level fields.
  const taskRunTemplate = {
    ...(o.serviceAccountName ? { serviceAccountName: o.serviceAccountName } : {}),
    podTemplate: {
      ...(o.serviceAccountToken ? {} : { automountServiceAccountToken: false }),
      ...(podSecurity.isRestricted ? { securityContext: restrictedPodSecurityContext({ runAsUser: true, fsGroup: true }) } : {}),
    },
  };
  if (Object.keys(taskRunTemplate.podTemplate).length === 0) delete (taskRunTemplate as any).podTemplate;
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata,
    spec: {
      pipelineRef: { name: o.pipeline.name },
      ...(params.length ? { params } : {}),
      ...(workspaces.length ? { workspaces } : {}),
      ...(Object.keys(taskRunTemplate).length ? { taskRunTemplate } : {}),
      ...(Object.keys(timeouts).length ? { timeouts } : {}),
    },
  };
}

/**
 * Checks a run against its Pipeline: unknown params, missing required params, type mismatches, unknown
 * workspaces and unbound required workspaces. Returns the problems; nothing when the Pipeline is not known.
 */
export function checkPipelineRunBody(o: PipelineRunBodyOptions): string[] {
  const out: string[] = [];
  const pipeline = o.pipeline.name;
  if (!o.name === !o.generateName) {
    out.push(problem('metadata', o.name ?? '', 'needs exactly one of name and generateName', 'Give generateName for runs created by a trigger, name for a one-off run'));
  }
  const declared = o.pipeline.declaredParams;
  if (declared) {
    const byName = new Map(declared.map(p => [p.name, p]));
    for (const [name, value] of Object.entries(o.params ?? {})) {
      const spec = byName.get(name);
      if (!spec) {
        out.push(problem('params', name, `is not a param of Pipeline '${pipeline}'`, `Use one of: ${[...byName.keys()].join(', ') || '(none)'}`));
      } else if (typeOf(value) !== spec.type) {
        out.push(problem(`params.${name}`, value, `is ${article(typeOf(value))} but Pipeline '${pipeline}' declares it as ${article(spec.type)}`, `Pass ${article(spec.type)} value`));
      } else if (spec.enum && typeof value === 'string' && !value.includes('$') && !spec.enum.includes(value)) {
        // Values with `$(...)` or `$.` are filled in later (by a trigger); only literals can be checked here.
        out.push(problem(`params.${name}`, value, `is not one of the values Pipeline '${pipeline}' allows`, `Use one of: ${spec.enum.join(', ')}`));
      }
    }
    for (const p of declared) {
      if (p.required && !(p.name in (o.params ?? {}))) {
        out.push(problem('params', p.name, `is required by Pipeline '${pipeline}' (it has no default) but not given`, `Pass a value for '${p.name}'`));
      }
    }
  }
  const workspaces = o.pipeline.declaredWorkspaces;
  if (workspaces) {
    const names = new Set(workspaces.map(w => w.name));
    for (const name of Object.keys(o.workspaces ?? {})) {
      if (!names.has(name)) {
        out.push(problem('workspaces', name, `is not a workspace of Pipeline '${pipeline}'`, `Use one of: ${[...names].join(', ') || '(none)'}`));
      }
    }
    for (const w of workspaces) {
      if (!w.optional && !(w.name in (o.workspaces ?? {}))) {
        out.push(problem('workspaces', w.name, `is required by Pipeline '${pipeline}' but not bound`, `Bind it, e.g. with RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) })`));
      }
    }
  }
  return out;
}

function typeOf(v: RunParamValue): DeclaredParam['type'] {
  return typeof v === 'string' ? 'string' : Array.isArray(v) ? 'array' : 'object';
}

function article(t: string): string {
  return t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`;
}

/** A Go duration as Tekton expects it and prints it back, e.g. `1h30m0s` ({@link formatGoDuration}). */
export function goDuration(d: Duration): string {
  return formatGoDuration(d, { allUnits: true });
}
