import { ApiObjectMetadata, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ResourceProps } from '../core/resource';
import { SecurityContext } from '../tekton/api';
import { defaultResourceName } from '../tekton/names';
import { ParamOptions } from '../tekton/params';
import { TaskResultOptions } from '../tekton/results';
import { TaskProps } from '../tekton/task';
import { TaskWorkspaceOptions } from '../tekton/workspaces';
import { StepScript } from './scripts/step-script';

/** What every catalog Task takes. */
export interface CatalogTaskProps extends ResourceProps {
  /**
   * The Task object's metadata; its name is a DNS-1123 label starting with a letter.
   * @default - name: in an app, `<app>-<construct id>` (unless the id starts with `<app>-`), so two apps'
   * Tasks never collide; elsewhere the Task's conventional name, e.g. `git-clone`; namespace: the chart's
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The step's image, with a tag or digest (`:latest` and bare names are refused). Replace it to pin a digest
   * or use a mirror; the script needs what the default image has.
   * @default - the image the script is written and tested for
   */
  readonly image?: string;
  /** CPU, memory and ephemeral storage requests and limits of the step. @default - the Task's own: requests and a memory limit fit for its tool */
  readonly computeResources?: kplus.ContainerResources;
  /**
   * The user id the step runs as: never root (Pod Security "restricted"). Every catalog step runs as the same
   * user by default, so each can write what the step before it wrote into a shared workspace (the clone, the
   * checks' copies); change it for all of a Pipeline's Tasks together.
   * @default 65532
   */
  readonly runAsUser?: number;
}

/** How a catalog Task turns its step script into Task props. */
export interface ScriptTaskOptions {
  /** The Task's conventional name, its default outside an app (in an app: `<app>-<construct id>`). */
  readonly name: string;
  /** What the Task does. */
  readonly description: string;
  /** The step's name. */
  readonly step: string;
  /** Param defaults that replace the script's (already checked by the caller). */
  readonly defaults?: { readonly [param: string]: string };
  /** The user id the default image runs its tool as. @default NONROOT_USER */
  readonly runAsUser?: number;
  /** The step's resources when the props give none. @default SMALL_STEP_RESOURCES */
  readonly computeResources?: kplus.ContainerResources;
}

/** The user id catalog steps run as (distroless's `nonroot`): one id for all, so every step can write what another wrote. */
export const NONROOT_USER = 65532;

/** Resources of a step that runs git or coreutils: a small request, and a memory limit. */
export const SMALL_STEP_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(100) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
};

/** Resources of a step that builds and tests code (Go, Node.js, Java): a request of half a core and 1 GiB, 2 GiB at most. */
export const BUILD_STEP_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(500) },
  memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
};

/**
 * The container securityContext of every catalog step: what Pod Security's "restricted" profile asks of a
 * container (runAsNonRoot, no privilege escalation, all capabilities dropped, the runtime's default seccomp
 * profile), with a numeric user, since the kubelet cannot tell whether a user *name* is root.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function restrictedSecurityContext(runAsUser: number): SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Where a catalog Task is created: its scope and construct id, which name it inside an app. */
export interface TaskSite {
  /** The Task's scope. */
  readonly scope: IConstruct;
  /** The Task's construct id. */
  readonly id: string;
}

/**
 * The props of a Task with `script` as its one step: exactly the params, workspaces and results the script
 * declares, and the step's environment that carries them into the script.
 */
export function scriptTaskProps(at: TaskSite, script: StepScript, props: CatalogTaskProps, o: ScriptTaskOptions): TaskProps {
  const params: { [name: string]: ParamOptions } = {};
  for (const p of script.params) {
    const value = o.defaults?.[p.name] ?? p.default;
    params[p.name] = { description: p.description, ...(value !== undefined ? { default: value } : {}) };
  }
  const workspaces: { [name: string]: TaskWorkspaceOptions } = {};
  for (const w of script.workspaces) {
    workspaces[w.name] = { description: w.description, ...(w.optional ? { optional: true } : {}), ...(w.readOnly ? { readOnly: true } : {}) };
  }
  const results: { [name: string]: TaskResultOptions } = {};
  for (const r of script.results) results[r.name] = { description: r.description };
  return {
    metadata: { ...props.metadata, name: props.metadata?.name ?? defaultResourceName(at.scope, at.id, o.name) },
    description: o.description,
    params,
    workspaces,
    results,
    steps: [{
      name: o.step,
      image: props.image ?? script.image,
      env: { ...script.env },
      computeResources: props.computeResources ?? o.computeResources ?? SMALL_STEP_RESOURCES,
      securityContext: restrictedSecurityContext(props.runAsUser ?? o.runAsUser ?? NONROOT_USER),
      script: script.script,
    }],
  };
}

