import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, problem, throwProblems } from '../core/errors';
import { resourceRangeProblems, sizeRange } from '../core/resources';
import { plainEnvFindings } from '../core/secret-values';
import { Warnings } from '../core/warnings';
import { NameFormat, checkName, validateName } from '../core/names';
import { describeSecret } from '../core/secret-references';
import { ImageDeployEnv } from '../operators/kpush-env';
import { WorkloadOptions, WorkloadPort } from './workload-options';

/** The default port: the tutorial's Go app and most web frameworks listen on 8080. */
export const DEFAULT_PORTS: WorkloadPort[] = [{ name: 'http', containerPort: 8080 }];

/** CPU of the app container when the options give none, in millicores. */
const DEFAULT_CPU_MILLIS = { request: 100, limit: 500 };

/** Where the default writable scratch volume is mounted. */
export const TMP_MOUNT = '/tmp';

/** The env of a workload in the order written: plain values first, then Secret keys, each sorted by name. */
export function workloadEnv(o: WorkloadOptions): { [name: string]: ImageDeployEnv } {
  const env: { [name: string]: ImageDeployEnv } = {};
  for (const k of Object.keys(o.env ?? {}).sort()) env[k] = ImageDeployEnv.fromValue(o.env![k]);
  for (const k of Object.keys(o.secretEnv ?? {}).sort()) {
    const s = o.secretEnv![k];
    env[k] = ImageDeployEnv.fromSecretKey(s.secretName, s.key);
  }
  return env;
}

/**
 * `names`, checked, as the `imagePullSecrets` of a workload in `namespace`, each described for the front
 * page's table of Secrets on the cluster of `scope`'s chart (`purpose`: who pulls what).
 */
export function pullSecrets(scope: Construct, namespace: string, names: readonly string[] | undefined, purpose: string): string[] {
  const secrets = [...names ?? []];
  secrets.forEach((name, i) => {
    validateName(scope, `imagePullSecrets[${i}]`, name, { format: NameFormat.SUBDOMAIN });
    if (secrets.indexOf(name) !== i) fail(scope, `imagePullSecrets[${i}]`, name, 'is given twice', 'Name each Secret once');
    describeSecret(scope, { namespace, name, type: 'kubernetes.io/dockerconfigjson', keys: ['.dockerconfigjson'], chart: Chart.of(scope), purpose });
  });
  return secrets;
}

/** Local problems of the options, each `<field> '<value>' <what>. <fix>`. */
export function workloadProblems(o: WorkloadOptions): string[] {
  const out: string[] = [];
  const replicas = o.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) out.push(problem('replicas', replicas, 'is not a whole number of at least 0', 'Give e.g. 1 or 3'));
  const ports = o.ports ?? DEFAULT_PORTS;
  if (ports.length === 0 && o.service !== false) out.push(problem('ports', [], 'is empty, so the Service has nothing to expose', 'Give a port, or service: false'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    for (const [field, port] of [['containerPort', p.containerPort], ['servicePort', p.servicePort]] as const) {
      if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
        out.push(problem(`ports[${i}].${field}`, port, 'is not a port number from 1 to 65535', 'Give the port the app listens on'));
      }
    }
    if (names.has(p.name)) out.push(problem(`ports[${i}].name`, p.name, 'is used twice', 'Give each port its own name'));
    names.add(p.name);
  });
  for (const [name, value] of Object.entries(workloadEnv(o))) {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
      out.push(problem('env', name, 'is not a valid environment variable name', 'Use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit'));
    }
    out.push(...value.check(`env[${name}]`));
  }
  const both = Object.keys(o.env ?? {}).filter(k => k in (o.secretEnv ?? {}));
  for (const k of both) out.push(problem('secretEnv', k, 'is also in env', 'Give each variable once'));
  const volumeNames = new Set<string>(o.tmpVolume === false ? [] : ['tmp']);
  const mounts = new Set<string>(o.tmpVolume === false ? [] : [TMP_MOUNT]);
  (o.volumes ?? []).forEach((v, i) => {
    const bad = checkName(v.name, { format: NameFormat.LABEL });
    if (bad) out.push(problem(`volumes[${i}].name`, v.name, bad, 'Name the volume with lower-case letters, digits and \'-\''));
    if (volumeNames.has(v.name)) out.push(problem(`volumes[${i}].name`, v.name, 'is used twice (\'tmp\' is the /tmp volume)', 'Give each volume its own name'));
    if (!v.mountPath.startsWith('/')) out.push(problem(`volumes[${i}].mountPath`, v.mountPath, 'is not an absolute path', 'Give a path such as /var/cache/app'));
    if (mounts.has(v.mountPath)) out.push(problem(`volumes[${i}].mountPath`, v.mountPath, 'is mounted twice', 'Mount each path once (/tmp is mounted unless tmpVolume: false)'));
    volumeNames.add(v.name);
    mounts.add(v.mountPath);
  });
  const s = o.security ?? {};
  if (s.runAsUser === 0) out.push(problem('security.runAsUser', 0, 'is root, which runAsNonRoot forbids', 'Give a non-zero user id, or leave it to the image'));
  const r = o.resources ?? {};
  out.push(...resourceRangeProblems('resources', {
    // As podSpec renders them: a request given alone is still held to the default limit.
    cpu: { request: r.cpuMillis?.request ?? DEFAULT_CPU_MILLIS.request, limit: r.cpuMillis?.limit ?? DEFAULT_CPU_MILLIS.limit, show: (m: number) => `${m}m` },
    memory: sizeRange(r.memory),
    'ephemeral-storage': sizeRange(r.ephemeralStorage),
  }));
  return out;
}

/** Warnings of the options: plain env values named like credentials. */
export function workloadWarnings(o: WorkloadOptions): string[] {
  return Object.entries(o.env ?? {}).flatMap(([name, value]) => {
    const warning = typeof value === 'string' ? plainEnvFindings(name, value, `secretEnv: { ${name}: { secretName, key } }`).warning : undefined;
    return warning ? [problem(`env[${name}]`, value, ...warning)] : [];
  });
}

/**
 * The Deployment's pod spec for `image`: the app container with the restricted security context, resources,
 * probes, ports, env and volume mounts, and the pod-level settings.
 */
export function podSpec(name: string, image: string, o: WorkloadOptions, imagePullSecrets: readonly string[] = []): { [key: string]: unknown } {
  const ports = o.ports ?? DEFAULT_PORTS;
  const firstPort = ports[0]?.containerPort ?? 8080;
  const env = Object.entries(workloadEnv(o)).map(([k, v]) => v.render(k));
  const volumes = [
    ...(o.tmpVolume === false ? [] : [{ name: 'tmp', mountPath: TMP_MOUNT, spec: { emptyDir: {} }, readOnly: false }]),
    ...(o.volumes ?? []).map(v => ({
      name: v.name, mountPath: v.mountPath, spec: v.source.spec, readOnly: v.readOnly ?? !('emptyDir' in v.source.spec),
    })),
  ];
  const s = o.security ?? {};
  const r = o.resources ?? {};
  const cpu = { request: r.cpuMillis?.request ?? DEFAULT_CPU_MILLIS.request, limit: r.cpuMillis?.limit ?? DEFAULT_CPU_MILLIS.limit };
  const memory = { request: r.memory?.request ?? r.memory?.limit, limit: r.memory?.limit ?? r.memory?.request };
  const mi = (x: { toMebibytes(): number } | undefined) => (x ? `${x.toMebibytes()}Mi` : undefined);
  const range = (request: string | undefined, limit: string | undefined) => ({ request, limit });
  const resources = {
    cpu: range(`${cpu.request}m`, `${cpu.limit}m`),
    memory: memory.request || memory.limit ? range(mi(memory.request), mi(memory.limit)) : range('256Mi', '256Mi'),
    ...(r.ephemeralStorage ? { 'ephemeral-storage': range(mi(r.ephemeralStorage.request ?? r.ephemeralStorage.limit), mi(r.ephemeralStorage.limit)) } : {}),
  };
  const pick = (which: 'request' | 'limit') => Object.fromEntries(Object.entries(resources)
    .filter(([, v]) => v[which] !== undefined).map(([k, v]) => [k, v[which]]));
  const container = {
    name,
    image,
    ports: ports.map(p => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })),
    ...(env.length ? { env } : {}),
    resources: { requests: pick('request'), limits: pick('limit') },
    ...(o.liveness ? { livenessProbe: o.liveness.render(firstPort) } : {}),
    ...(o.readiness ? { readinessProbe: o.readiness.render(firstPort) } : {}),
    ...(o.startup ? { startupProbe: o.startup.render(firstPort) } : {}),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
      runAsNonRoot: true,
      ...(s.runAsUser !== undefined ? { runAsUser: s.runAsUser } : {}),
      ...(s.runAsGroup !== undefined ? { runAsGroup: s.runAsGroup } : {}),
    },
    ...(volumes.length ? { volumeMounts: volumes.map(v => ({ name: v.name, mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true } : {}) })) } : {}),
  };
  return {
    automountServiceAccountToken: o.automountServiceAccountToken ?? false,
    containers: [container],
    ...(imagePullSecrets.length ? { imagePullSecrets: imagePullSecrets.map(s => ({ name: s })) } : {}),
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      ...(s.fsGroup !== undefined ? { fsGroup: s.fsGroup } : {}),
    },
    ...(volumes.length ? { volumes: volumes.map(v => ({ name: v.name, ...v.spec })) } : {}),
  };
}

/** Props of {@link renderWorkload}. */
export interface RenderWorkloadProps {
  /** The app's name: Deployment, Service and container name, and the `app` label. */
  readonly name: string;
  /** The namespace. */
  readonly namespace: string;
  /** The image the Deployment is created with. */
  readonly image: string;
  /** The knobs. */
  readonly options: WorkloadOptions;
  /** Secrets the kubelet pulls the image with. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** Annotations of the Deployment. @default - none */
  readonly annotations?: { readonly [key: string]: string };
}

/**
 * Creates the Deployment (and, unless switched off, the Service) of one environment in `scope`, as plain
 * `apps/v1` and `v1` objects. Throws all local problems at once.
 */
export function renderWorkload(scope: Construct, props: RenderWorkloadProps): ApiObject {
  throwProblems(scope, workloadProblems(props.options));
  for (const warning of workloadWarnings(props.options)) Warnings.add(scope, warning);
  const labels = { app: props.name };
  const deployment = new ApiObject(scope, 'deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: props.name, namespace: props.namespace, labels, ...(props.annotations ? { annotations: { ...props.annotations } } : {}) },
    spec: {
      replicas: props.options.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec(props.name, props.image, props.options, props.imagePullSecrets) },
    },
  });
  if (props.options.service !== false) {
    const ports = props.options.ports ?? DEFAULT_PORTS;
    new ApiObject(scope, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        type: props.options.service?.type ?? 'ClusterIP',
        selector: labels,
        ports: ports.map(p => ({ name: p.name, port: p.servicePort ?? p.containerPort, targetPort: p.name, protocol: 'TCP' })),
      },
    });
  }
  return deployment;
}
