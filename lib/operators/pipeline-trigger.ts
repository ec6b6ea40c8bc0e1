import { ApiObject, ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PipelineTrigger as L1PipelineTrigger, PipelineTriggerSpecSourceKind } from '../../imports/pipelinetrigger-pipeline.jquad.rocks';
import { fail, problem } from '../core/errors';
import { IResource, ResourceProps } from '../core/resource';
import { freeId, requireKind, requireObject } from '../core/guards';
import { Warnings } from '../core/warnings';
import { formatGoDuration } from '../core/duration';
import { objectMetadata } from '../core/metadata';
import { annotationMapProblems, labelMapProblems } from '../core/metadata-rules';
import { IFluxObject } from '../flux/source';
import { checkPipelineRunBody, IPipeline, PipelineRunBodyOptions, renderPipelineRunBody, RunParamValue, RunTimeouts, RunWorkspace } from '../tekton/run';
import { PodSecurity, podSecurityOf } from '../core/pod-security';
import { eventFieldsOf, kindsWithField, TriggerEvent, TriggerSourceKind } from './pipeline-trigger-event';
import { toV01Spec } from './pipeline-trigger-v01';

/** Which release line of the pipeline-trigger-operator the object is written for: its CRD changed shape. */
export enum PipelineTriggerFlavour {
  /**
   * Operator v0.5.0 and later (main): `spec.source{apiVersion, kind, name}` and `spec.pipelineRun`, a whole
   * `tekton.dev/v1` PipelineRun; param values `$.<field>` read the event.
   */
  CURRENT = 'current',
  /**
   * Operator v0.1.x: `spec.source{kind, name}` and `spec.pipeline{name, serviceAccountName, maxHistory, retries,
   * workspace, inputParams}`; `$(branch)`/`$(commit)` are the only placeholders. It reads Flux v1beta1 objects.
   */
  V0_1 = 'v0.1',
}

/** A param value of a triggered run: a fixed value, or a field of the event that triggered it. */
export type TriggerParamValue = RunParamValue | TriggerEvent;

/** Props for {@link PipelineTrigger}. */
export interface PipelineTriggerProps extends ResourceProps {
  /**
   * Metadata; `name` defaults to the construct id. At most 57 characters: runs are named `<name>-<5 random>`,
   * and a PipelineRun name is also a label value (63 characters).
   * @default - name: the construct id, namespace: the chart's
   */
  readonly metadata?: ApiObjectMetadata;

  /** The Flux GitRepository or ImagePolicy whose new revisions start a run; in the trigger's namespace. */
  readonly source: IFluxObject;

  /** The Pipeline to run: the Tekton `Pipeline` construct, or `Pipeline.fromName()`. */
  readonly pipeline: IPipeline;

  /**
   * Param values by name; {@link TriggerEvent} values read the event.
   * @default - none
   */
  readonly params?: { [name: string]: TriggerParamValue };

  /**
   * Workspace bindings by the Pipeline's workspace name. The v0.1 flavour takes exactly one
   * `RunWorkspace.volumeClaimTemplate` with one access mode and no storage class.
   * @default - none
   */
  readonly workspaces?: { [name: string]: RunWorkspace };

  /**
   * Service account of the run's TaskRuns.
   * @default - the namespace's `default` service account
   */
  readonly serviceAccount?: kplus.IServiceAccount;

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
   * The operator release line the object is written for.
   * @default PipelineTriggerFlavour.CURRENT
   */
  readonly flavour?: PipelineTriggerFlavour;

  /**
   * Timeouts of each run. Current flavour only.
   * @default - Tekton's defaults
   */
  readonly timeouts?: RunTimeouts;

  /**
   * Labels of each run. Current flavour only.
   * @default - none
   */
  readonly runLabels?: { [key: string]: string };

  /**
   * Annotations of each run, e.g. `tekton.dev/auto-cleanup-pvc: "true"`. Current flavour only.
   * @default - none
   */
  readonly runAnnotations?: { [key: string]: string };

  /**
   * How many runs the operator keeps (1 to 10). v0.1 flavour only.
   * @default 3
   */
  readonly maxHistory?: number;

  /**
   * How many times the operator retries a failed run (1 to 10). v0.1 flavour only.
   * @default 1
   */
  readonly retries?: number;
}

const SOURCE_API: { readonly [kind in TriggerSourceKind]: string } = {
  GitRepository: 'source.toolkit.fluxcd.io/v1',
  ImagePolicy: 'image.toolkit.fluxcd.io/v1',
};

/**
 * A `PipelineTrigger` (`pipeline.jquad.rocks/v1alpha1`) of the jquad-group pipeline-trigger-operator: starts a
 * Tekton PipelineRun whenever a Flux GitRepository sees a new commit or an ImagePolicy a new image.
 *
 * The run is rendered and checked against its Pipeline like a Tekton PipelineRun (params, types, workspaces);
 * the source must be in the trigger's namespace.
 *
 * @see https://github.com/jquad-group/pipeline-trigger-operator
 * @example
 * new PipelineTrigger(chart, 'build-on-push', {
 *   source: gitRepository,
 *   pipeline,
 *   params: { 'repo-url': gitRepository.url, revision: TriggerEvent.commitId() },
 *   workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) },
 * });
 */
export class PipelineTrigger extends Construct implements IResource {
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`: its own or its chart's. */
  public readonly namespace: string | undefined;
  /** Always `PipelineTrigger`. */
  public readonly kind = L1PipelineTrigger.GVK.kind;
  /** `pipeline.jquad.rocks/v1alpha1`. */
  public readonly apiVersion = L1PipelineTrigger.GVK.apiVersion;
  /** The flavour the object is written in. */
  public readonly flavour: PipelineTriggerFlavour;
  /** The generated object: the imported class for the current flavour, a plain ApiObject for v0.1. */
  public readonly resource: ApiObject;
  private readonly run: PipelineRunBodyOptions;

  constructor(scope: Construct, id: string, props: PipelineTriggerProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the PipelineTrigger\'s props: source, pipeline');
    requireKind(this, 'spec.source', props.source, (x: any) => typeof x.kind === 'string' && typeof x.name === 'string', 'a Flux GitRepository or ImagePolicy',
      'Pass the GitRepository or ImagePolicy construct whose updates start the Pipeline');
    requireKind(this, 'spec.pipelineRun.pipelineRef', props.pipeline, (x: any) => typeof x.name === 'string', 'a Pipeline', 'Pass the Pipeline construct, or Pipeline.fromName(\'...\')');
    const metadata = objectMetadata(this, id, props.metadata, { maxLength: 57 });
    this.name = metadata.name!;
    this.namespace = metadata.namespace ?? Chart.of(this).namespace;
    this.flavour = props.flavour ?? PipelineTriggerFlavour.CURRENT;
    const kind = sourceKind(this, props.source);
    this.checkFlavourFields(props);

    const params = Object.fromEntries(Object.entries(props.params ?? {}).map(([name, value]) => [name, this.paramValue(name, value, kind)]));
    this.run = {
      pipeline: props.pipeline,
      params,
      workspaces: props.workspaces,
      serviceAccountName: props.serviceAccount?.name,
      timeouts: props.timeouts,
      generateName: `${this.name}-`,
      namespace: this.namespace,
      labels: props.runLabels,
      annotations: props.runAnnotations,
      podSecurity: podSecurityOf(this, 'podSecurity', props.podSecurity),
      serviceAccountToken: props.serviceAccountToken,
    };
    const body = renderPipelineRunBody(this.run);

    if (this.flavour === PipelineTriggerFlavour.CURRENT) {
      this.resource = new L1PipelineTrigger(this, 'Resource', {
        metadata,
        spec: {
          source: { apiVersion: SOURCE_API[kind], kind: kind as PipelineTriggerSpecSourceKind, name: props.source.name },
          pipelineRun: body,
        },
      });
    } else {
      Warnings.add(this, `flavour 'v0.1' is for operator v0.1.x, which reads Flux v1beta1 objects (GitRepository revision '<branch>/<sha>', ImagePolicy status.latestImage) that current Flux releases no longer serve. Use PipelineTriggerFlavour.CURRENT with operator v0.5.0 or later`);
      this.resource = new ApiObject(this, 'Resource', {
        apiVersion: L1PipelineTrigger.GVK.apiVersion,
        kind: L1PipelineTrigger.GVK.kind,
        metadata,
        spec: {
          source: { kind, name: props.source.name },
          pipeline: toV01Spec(this, body, props.workspaces, { maxHistory: props.maxHistory ?? 3, retries: props.retries ?? 1 }),
        },
      });
    }
    this.node.addValidation({ validate: () => this.validate(props.source) });
  }

  private checkFlavourFields(props: PipelineTriggerProps): void {
    const current = this.flavour === PipelineTriggerFlavour.CURRENT;
    const only = current
      ? { maxHistory: props.maxHistory, retries: props.retries }
      : { timeouts: props.timeouts, runLabels: props.runLabels, runAnnotations: props.runAnnotations };
    for (const [field, value] of Object.entries(only)) {
      if (value !== undefined) {
        const shown = field === 'timeouts'
          ? Object.fromEntries(Object.entries(value as RunTimeouts).map(([k, d]) => [k, formatGoDuration(d as Duration)]))
          : value;
        fail(this, field, shown, `is only accepted by the ${current ? 'v0.1' : 'current'} flavour (this trigger is '${this.flavour}')`,
          current ? `Remove it: operator v0.5.0+ has no ${field}` : `Remove it, or use PipelineTriggerFlavour.CURRENT`);
      }
    }
  }

  private paramValue(name: string, value: TriggerParamValue, kind: TriggerSourceKind): RunParamValue {
    const field = `params.${name}`;
    if (value instanceof TriggerEvent) return this.eventValue(field, value.field, String(value), value.v01Placeholder, kind);
    // The current operator evaluates any value starting with '$' as a JSONPath into the event.
    if (typeof value === 'string' && /^\$\.[A-Za-z_]/.test(value)) return this.eventValue(field, value.slice(2).split(/[.[]/)[0], value, undefined, kind);
    if (this.flavour === PipelineTriggerFlavour.V0_1) {
      if (typeof value !== 'string') {
        fail(this, field, value, 'is not a string: v0.1 inputParams are strings', 'Pass a string, or use PipelineTriggerFlavour.CURRENT');
      }
      if ((value === '$(branch)' || value === '$(commit)') && kind !== 'GitRepository') {
        fail(this, field, value, `is only replaced for a GitRepository source (this one is ${an(kind)})`, 'Use a fixed value, or PipelineTriggerFlavour.CURRENT with TriggerEvent.imageVersion()');
      }
    }
    return value;
  }

  /** The param value reading event field `f`, in this flavour's syntax; an error when the source kind lacks it. */
  private eventValue(field: string, f: string, shown: string, v01Placeholder: string | undefined, kind: TriggerSourceKind): string {
    const kinds = kindsWithField(f);
    if (!kinds.includes(kind)) {
      const have = kinds.length ? `only a ${kinds.join(' or ')} event has it` : 'no source kind has it';
      fail(this, field, shown, `reads '${f}' from the event, but ${have}`,
        `${capitalize(an(kind))} event has: ${eventFieldsOf(kind).join(', ')} (e.g. TriggerEvent.${eventFieldsOf(kind)[0]}())`);
    }
    if (this.flavour === PipelineTriggerFlavour.CURRENT) return `$.${f}`;
    if (v01Placeholder === undefined || kind !== 'GitRepository') {
      fail(this, field, shown, 'has no equivalent in the v0.1 flavour, whose only placeholders are $(branch) and $(commit) of a GitRepository',
        'Use TriggerEvent.branchName() or TriggerEvent.commitId() with a GitRepository source, or PipelineTriggerFlavour.CURRENT');
    }
    return v01Placeholder;
  }

  private validate(source: IFluxObject): string[] {
    const out: string[] = [];
    if (source.namespace !== this.namespace) {
      out.push(problem('spec.source', `${source.namespace ?? '(no namespace)'}/${source.name}`,
        `is not in the trigger's namespace '${this.namespace ?? '(no namespace)'}': the operator looks the source up in its own namespace`,
        'Create the trigger in the source\'s namespace (or the source in the trigger\'s)'));
    }
    return [...out, ...checkPipelineRunBody(this.run), ...labelMapProblems('runLabels', this.run.labels), ...annotationMapProblems('runAnnotations', this.run.annotations)];
  }
}

function an(kind: string): string {
  return `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sourceKind(scope: Construct, source: IFluxObject): TriggerSourceKind {
  if (source.kind !== 'GitRepository' && source.kind !== 'ImagePolicy') {
    fail(scope, 'spec.source.kind', source.kind, 'is not a kind the operator watches here (GitRepository or ImagePolicy)',
      source.kind === 'ImageRepository' ? 'Create an ImagePolicy for the repository and pass that' : 'Pass a Flux GitRepository or ImagePolicy construct');
  }
  return source.kind;
}
