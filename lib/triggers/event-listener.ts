import { ApiObject, ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { NameFormat } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps } from '../core/resource';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/pod-security';
import { Warnings } from '../core/warnings';
import { ITriggerBinding } from './binding';
import { Interceptor } from './interceptor';
import { LISTENER_CREATABLE_KINDS, ListenerClusterAccess, ListenerRbac } from './listener-rbac';
import { validateTriggersName } from './naming';
import { ITriggerTemplate } from './template';
import { checkTrigger, TriggerSpec } from './trigger-checks';
import { freeId, requireReadable } from '../core/guards';

/** One trigger of an EventListener: which events (interceptors), which values (bindings), what to create (template). */
export interface TriggerOptions {
  /** The bindings that fill the template's params, in order. @default - none: every template param needs a default */
  readonly bindings?: ITriggerBinding[];
  /** The template of what to create per accepted event. */
  readonly template: ITriggerTemplate;
  /**
   * Interceptors run in order before the bindings; any of them may reject the event.
   * @default - none: every event is accepted
   * @see https://tekton.dev/docs/triggers/interceptors/
   */
  readonly interceptors?: Interceptor[];
  /**
   * A ServiceAccount to create the template's resources as, instead of the EventListener's. It is granted
   * `create` on PipelineRuns in the listener's namespace. @default - the EventListener's ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/** Props of {@link EventListener}. */
export interface EventListenerProps extends ResourceProps {
  /**
   * The EventListener's metadata. Its name is at most 60 characters (the generated Service is `el-<name>`);
   * its namespace is where it reads bindings and templates and creates runs.
   * @default - name: the construct id; namespace: the chart's
   */
  readonly metadata?: ApiObjectMetadata;
  /** Triggers by name. @default - none; add with addTrigger() */
  readonly triggers?: { [name: string]: TriggerOptions };
  /**
   * The ServiceAccount the EventListener runs as. It is bound to the listener's own Role and ClusterRole
   * either way. @default - a ServiceAccount `el-<name>` is created
   * @see https://tekton.dev/docs/triggers/eventlisteners/#specifying-the-kubernetes-service-account
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Grants the listener's cluster-wide reads (ClusterTriggerBindings, ClusterInterceptors) through a shared
   * ClusterRole and ClusterRoleBinding, e.g. one per cluster kept by the platform, instead of a pair of its own.
   * @default - a ClusterRole and ClusterRoleBinding of its own, `el-<name>-<namespace>`
   */
  readonly clusterAccess?: ListenerClusterAccess;
  /** The type of the generated Service. @default kplus.ServiceType.CLUSTER_IP */
  readonly serviceType?: kplus.ServiceType;
  /** The port of the generated Service. @default 8080 */
  readonly servicePort?: number;
  /** Replicas of the generated Deployment. @default 1 */
  readonly replicas?: number;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * An `EventListener`: a Service (`el-<name>`) that receives webhooks and, for each trigger whose
 * interceptors accept the event, creates the trigger template's resources with params from its bindings.
 *
 * It comes with its ServiceAccount and least-privilege RBAC of its own (`lib/triggers/listener-rbac.ts`): a Role in its
 * namespace (read its Triggers objects, create the runs its templates make) and a ClusterRole that reads only
 * ClusterTriggerBindings and ClusterInterceptors — no Secrets, unlike Triggers' own EventListener ClusterRoles.
 *
 * @see https://tekton.dev/docs/triggers/eventlisteners/
 * @example
 * const listener = new EventListener(chart, 'github', { namespace: 'ci' });
 * listener.addTrigger('push-main', {
 *   interceptors: [Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes: ['push'] }),
 *                  Interceptor.cel({ filter: Cel.pushToBranch('main') })],
 *   bindings: [binding],
 *   template,
 * });
 */
export class EventListener extends Construct implements IResource {
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Always `EventListener`. */
  public readonly kind = 'EventListener';
  /** `triggers.tekton.dev/v1beta1`. */
  public readonly apiVersion = 'triggers.tekton.dev/v1beta1';
  /** The ServiceAccount the EventListener runs as. */
  public readonly serviceAccount: kplus.IServiceAccount;
  /** The name of the Service Triggers generates: `el-<name>`. */
  public readonly serviceName: string;
  /** The port of that Service. */
  public readonly servicePort: number;
  /** The underlying `triggers.tekton.dev/v1beta1` object. */
  public readonly resource: ApiObject;
  private readonly triggers: Array<TriggerSpec & { readonly serviceAccountName?: string }> = [];
  private readonly rbac: ListenerRbac;

  constructor(scope: Construct, id: string, props: EventListenerProps = {}) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    this.name = validateTriggersName(this, props.metadata?.name ?? id, { format: NameFormat.LABEL, maxLength: 60 });
    const namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    if (!namespace) {
      fail(this, 'metadata.namespace', 'undefined', 'is not set, but the RBAC bindings of its ServiceAccount need it',
        'Give the EventListener a namespace, or create it in a chart with a namespace');
    }
    this.namespace = namespace;
    this.serviceName = `el-${this.name}`;
    this.servicePort = props.servicePort ?? 8080;
    if (!Number.isInteger(this.servicePort) || this.servicePort < 1 || this.servicePort > 65535) {
      fail(this, 'spec.resources.kubernetesResource.servicePort', this.servicePort, 'is not a port number', 'Use a port from 1 to 65535');
    }
    if (props.serviceType === kplus.ServiceType.EXTERNAL_NAME) {
      fail(this, 'spec.resources.kubernetesResource.serviceType', props.serviceType, 'cannot expose an EventListener', 'Use ClusterIP (and an Ingress), NodePort or LoadBalancer');
    }
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      fail(this, 'spec.resources.kubernetesResource.replicas', props.replicas, 'is not a non-negative integer', 'Use e.g. 1');
    }
    this.serviceAccount = props.serviceAccount ?? new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceName, namespace },
      // The listener talks to the API server with this account's token; cdk8s-plus would not mount it.
      automountToken: true,
    });
    this.rbac = new ListenerRbac(this, 'Rbac', this.name, namespace, this.serviceAccount.name, props.clusterAccess);

    const kubernetesResource = {
      ...(props.serviceType ? { serviceType: props.serviceType } : {}),
      ...(props.servicePort !== undefined ? { servicePort: props.servicePort } : {}),
      ...(props.replicas !== undefined ? { replicas: props.replicas } : {}),
      // Triggers' controller copies the pod securityContext and the first container's securityContext and
      // resources into the listener's Deployment (tektoncd/triggers v0.37.0
      // pkg/reconciler/eventlistener/resources/deployment.go and container.go; the webhook allows only these
      // container fields: pkg/apis/triggers/v1beta1/event_listener_validation.go). Its own default is restricted
      // only while the controller runs with -el-security-context=true, and sets no resources; here both are explicit.
      spec: {
        template: {
          spec: {
            securityContext: restrictedPodSecurityContext(),
            containers: [{
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
            }],
          },
        },
      },
    };
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: namedMetadata(this, props.metadata, this.name, { namespace }),
      spec: Lazy.any({
        produce: () => ({
          serviceAccountName: this.serviceAccount.name,
          ...(this.triggers.length ? { triggers: this.triggers.map(t => this.renderTrigger(t)) } : {}),
          resources: { kubernetesResource },
        }),
      }),
    });
    for (const [name, options] of Object.entries(props.triggers ?? {})) this.addTrigger(name, options);
    this.node.addValidation({ validate: () => this.validateListener() });
  }

  /** The in-cluster URL to send webhooks to: `http://el-<name>.<namespace>.svc.cluster.local:<port>`. */
  public get url(): string {
    return `http://${this.serviceName}.${this.namespace}.svc.cluster.local:${this.servicePort}`;
  }

  /** The names of the triggers, in order. */
  public get triggerNames(): string[] {
    return this.triggers.map(t => t.name);
  }

  /**
   * Adds a trigger. Its name is a label value (Triggers labels what it creates with it) and unique in the
   * listener; its interceptors' params (event types, CEL expressions, secret references) are checked here.
   */
  public addTrigger(name: string, options: TriggerOptions): void {
    const field = `spec.triggers.${name}`;
    if (name.length === 0 || name.length > 63 || !LABEL_VALUE.test(name)) {
      fail(this, 'spec.triggers', name, 'is not a valid label value (at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit)',
        'Rename the trigger, e.g. \'github-push\'');
    }
    if (this.triggers.some(t => t.name === name)) {
      fail(this, 'spec.triggers', name, 'is defined twice', 'Give each trigger of the listener its own name');
    }
    const interceptors = options.interceptors ?? [];
    interceptors.forEach((interceptor, i) => {
      const [p] = interceptor._check();
      if (p) fail(this, `${field}.interceptors[${i}].${p.field}`, p.value, p.whatIsWrong, p.howToFix);
    });
    this.rbac.addCreatedKinds(options.template.createdKinds ?? LISTENER_CREATABLE_KINDS);
    const serviceAccountName = options.serviceAccount?.name;
    if (serviceAccountName) this.rbac.addTriggerServiceAccount(serviceAccountName);
    this.triggers.push({ name, bindings: [...(options.bindings ?? [])], template: options.template, interceptors, serviceAccountName });
  }

  private renderTrigger(t: TriggerSpec & { readonly serviceAccountName?: string }): any {
    return {
      name: t.name,
      ...(t.interceptors.length ? { interceptors: t.interceptors.map(i => i._render()) } : {}),
      ...(t.bindings.length ? { bindings: t.bindings.map(b => ({ kind: b.kind, ref: b.name })) } : {}),
      template: { ref: t.template.name },
      ...(t.serviceAccountName && t.serviceAccountName !== this.serviceAccount.name ? { serviceAccountName: t.serviceAccountName } : {}),
    };
  }

  private validateListener(): string[] {
    if (this.triggers.length === 0) {
      return [problem('spec.triggers', [], 'is empty, so the listener never creates anything', 'Add a trigger with addTrigger()')];
    }
    const out: string[] = [];
    for (const t of this.triggers) {
      const report = checkTrigger(t, this.namespace);
      out.push(...report.problems);
      for (const w of report.warnings) Warnings.add(this, w);
    }
    return out;
  }
}
