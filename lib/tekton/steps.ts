import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { fail, problem, throwProblems } from '../core/errors';
import { describeValue } from '../core/guards';
import { parseImageReference } from '../core/image-reference';
import { containerResourceProblems } from '../core/resources';
import { plainEnvFindings } from '../core/secret-values';
import { Warnings } from '../core/warnings';
import { ContainerFields, EnvVar, ResourceRequirements, SecurityContext, Sidecar, Step, StepTemplate, VolumeMount } from './api';
import { validateLabel } from './names';
import { goDuration } from './run';
import { TaskVolume } from './volumes';
import { IExpressionValue } from './when';

/** What a step does when it fails. */
export enum StepOnError {
  /** Fail the TaskRun (Tekton's default). */
  STOP_AND_FAIL = 'stopAndFail',
  /** Record the exit code and go on with the next step. */
  CONTINUE = 'continue',
}

/** A volume mounted into a step or sidecar. */
export interface VolumeMountOptions {
  /** The volume; the Task declares it when a step mounts it. */
  readonly volume: TaskVolume;
  /** Where to mount it: an absolute path, not under `/tekton/` (except `/tekton/home`). */
  readonly mountPath: string;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
  /** Mount only this sub-directory of the volume. @default - the whole volume */
  readonly subPath?: string;
}

/** What steps, the step template and sidecars have in common. */
export interface ContainerOptions {
  /** The image, with a tag or digest (`:latest` and bare names are rejected). @default - the step template's image */
  readonly image?: string;
  /** The entrypoint; not together with `script`. @default - the image's entrypoint */
  readonly command?: string[];
  /** Arguments; an array param may fill one element on its own as `$(params.name[*])`. @default - none */
  readonly args?: string[];
  /** Working directory, e.g. a workspace's `.path`. @default - the image's */
  readonly workingDir?: string;
  /**
   * Environment variables by name: a handle (a {@link Param}, or anything with a `$(...)` `ref`), a plain
   * string (which may contain `$(params.x)` or `result.path`), or a cdk8s-plus `EnvValue` such as
   * `EnvValue.fromSecretValue({ secret, key })` to read a Secret by reference. This is how values reach a
   * `script` safely: as data the shell reads (`"$URL"`), never as script text. A plain string of a token's
   * shape is refused, and one named like a credential warned about: it would be committed.
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue | string | IExpressionValue };
  /** CPU, memory and ephemeral storage requests and limits. @default - none */
  readonly computeResources?: kplus.ContainerResources;
  /** Volumes to mount. @default - none */
  readonly volumeMounts?: VolumeMountOptions[];
  /** The container's security context. @default - none */
  readonly securityContext?: SecurityContext;
  /** When to pull the image. @default - Kubernetes' default (IfNotPresent for tagged images) */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
}

/** A step of a Task. */
export interface StepProps extends ContainerOptions {
  /** The step's name, a DNS-1123 label unique in the Task. */
  readonly name: string;
  /** A name for UIs. @default - none */
  readonly displayName?: string;
  /** A script run as the entrypoint; it must start with a hashbang such as `#!/bin/sh`. @default - none */
  readonly script?: string;
  /** What a failure of this step does. @default StepOnError.STOP_AND_FAIL */
  readonly onError?: StepOnError;
  /** How long the step may run. @default - no limit beyond the TaskRun's */
  readonly timeout?: Duration;
}

/** Defaults every step of a Task inherits. */
export type StepTemplateProps = ContainerOptions;

/** A container running next to the steps, e.g. a database for tests. */
export interface SidecarProps extends ContainerOptions {
  /** The sidecar's name, a DNS-1123 label. */
  readonly name: string;
  /** A script run as the entrypoint; it must start with a hashbang. @default - none */
  readonly script?: string;
}

/** A rendered container plus the volumes it mounts. */
export interface RenderedContainer<T> {
  readonly spec: T;
  readonly volumes: TaskVolume[];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Renders a step, throwing at once for anything wrong with it alone. */
export function renderStep(owner: IConstruct, props: StepProps, template?: StepTemplateProps): RenderedContainer<Step> {
  const field = `spec.steps[${props.name}]`;
  validateLabel(owner, 'spec.steps', props.name);
  if (!props.image && !template?.image) fail(owner, `${field}.image`, '', 'is missing', 'Give the step an image, or give the Task a stepTemplate with one');
  checkScript(owner, field, props);
  if (props.onError !== undefined && !Object.values(StepOnError).includes(props.onError)) {
    fail(owner, `${field}.onError`, props.onError, 'is not a valid value', 'Use StepOnError.CONTINUE or StepOnError.STOP_AND_FAIL');
  }
  for (const name of Object.keys(props.env ?? {})) {
    if (template?.env && name in template.env) {
      fail(owner, `${field}.env`, name, 'is also set by the stepTemplate (tekton-lint\'s no-duplicate-env)', 'Set it in one place: the step or the stepTemplate');
    }
  }
  const c = renderContainer(owner, field, props);
  const spec: Step = {
    name: props.name,
    ...(props.displayName ? { displayName: props.displayName } : {}),
    ...c.spec,
    ...(props.script ? { script: props.script } : {}),
    ...(props.onError ? { onError: props.onError } : {}),
    ...(props.timeout ? { timeout: goDuration(props.timeout) } : {}),
  };
  return { spec, volumes: c.volumes };
}

/** Renders a sidecar. */
export function renderSidecar(owner: IConstruct, props: SidecarProps): RenderedContainer<Sidecar> {
  const field = `spec.sidecars[${props.name}]`;
  validateLabel(owner, 'spec.sidecars', props.name);
  if (!props.image) fail(owner, `${field}.image`, '', 'is missing', 'Give the sidecar an image');
  checkScript(owner, field, props);
  const c = renderContainer(owner, field, props);
  return { spec: { name: props.name, ...c.spec, ...(props.script ? { script: props.script } : {}) }, volumes: c.volumes };
}

/** Renders the step template. */
export function renderStepTemplate(owner: IConstruct, props: StepTemplateProps): RenderedContainer<StepTemplate> {
  return renderContainer(owner, 'spec.stepTemplate', props);
}

function renderContainer(owner: IConstruct, field: string, o: ContainerOptions): RenderedContainer<ContainerFields> {
  if (o.image !== undefined) checkImage(owner, `${field}.image`, o.image);
  checkUser(owner, `${field}.securityContext`, o.securityContext);
  const env = Object.entries(o.env ?? {}).map(([name, value]) => renderEnv(owner, `${field}.env`, name, value));
  const mounts = (o.volumeMounts ?? []).map(m => renderMount(owner, `${field}.volumeMounts`, m));
  throwProblems(owner, containerResourceProblems(`${field}.computeResources`, o.computeResources));
  const resources = renderResources(o.computeResources);
  const spec: ContainerFields = {
    ...(o.image ? { image: o.image } : {}),
    ...(o.command?.length ? { command: [...o.command] } : {}),
    ...(o.args?.length ? { args: [...o.args] } : {}),
    ...(o.workingDir ? { workingDir: o.workingDir } : {}),
    ...(env.length ? { env } : {}),
    ...(resources ? { computeResources: resources } : {}),
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    ...(o.securityContext && Object.keys(o.securityContext).length ? { securityContext: o.securityContext } : {}),
    ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
  };
  return { spec, volumes: (o.volumeMounts ?? []).map(m => m.volume) };
}

/**
 * Throws unless the image parses as an image reference (distribution/reference's grammar,
 * {@link parseImageReference}: no whitespace, no line break, no shell metacharacters) naming a tag or digest
 * other than `latest`. A `$(...)` is filled in at run time: it counts as a valid part, and in the last path
 * segment (e.g. `golang:$(params.version)`) as the tag.
 */
export function checkImage(owner: IConstruct, field: string, image: string): void {
  if (typeof image !== 'string') fail(owner, field, image, `is ${describeValue(image)}, not a string`, 'Give the image as registry/repository:tag');
  const runTime = /\$\([^()]*\)/g;
  const parsed = parseImageReference(image.replace(runTime, 'x0'));
  if (typeof parsed === 'string') {
    if (parsed.startsWith('has digest')) fail(owner, field, image, 'has a malformed digest', 'Use <image>@sha256:<64 hex digits>');
    fail(owner, field, image, `${parsed}, so it is not an image reference the kubelet can pull`,
      'Give the image as [registry/]repository:tag or [registry/]repository@sha256:<digest>, e.g. docker.io/library/alpine:3.22.2');
  }
  if (parsed.digest) return;
  const last = image.slice(image.lastIndexOf('/') + 1);
  if (last.includes('$(')) return;
  if (parsed.tag === undefined) fail(owner, field, image, 'has no tag or digest, so every pull may get a different image', `Pin it, e.g. ${image}:1.2.3 or ${image}@sha256:<digest>`);
  if (parsed.tag === 'latest') fail(owner, field, image, 'uses the tag \'latest\', so every pull may get a different image', 'Pin a version tag or a digest');
}

function checkUser(owner: IConstruct, field: string, sc: SecurityContext | undefined): void {
  const user = sc?.runAsUser;
  if (user === undefined) return;
  if (!Number.isInteger(user) || user < 0) fail(owner, `${field}.runAsUser`, user, 'is not a user id', 'Give a whole number, e.g. 65532');
  if (user === 0 && sc?.runAsNonRoot) {
    fail(owner, `${field}.runAsUser`, user, 'is root, which runAsNonRoot forbids, so the pod would never start', 'Give a non-root user id, e.g. 65532');
  }
}

function checkScript(owner: IConstruct, field: string, o: { script?: string; command?: string[] }): void {
  if (o.script === undefined) return;
  if (!o.script.startsWith('#!')) {
    fail(owner, `${field}.script`, o.script.split('\n')[0], 'does not start with a hashbang (tekton-lint\'s no-missing-hashbang)',
      'Start the script with an interpreter line such as #!/bin/sh');
  }
  if (o.command?.length) fail(owner, `${field}.command`, o.command, 'is set together with script', 'Use either script or command');
}

function renderEnv(owner: IConstruct, field: string, name: string, value: kplus.EnvValue | string | IExpressionValue): EnvVar {
  if (!ENV_NAME.test(name)) fail(owner, field, name, 'is not a valid environment variable name', 'Use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit');
  if (typeof value === 'string') {
    const found = plainEnvFindings(name, value, `env: { ${name}: EnvValue.fromSecretValue({ secret, key }) }`);
    if (found.error) fail(owner, `${field}[${name}]`, value, ...found.error);
    if (found.warning) Warnings.add(owner, problem(`${field}[${name}]`, value, ...found.warning));
    return { name, value };
  }
  if (!(value instanceof kplus.EnvValue) && value !== null && typeof value === 'object' && typeof (value as IExpressionValue).ref === 'string') {
    return { name, value: (value as IExpressionValue).ref };
  }
  if (!(value instanceof kplus.EnvValue)) fail(owner, `${field}[${name}]`, value, 'is neither a string, a param handle nor an EnvValue', 'Use a param handle, a string or EnvValue.fromSecretValue(...)');
  const from = value.valueFrom ? JSON.parse(JSON.stringify(value.valueFrom)) : undefined;
  const divisor = from?.resourceFieldRef?.divisor;
  if (divisor && typeof divisor === 'object') from.resourceFieldRef.divisor = String(divisor.value);
  return { name, ...(value.value !== undefined ? { value: String(value.value) } : {}), ...(from ? { valueFrom: from } : {}) };
}

function renderMount(owner: IConstruct, field: string, m: VolumeMountOptions): VolumeMount {
  if (!m.mountPath.startsWith('/')) fail(owner, field, m.mountPath, 'is not an absolute path', 'Start it with \'/\'');
  if (m.mountPath.startsWith('/tekton/') && !m.mountPath.startsWith('/tekton/home')) {
    fail(owner, field, m.mountPath, 'is under /tekton/, which Tekton reserves', 'Mount it elsewhere');
  }
  return {
    name: m.volume.name,
    mountPath: m.mountPath,
    ...(m.readOnly ? { readOnly: true } : {}),
    ...(m.subPath ? { subPath: m.subPath } : {}),
  };
}

function renderResources(r?: kplus.ContainerResources): ResourceRequirements | undefined {
  if (!r) return undefined;
  const pick = (which: 'request' | 'limit') => ({
    ...(r.cpu?.[which] ? { cpu: r.cpu[which]!.amount } : {}),
    ...(r.memory?.[which] ? { memory: `${r.memory[which]!.toMebibytes()}Mi` } : {}),
    ...(r.ephemeralStorage?.[which] ? { 'ephemeral-storage': `${r.ephemeralStorage[which]!.toMebibytes()}Mi` } : {}),
  });
  const requests = pick('request');
  const limits = pick('limit');
  const out = {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}
