// A checker of the Pod Security Standards, written from the rules upstream states and enforces:
// kubernetes/website content/en/docs/concepts/security/pod-security-standards.md (the profiles) and
// kubernetes/pod-security-admission policy/check_*.go (the exact checks and allowed values, e.g.
// check_capabilities_baseline.go's default capability set, check_sysctls.go's safe sysctls,
// check_restrictedVolumes.go's volume types, check_seLinuxOptions.go's types).
import { POD_SECURITY_ANNOTATION, POD_SECURITY_REASON_ANNOTATION, PodSecurityLevel } from '../../lib/core/pod-security';
import { describeObject, Manifest } from './manifests';

/** One rule a pod or step breaks. */
export interface PodSecurityFinding {
  /** `<file> <Kind/namespace/name>`. */
  readonly object: string;
  /** Where in the object, e.g. `spec.template.spec.containers[kpush]`. */
  readonly at: string;
  /** `pod` for pod-level and pod-template findings, `step` for the steps and sidecars of a Tekton Task. */
  readonly scope: 'pod' | 'step';
  /** The check, named as in pod-security-admission (`runAsNonRoot`, `capabilities_restricted`...) or `resources`. */
  readonly rule: string;
  /** What is wrong. */
  readonly message: string;
}

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

/** A pod (or the part of one) an object renders. */
interface PodSource {
  readonly at: string;
  readonly scope: 'pod' | 'step';
  /** Pod metadata (annotations) and spec; containers may lack names (the EventListener's). */
  readonly metadata?: any;
  readonly spec: any;
  /** Where each container's resources are: `resources` (core) or `computeResources` (Tekton steps). */
  readonly resourcesField: 'resources' | 'computeResources';
  /** True when the object has no field for resources (an ImageDeploy: its CRD keeps none). */
  readonly noResources?: boolean;
  /** True when the pod-level fields are set elsewhere (a Task's steps: by the run's podTemplate). */
  readonly containersOnly?: boolean;
  /** True when the object only configures the pod's security, its containers come from elsewhere (a run's podTemplate). */
  readonly podOnly?: boolean;
  /** The level the object opted out to, and the metadata that says so. */
  readonly optOutMetadata: any;
}

/** Every rule of the profiles that any pod, pod template or Tekton step in `manifests` breaks. */
export function podSecurityFindings(manifests: Manifest[]): PodSecurityFinding[] {
  const deployments = new Set(manifests.filter(m => m.object.kind === 'Deployment').map(m => `${m.object.metadata?.namespace}/${m.object.metadata?.name}`));
  const out: PodSecurityFinding[] = [];
  for (const m of manifests) {
    const object = `${m.file} ${describeObject(m.object)}`;
    for (const source of podSources(m.object, deployments)) {
      const level = optOut(source.optOutMetadata);
      if (level.reasonMissing) out.push({ object, at: 'metadata.annotations', scope: source.scope, rule: 'opt-out', message: `${POD_SECURITY_ANNOTATION} needs a non-empty ${POD_SECURITY_REASON_ANNOTATION}` });
      if (level.level === PodSecurityLevel.PRIVILEGED) continue;
      for (const [at, rule, message] of checkPod(source, level.level === PodSecurityLevel.RESTRICTED)) out.push({ object, at, scope: source.scope, rule, message });
    }
  }
  return out;
}

/** The pods an object renders, by kind. */
function podSources(o: any, deployments: Set<string>): PodSource[] {
  const kind = o.kind;
  const pod = (at: string, template: any): PodSource => ({ at, scope: 'pod', metadata: template?.metadata, spec: template?.spec ?? {}, resourcesField: 'resources', optOutMetadata: o.metadata });
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(kind) && o.apiVersion !== 'tekton.dev/v1') return [pod('spec.template', o.spec?.template)];
  if (kind === 'CronJob') return [pod('spec.jobTemplate.spec.template', o.spec?.jobTemplate?.spec?.template)];
  if (kind === 'Pod' && o.apiVersion === 'v1') return [{ ...pod('', o), metadata: o.metadata, spec: o.spec ?? {} }];
  if (kind === 'ImageDeploy') {
    // kpush creates the Deployment from this spec only when none of that namespace and name exists; else it
    // only patches the container images (kpush manager/k8s/K8SDeploymentManager.java, listener/ImageStatusListener.java).
    const d = o.spec?.deployment;
    if (deployments.has(`${d?.metadata?.namespace}/${d?.metadata?.name}`)) return [];
    return [{ ...pod('spec.deployment.spec.template', d?.spec?.template), noResources: true }];
  }
  if ((kind === 'Task' || kind === 'ClusterTask') && String(o.apiVersion).startsWith('tekton.dev/')) {
    const template = o.spec?.stepTemplate ?? {};
    const merge = (c: any) => ({ ...template, ...c, securityContext: { ...template.securityContext, ...c.securityContext,
      ...(template.securityContext?.capabilities || c.securityContext?.capabilities ? { capabilities: c.securityContext?.capabilities ?? template.securityContext?.capabilities } : {}) },
    computeResources: c.computeResources ?? template.computeResources });
    const containers = [...(o.spec?.steps ?? []).map((c: any, i: number) => ({ ...merge(c), __at: `steps[${c.name ?? i}]` })),
      ...(o.spec?.sidecars ?? []).map((c: any, i: number) => ({ ...c, __at: `sidecars[${c.name ?? i}]` }))];
    return [{ at: 'spec', scope: 'step', spec: { containers, volumes: o.spec?.volumes }, resourcesField: 'computeResources', containersOnly: true, optOutMetadata: o.metadata }];
  }
  if (kind === 'EventListener') {
    // Triggers' controller copies the template's pod securityContext and containers[0]'s securityContext and
    // resources into the listener's Deployment (tektoncd/triggers pkg/reconciler/eventlistener/resources/deployment.go, container.go).
    return [pod('spec.resources.kubernetesResource.spec.template', o.spec?.resources?.kubernetesResource?.spec?.template)];
  }
  const runs: Array<[string, any]> = [];
  if (kind === 'TriggerTemplate') (o.spec?.resourcetemplates ?? []).forEach((r: any, i: number) => runs.push([`spec.resourcetemplates[${i}]`, r]));
  if (kind === 'PipelineTrigger' && o.spec?.pipelineRun) runs.push(['spec.pipelineRun', o.spec.pipelineRun]);
  if ((kind === 'PipelineRun' || kind === 'TaskRun') && String(o.apiVersion).startsWith('tekton.dev/')) runs.push(['', o]);
  return runs.filter(([, r]) => r?.kind === 'PipelineRun' || r?.kind === 'TaskRun').map(([at, r]) => {
    const path = r.kind === 'PipelineRun' ? 'spec.taskRunTemplate.podTemplate' : 'spec.podTemplate';
    const podTemplate = r.kind === 'PipelineRun' ? r.spec?.taskRunTemplate?.podTemplate : r.spec?.podTemplate;
    return { at: [at, path].filter(Boolean).join('.'), scope: 'pod', spec: podTemplate ?? {}, resourcesField: 'resources', podOnly: true, optOutMetadata: r.metadata ?? o.metadata };
  });
}

function optOut(metadata: any): { level: PodSecurityLevel; reasonMissing: boolean } {
  const level = metadata?.annotations?.[POD_SECURITY_ANNOTATION];
  if (level !== PodSecurityLevel.BASELINE && level !== PodSecurityLevel.PRIVILEGED) return { level: PodSecurityLevel.RESTRICTED, reasonMissing: false };
  return { level, reasonMissing: !String(metadata?.annotations?.[POD_SECURITY_REASON_ANNOTATION] ?? '').trim() };
}

type Result = [at: string, rule: string, message: string];

function checkPod(source: PodSource, restricted: boolean): Result[] {
  const out: Result[] = [];
  const spec = source.spec;
  const at = (field: string) => [source.at, source.scope === 'pod' && !source.podOnly ? 'spec' : '', field].filter(Boolean).join('.');
  const psc = spec.securityContext ?? {};
  if (!source.containersOnly) {
    for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[ns] === true) out.push([at(ns), 'hostNamespaces', `${ns} is true`]);
    for (const s of psc.sysctls ?? []) if (!SAFE_SYSCTLS.has(s.name)) out.push([at('securityContext.sysctls'), 'sysctls', `${s.name} is not a safe sysctl`]);
    if (psc.seccompProfile?.type === 'Unconfined') out.push([at('securityContext.seccompProfile.type'), 'seccompProfile_baseline', 'is Unconfined']);
    if (psc.appArmorProfile?.type === 'Unconfined') out.push([at('securityContext.appArmorProfile.type'), 'appArmorProfile', 'is Unconfined']);
    checkSeLinux(psc.seLinuxOptions, at('securityContext.seLinuxOptions'), out);
    if (psc.windowsOptions?.hostProcess === true) out.push([at('securityContext.windowsOptions.hostProcess'), 'windowsHostProcess', 'is true']);
    if (restricted) {
      if (psc.runAsUser === 0) out.push([at('securityContext.runAsUser'), 'runAsUser', 'is 0 (root)']);
      if (source.podOnly) {
        // A run's podTemplate: its steps carry no pod-level fields, so the pod-level ones must be set here.
        if (psc.runAsNonRoot !== true) out.push([at('securityContext.runAsNonRoot'), 'runAsNonRoot', 'is not true']);
        if (!SECCOMP_OK.has(psc.seccompProfile?.type)) out.push([at('securityContext.seccompProfile.type'), 'seccompProfile_restricted', 'is not RuntimeDefault or Localhost']);
      }
    }
  }
  for (const [key, v] of Object.entries(source.metadata?.annotations ?? {})) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !String(v).startsWith('localhost/')) {
      out.push([`${source.at}.metadata.annotations`, 'appArmorProfile', `${key} is ${v}`]);
    }
  }
  (spec.volumes ?? []).forEach((v: any) => {
    if (v.hostPath) out.push([at(`volumes[${v.name}]`), 'hostPathVolumes', 'is a hostPath volume']);
    else if (restricted && !RESTRICTED_VOLUMES.some(t => v[t] !== undefined)) out.push([at(`volumes[${v.name}]`), 'restrictedVolumes', `is of a type outside ${RESTRICTED_VOLUMES.join(', ')}`]);
  });
  if (source.podOnly) return out;
  const containers: Array<[string, any]> = [];
  for (const list of source.containersOnly ? ['containers'] : ['initContainers', 'containers', 'ephemeralContainers']) {
    (spec[list] ?? []).forEach((c: any, i: number) => containers.push([c.__at ?? `${list}[${c.name ?? i}]`, c]));
  }
  if (!source.containersOnly && containers.length === 0) out.push([at('containers'), 'resources', 'the pod template names no container, so nothing sets its resources or security context']);
  for (const [where, c] of containers) {
    const cat = (field: string) => `${at(where)}.${field}`;
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) out.push([cat('securityContext.privileged'), 'privileged', 'is true']);
    for (const cap of sc.capabilities?.add ?? []) {
      if (!BASELINE_CAPS.has(cap)) out.push([cat('securityContext.capabilities.add'), 'capabilities_baseline', `${cap} is not a default capability`]);
      else if (restricted && cap !== 'NET_BIND_SERVICE') out.push([cat('securityContext.capabilities.add'), 'capabilities_restricted', `${cap} may not be added`]);
    }
    for (const p of c.ports ?? []) if (p.hostPort) out.push([cat('ports'), 'hostPorts', `hostPort ${p.hostPort} is set`]);
    checkSeLinux(sc.seLinuxOptions, cat('securityContext.seLinuxOptions'), out);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') out.push([cat('securityContext.procMount'), 'procMount', `is ${sc.procMount}`]);
    if (sc.seccompProfile?.type === 'Unconfined') out.push([cat('securityContext.seccompProfile.type'), 'seccompProfile_baseline', 'is Unconfined']);
    if (sc.windowsOptions?.hostProcess === true) out.push([cat('securityContext.windowsOptions.hostProcess'), 'windowsHostProcess', 'is true']);
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      for (const handler of ['httpGet', 'tcpSocket']) if (c[probe]?.[handler]?.host) out.push([cat(`${probe}.${handler}.host`), 'hostProbesAndhostLifecycle', 'is set']);
    }
    const res = c[source.resourcesField] ?? {};
    const missing = ['requests.cpu', 'requests.memory', 'limits.memory'].filter(p => { const [a, b] = p.split('.'); return res[a]?.[b] === undefined; });
    if (missing.length && !source.noResources) out.push([cat(source.resourcesField), 'resources', `sets no ${missing.join(', ')}`]);
    if (!restricted) continue;
    if (sc.allowPrivilegeEscalation !== false) out.push([cat('securityContext.allowPrivilegeEscalation'), 'allowPrivilegeEscalation', 'is not false']);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push([cat('securityContext.capabilities.drop'), 'capabilities_restricted', 'does not drop ALL']);
    if (sc.runAsUser === 0) out.push([cat('securityContext.runAsUser'), 'runAsUser', 'is 0 (root)']);
    if (sc.runAsNonRoot === false) out.push([cat('securityContext.runAsNonRoot'), 'runAsNonRoot', 'is false']);
    else if (!source.containersOnly && sc.runAsNonRoot !== true && psc.runAsNonRoot !== true) out.push([cat('securityContext.runAsNonRoot'), 'runAsNonRoot', 'is set neither here nor for the pod']);
    if (!source.containersOnly && !SECCOMP_OK.has(sc.seccompProfile?.type ?? psc.seccompProfile?.type)) {
      out.push([cat('securityContext.seccompProfile.type'), 'seccompProfile_restricted', 'is RuntimeDefault or Localhost neither here nor for the pod']);
    }
  }
  return out;
}

function checkSeLinux(opts: any, at: string, out: Result[]): void {
  if (!opts) return;
  if (!SELINUX_TYPES.has(opts.type ?? '')) out.push([at, 'seLinuxOptions', `type ${opts.type} is not allowed`]);
  if (opts.user || opts.role) out.push([at, 'seLinuxOptions', 'sets user or role']);
}

/** One line per finding, for test output. */
export function formatFindings(findings: PodSecurityFinding[]): string[] {
  return findings.map(f => `${f.object} ${f.at}: ${f.rule}: ${f.message}`);
}
