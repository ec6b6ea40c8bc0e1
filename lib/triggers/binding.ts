import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from '../core/cluster-scoped';
import { fail, problem } from '../core/errors';
import { NameFormat } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps, requireNoNamespace } from '../core/resource';
import { EventValue } from './event-value';
import { validateParamName, validateTriggersName } from './naming';
import { BindingParam, TemplateParam } from './params';
import { freeId, requireReadable } from '../core/guards';

/** The two kinds of binding an EventListener trigger can reference. */
export type BindingKind = 'TriggerBinding' | 'ClusterTriggerBinding';

/** A TriggerBinding or ClusterTriggerBinding that a trigger can reference. */
export interface ITriggerBinding {
  /** `metadata.name`. */
  readonly name: string;
  /** The kind. */
  readonly kind: BindingKind;
  /** The namespace of a TriggerBinding, when known; undefined for a ClusterTriggerBinding. */
  readonly namespace?: string;
  /** The names of its params, or undefined when they are not known (a binding outside the app). */
  readonly paramNames?: string[];
  /** Its params with their values, or undefined when they are not known. */
  readonly params?: BindingParam[];
}

/** Options of a binding imported with `fromName`. */
export interface TriggerBindingImportOptions {
  /** The binding's namespace. @default - unknown (assumed to be the EventListener's) */
  readonly namespace?: string;
  /** The names of its params, so triggers can check that it binds their template. @default - unknown: not checked */
  readonly paramNames?: string[];
}

/** Props of {@link TriggerBinding} and {@link ClusterTriggerBinding}. */
export interface TriggerBindingProps extends ResourceProps {
  /** Params by name: an {@link EventValue} or text with `$(body...)`/`$(header...)`/`$(extensions...)`. @default - none; add with addParam() */
  readonly params?: { [name: string]: EventValue | string };
}

/**
 * What {@link TriggerBinding} and {@link ClusterTriggerBinding} share: a name, params and their checks.
 *
 * @see https://tekton.dev/docs/triggers/triggerbindings/
 */
export abstract class BindingBase extends Construct implements ITriggerBinding, IResource {
  /** `metadata.name`. */
  public readonly name: string;
  /** The kind. */
  public abstract readonly kind: BindingKind;
  /** `metadata.namespace` of a TriggerBinding; undefined for a ClusterTriggerBinding. */
  public readonly namespace?: string;
  /** `triggers.tekton.dev/v1beta1`. */
  public readonly apiVersion = 'triggers.tekton.dev/v1beta1';
  /** The underlying `triggers.tekton.dev/v1beta1` object. */
  public readonly resource: ApiObject;
  private readonly byName = new Map<string, BindingParam>();

  protected constructor(scope: Construct, id: string, kind: BindingKind, props: TriggerBindingProps) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    this.name = validateTriggersName(this, props.metadata?.name ?? id, { format: NameFormat.SUBDOMAIN });
    if (kind === 'ClusterTriggerBinding') requireNoNamespace(this, kind, props.metadata);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.namespace = kind === 'ClusterTriggerBinding' ? undefined : this.resource.metadata.namespace;
    for (const [name, value] of Object.entries(props.params ?? {})) this.addParam(name, value);
    this.node.addValidation({ validate: () => this.validateBinding() });
  }

  /** The names of the params. */
  public get paramNames(): string[] {
    return [...this.byName.keys()];
  }

  /** The params with their values, in the order added. */
  public get params(): BindingParam[] {
    return [...this.byName.values()];
  }

  /**
   * Binds an event value to a param. Give the TriggerTemplate's param handle (or its name) so the names
   * match. Text values are parsed; a malformed `$(...)` expression throws here.
   *
   * @example
   * binding.addParam(revision, GitHubPush.headCommitId)
   */
  public addParam(param: string | TemplateParam, value: EventValue | string): BindingParam {
    const name = typeof param === 'string' ? param : param.name;
    validateParamName(this, 'spec.params', name);
    if (this.byName.has(name)) {
      fail(this, 'spec.params', name, 'is defined twice', 'Give each param one value');
    }
    let parsed: EventValue;
    if (typeof value === 'string') {
      try {
        parsed = EventValue.parse(value);
      } catch (e) {
        fail(this, `spec.params.${name}`, value, `is not a valid binding value: ${(e as Error).message}`,
          'Use EventValue.body(), .header() or .extension(), or text such as \'$(body.repository.clone_url)\'');
      }
    } else if (value instanceof EventValue) {
      if (value.problem) throw new Error(`${this.node.path}: spec.params.${name}: ${value.problem}`);
      parsed = value;
    } else {
      // tekton-lint (no-invalid-param-type) rejects a binding param without a value.
      fail(this, `spec.params.${name}`, value, 'is not a binding value', 'Give an EventValue (e.g. GitHubPush.headCommitId) or text');
    }
    const bound = new BindingParam(name, parsed);
    this.byName.set(name, bound);
    return bound;
  }

  /** The param called `name`; throws when there is none. */
  public param(name: string): BindingParam {
    const p = this.byName.get(name);
    if (!p) fail(this, 'spec.params', name, 'is not a param of this binding', `Use one of: ${this.paramNames.join(', ') || '(none)'}`);
    return p;
  }

  private renderSpec(): any {
    if (this.byName.size === 0) return undefined;
    return { params: this.params.map(p => ({ name: p.name, value: p.value.toString() })) };
  }

  private validateBinding(): string[] {
    if (this.byName.size > 0) return [];
    return [problem('spec.params', [], 'is empty; Triggers rejects a binding without params', 'Add a param with addParam(), e.g. addParam(\'revision\', GitHubPush.headCommitId)')];
  }
}

/**
 * A namespaced `TriggerBinding`: names values of each event (from its body, headers or interceptor
 * extensions) as params for the TriggerTemplate of the triggers that use it.
 *
 * @see https://tekton.dev/docs/triggers/triggerbindings/
 * @example
 * const binding = new TriggerBinding(chart, 'github-push', {
 *   params: { revision: GitHubPush.headCommitId, 'repo-url': GitHubPush.cloneUrl },
 * });
 */
export class TriggerBinding extends BindingBase {
  /** A TriggerBinding that is not part of this app, by name. */
  public static fromName(name: string, options: TriggerBindingImportOptions = {}): ITriggerBinding {
    return { name, kind: 'TriggerBinding', namespace: options.namespace, paramNames: options.paramNames };
  }

  /** Always `TriggerBinding`. */
  public readonly kind: BindingKind = 'TriggerBinding';

  constructor(scope: Construct, id: string, props: TriggerBindingProps = {}) {
    super(scope, id, 'TriggerBinding', props);
  }
}

/**
 * A cluster-scoped `ClusterTriggerBinding`: like {@link TriggerBinding}, usable by EventListeners in every
 * namespace.
 *
 * @see https://tekton.dev/docs/triggers/triggerbindings/
 * @example
 * new ClusterTriggerBinding(chart, 'github-push-revision', { params: { revision: GitHubPush.after } });
 */
export class ClusterTriggerBinding extends BindingBase {
  /** A ClusterTriggerBinding that is not part of this app (e.g. from the Tekton catalog), by name. */
  public static fromName(name: string, options: Pick<TriggerBindingImportOptions, 'paramNames'> = {}): ITriggerBinding {
    return { name, kind: 'ClusterTriggerBinding', paramNames: options.paramNames };
  }

  /** Always `ClusterTriggerBinding`. */
  public readonly kind: BindingKind = 'ClusterTriggerBinding';

  constructor(scope: Construct, id: string, props: TriggerBindingProps = {}) {
    super(scope, id, 'ClusterTriggerBinding', props);
    clusterScoped(this.resource);
  }
}
