import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * The Pod Security Standards levels (Kubernetes `pod-security.kubernetes.io/enforce` values).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Hardened: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp. */
  RESTRICTED = 'restricted',
  /** Minimally restrictive: no host namespaces, no privileged containers, no hostPath. */
  BASELINE = 'baseline',
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
}

/**
 * The annotation that records a construct's opt-out from the restricted profile: its value is the level
 * the pod is written for (`baseline` or `privileged`).
 */
export const POD_SECURITY_ANNOTATION = 'cdk8s-push-delivery.dev/pod-security';
/** The annotation that states why a pod is not restricted. */
export const POD_SECURITY_REASON_ANNOTATION = 'cdk8s-push-delivery.dev/pod-security-reason';

/**
 * The user and group our pods run as when the image does not say: 65532, the `nonroot` user of the
 * distroless images Tekton's own images are built on. As `fsGroup` it makes a PersistentVolumeClaim
 * workspace writable for every step of a TaskRun.
 */
export const NON_ROOT_UID = 65532;

/**
 * Which Pod Security Standards profile the pods of a construct are written for. Every pod and step the
 * library renders meets "restricted" unless its construct is given another level, with a stated reason
 * that lands in the object's annotations (and that the conformance tests accept).
 *
 * @example
 * new PipelineRun(chart, 'docker-build', { ..., podSecurity: PodSecurity.privileged('docker-in-docker needs a privileged sidecar') });
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class PodSecurity {
  /** The default: every pod meets the restricted profile. */
  public static restricted(): PodSecurity {
    return new PodSecurity(PodSecurityLevel.RESTRICTED);
  }

  /** Pods that meet only the baseline profile, for the reason given (e.g. an image that must run as root). */
  public static baseline(reason: string): PodSecurity {
    return new PodSecurity(PodSecurityLevel.BASELINE, reason);
  }

  /** Pods that meet no profile, for the reason given (e.g. a privileged build sidecar). */
  public static privileged(reason: string): PodSecurity {
    return new PodSecurity(PodSecurityLevel.PRIVILEGED, reason);
  }

  private constructor(
    /** The profile the pods meet. */
    public readonly level: PodSecurityLevel,
    /** Why the pods are not restricted; undefined for restricted. */
    public readonly reason?: string,
  ) {}

  /** True for the restricted default. */
  public get isRestricted(): boolean {
    return this.level === PodSecurityLevel.RESTRICTED;
  }

  /** The annotations that record an opt-out; none for restricted. */
  public annotations(): { [key: string]: string } {
    if (this.isRestricted) return {};
    return { [POD_SECURITY_ANNOTATION]: this.level, [POD_SECURITY_REASON_ANNOTATION]: this.reason! };
  }
}

/**
 * Checks a `podSecurity` prop at the public API boundary and returns it, or the restricted default. An
 * opt-out needs a reason of one line (it becomes an annotation value) that says why.
 */
export function podSecurityOf(scope: IConstruct, field: string, value: PodSecurity | undefined): PodSecurity {
  if (value === undefined) return PodSecurity.restricted();
  if (!(value instanceof PodSecurity)) {
    fail(scope, field, value, 'is not a PodSecurity', 'Leave it out for the restricted default, or give PodSecurity.baseline(\'<why>\') or PodSecurity.privileged(\'<why>\')');
  }
  if (!value.isRestricted) {
    const reason = value.reason;
    if (typeof reason !== 'string' || reason.trim().length < 10 || /[\r\n]/.test(reason) || reason.length > 500) {
      fail(scope, `${field}.reason`, reason, 'does not state why the pods cannot be restricted (one line, 10 to 500 characters)',
        `Say why, e.g. PodSecurity.${value.level}('the image runs as root and cannot be changed')`);
    }
  }
  return value;
}

/** The pod-level `securityContext` of a restricted pod; `fsGroup` too when its volumes must be writable. */
export function restrictedPodSecurityContext(options: { runAsUser?: boolean; fsGroup?: boolean } = {}): { [key: string]: unknown } {
  return {
    runAsNonRoot: true,
    ...(options.runAsUser ? { runAsUser: NON_ROOT_UID, runAsGroup: NON_ROOT_UID } : {}),
    ...(options.fsGroup ? { fsGroup: NON_ROOT_UID } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container-level `securityContext` of a restricted container. */
export function restrictedContainerSecurityContext(options: { readOnlyRootFilesystem?: boolean } = {}): { [key: string]: unknown } {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    ...(options.readOnlyRootFilesystem ? { readOnlyRootFilesystem: true } : {}),
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
