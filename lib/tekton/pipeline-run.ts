import { ApiObject, ApiObjectMetadata, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { freeId, requireObject } from '../core/guards';
import { checkName } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps } from '../core/resource';
import { Warnings } from '../core/warnings';
import { validateResourceName } from './names';
import { Pipeline } from './pipeline';
import { checkPipelineRunBody, IPipeline, PipelineRunBodyOptions, renderPipelineRunBody, RunParamValue, RunTimeouts, RunWorkspace } from './run';
import { PodSecurity, podSecurityOf } from '../core/pod-security';
import { checkObjectMetadata } from './object-checks';

/** When Argo CD deletes a hook resource. */
export enum HookDeletePolicy {
  /** Before creating it again on the next sync: the last run stays for inspection. */
  BEFORE_HOOK_CREATION = 'BeforeHookCreation',
  /** As soon as it succeeds. */
  HOOK_SUCCEEDED = 'HookSucceeded',
  /** As soon as it fails. */
  HOOK_FAILED = 'HookFailed',
}

/**
 * How Argo CD treats a PipelineRun committed to git. As an Argo CD hook with `generateName`, every sync
 * creates a new run; a plain object would be created once and never run again.
 */
export class ArgoCdHook {
  /** Runs after every successful sync (the default). */
  public static postSync(deletePolicy: HookDeletePolicy = HookDeletePolicy.BEFORE_HOOK_CREATION): ArgoCdHook {
    return new ArgoCdHook('PostSync', deletePolicy);
  }

  /** Runs before the other resources are synced. */
  public static preSync(deletePolicy: HookDeletePolicy = HookDeletePolicy.BEFORE_HOOK_CREATION): ArgoCdHook {
    return new ArgoCdHook('PreSync', deletePolicy);
  }

  /** Runs with the sync, after PreSync hooks. */
  public static sync(deletePolicy: HookDeletePolicy = HookDeletePolicy.BEFORE_HOOK_CREATION): ArgoCdHook {
    return new ArgoCdHook('Sync', deletePolicy);
  }

  /** Runs when a sync fails. */
  public static syncFail(deletePolicy: HookDeletePolicy = HookDeletePolicy.BEFORE_HOOK_CREATION): ArgoCdHook {
    return new ArgoCdHook('SyncFail', deletePolicy);
  }

  /** No hook: a one-off run with a fixed name, which Argo CD creates once (synthesis warns). */
  public static none(): ArgoCdHook {
    return new ArgoCdHook();
  }

  private constructor(
    /** The hook phase, or undefined for none. */
    public readonly phase?: string,
    /** The delete policy. */
    public readonly deletePolicy?: HookDeletePolicy) {}

  /** The Argo CD annotations for this hook. */
  public annotations(): { [key: string]: string } {
    if (!this.phase) return {};
    return { 'argocd.argoproj.io/hook': this.phase, 'argocd.argoproj.io/hook-delete-policy': this.deletePolicy! };
  }
}

/** Props for {@link PipelineRun}. */
export interface PipelineRunProps extends ResourceProps {
  /** The Pipeline to run: a {@link Pipeline} of this app (checked) or `Pipeline.fromName(...)` (not checked). */
  readonly pipeline: IPipeline;
  /**
   * Param values by name.
   * @default - none
   * @see https://tekton.dev/docs/pipelines/pipelineruns/#specifying-parameters
   */
  readonly params?: { [name: string]: RunParamValue };
  /**
   * Workspace bindings by the Pipeline's workspace name.
   * @default - none
   * @see https://tekton.dev/docs/pipelines/pipelineruns/#specifying-workspaces
   */
  readonly workspaces?: { [name: string]: RunWorkspace };
  /** The service account every TaskRun runs as (`taskRunTemplate.serviceAccountName`). @default - the namespace's `default` */
  readonly serviceAccount?: kplus.IServiceAccount | string;
  /**
   * The Pod Security Standards profile of the run's pods; anything but restricted needs a reason.
   * @default PodSecurity.restricted()
   */
  readonly podSecurity?: PodSecurity;
  /**
   * Mount the ServiceAccount's API token in the run's pods, for steps that call the Kubernetes API.
   * @default false
   */
  readonly serviceAccountToken?: boolean;
  /**
   * Timeouts.
   * @default - Tekton's defaults
   * @see https://tekton.dev/docs/pipelines/pipelineruns/#configuring-a-failure-timeout
   */
  readonly timeouts?: RunTimeouts;
  /**
   * The run's metadata. With a hook, `name` is the `generateName` prefix (`<name>-`); the hook's annotations
   * are added to those given here.
   * @default - name: the construct id; namespace: the chart's
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * How Argo CD runs it.
   * @default ArgoCdHook.postSync()
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/
   */
  readonly argoCdHook?: ArgoCdHook;
}

/**
 * A Tekton `PipelineRun` committed to the ops repo. By default it is an Argo CD PostSync hook with
 * `generateName`, so each sync starts a new run; with `ArgoCdHook.none()` it is a one-off run with a fixed
 * name, and synthesis warns. Params and workspaces are checked against the Pipeline. Runs started by
 * events belong in a TriggerTemplate or PipelineTrigger instead.
 *
 * @see https://tekton.dev/docs/pipelines/pipelineruns/
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/
 * @example
 * new PipelineRun(chart, 'build-once', {
 *   pipeline,
 *   params: { 'repo-url': 'https://github.com/example/app.git' },
 *   workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) },
 *   serviceAccount: buildBot,
 * });
 */
export class PipelineRun extends Construct implements IResource {
  /** The run's name, or the `generateName` prefix without its trailing '-'. */
  public readonly name: string;
  /** Always `PipelineRun`. */
  public readonly kind = 'PipelineRun';
  /** `tekton.dev/v1`. */
  public readonly apiVersion = 'tekton.dev/v1';
  /** The PipelineRun object. */
  public readonly resource: ApiObject;
  private readonly hook: ArgoCdHook;
  private readonly podSecurity: PodSecurity;

  constructor(scope: Construct, id: string, private readonly props: PipelineRunProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the PipelineRun\'s props: pipeline, params, workspaces');
    this.hook = props.argoCdHook ?? ArgoCdHook.postSync();
    this.podSecurity = podSecurityOf(this, 'podSecurity', props.podSecurity);
    const fixed = !this.hook.phase;
    this.name = validateResourceName(this, fixed ? 'metadata.name' : 'metadata.generateName', props.metadata?.name ?? id, fixed ? 63 : 57);
    const sa = props.serviceAccount;
    if (typeof sa === 'string' && checkName(sa)) fail(this, 'serviceAccount', sa, checkName(sa)!, 'Use the ServiceAccount\'s name');
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: {
        ...namedMetadata(this, props.metadata, this.name),
        ...(fixed ? {} : { generateName: `${this.name}-` }),
        annotations: this.annotations(),
      },
      spec: Lazy.any({ produce: () => renderPipelineRunBody(this.body()).spec }),
    });
    if (!fixed) this.resource.addJsonPatch(JsonPatch.remove('/metadata/name'));
    if (fixed) {
      Warnings.add(this, problem('metadata.name', this.name, 'is a fixed name without an Argo CD hook: Argo CD creates the run once, never runs it again, and prunes it with its logs once it leaves git',
        'Keep the default ArgoCdHook.postSync(), or start runs from a TriggerTemplate or PipelineTrigger'));
    }
    this.node.addValidation({ validate: () => this.validateRun() });
  }

  /** `metadata.namespace`: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.resource.metadata.namespace;
  }

  private annotations(): { [key: string]: string } {
    return { ...this.props.metadata?.annotations, ...this.hook.annotations(), ...this.podSecurity.annotations() };
  }

  private body(): PipelineRunBodyOptions {
    const p = this.props;
    const sa = p.serviceAccount;
    return {
      pipeline: p.pipeline,
      ...(this.hook.phase ? { generateName: `${this.name}-` } : { name: this.name }),
      params: p.params,
      workspaces: p.workspaces,
      serviceAccountName: typeof sa === 'string' ? sa : sa?.name,
      timeouts: p.timeouts,
      podSecurity: this.podSecurity,
      serviceAccountToken: p.serviceAccountToken,
    };
  }

  private validateRun(): string[] {
    const out = checkPipelineRunBody(this.body());
    const pipeline = this.props.pipeline;
    const ns = this.namespace;
    if (pipeline instanceof Pipeline && pipeline.namespace && ns && pipeline.namespace !== ns) {
      out.push(problem('spec.pipelineRef', pipeline.name, `is in namespace '${pipeline.namespace}', but the run is in '${ns}', where Tekton looks it up`,
        'Create the run in the Pipeline\'s namespace'));
    }
    out.push(...checkObjectMetadata(this.resource));
    return out;
  }
}
