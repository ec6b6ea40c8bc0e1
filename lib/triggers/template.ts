import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { checkName, NameFormat } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { annotationMapProblems, labelMapProblems } from '../core/metadata-rules';
import { IResource, ResourceProps } from '../core/resource';
import { Warnings } from '../core/warnings';
import { checkPipelineRunBody, IPipeline, PipelineRunBodyOptions, renderPipelineRunBody, RunParamValue, RunTimeouts, RunWorkspace } from '../tekton/run';
import { PodSecurity, podSecurityOf } from '../core/pod-security';
import { BindingParam, TemplateParam, TemplateParamOptions } from './params';
import { validateParamName, validateTriggersName } from './naming';
import { checkTemplateExpressions } from './template-expressions';
import { freeId, requireReadable } from '../core/guards';

/** A param a TriggerTemplate declares. */
export interface TemplateParamSpec {
  /** The param name. */
  readonly name: string;
  /** True when the param has a default, so a trigger's bindings need not supply it. */
  readonly hasDefault: boolean;
}

/** A TriggerTemplate that an EventListener trigger can reference. */
export interface ITriggerTemplate {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`, when known. */
  readonly namespace?: string;
  /** Its params, or undefined when not known (a template outside the app). */
  readonly paramSpecs?: TemplateParamSpec[];
  /**
   * What it creates, as `<group>/<Kind>` (e.g. `tekton.dev/PipelineRun`), or undefined when not known. Read
   * when a trigger that uses the template is added: the listener's Role grants `create` on these kinds.
   */
  readonly createdKinds?: string[];
}

/** Options of {@link TriggerTemplate.fromName}. */
export interface TriggerTemplateImportOptions {
  /** The template's namespace. @default - unknown (assumed to be the EventListener's) */
  readonly namespace?: string;
  /** Its params, so triggers can check their bindings. @default - unknown: not checked */
  readonly paramSpecs?: TemplateParamSpec[];
}

/** A param value of a PipelineRun made by a template: a template param, text (which may embed params), or a Tekton value. */
export type TemplateRunParamValue = TemplateParam | RunParamValue;

/** Options of {@link TriggerTemplate.addPipelineRun}. */
export interface TemplatePipelineRunOptions {
  /** The Pipeline to run. */
  readonly pipeline: IPipeline;
  /** Param values by the Pipeline's param names. @default - none */
  readonly params?: { [name: string]: TemplateRunParamValue };
  /** Workspace bindings by the Pipeline's workspace names. @default - none */
  readonly workspaces?: { [name: string]: RunWorkspace };
  /** The service account the run's TaskRuns use. @default - the namespace's `default` */
  readonly serviceAccount?: kplus.IServiceAccount;
  /** Timeouts. @default - Tekton's defaults */
  readonly timeouts?: RunTimeouts;
  /** `metadata.generateName` of each run. @default - `<pipeline name>-run-` */
  readonly generateName?: string;
  /** Labels of each run. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations of each run. @default - none */
  readonly annotations?: { [key: string]: string };
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
}

/** Props of {@link TriggerTemplate}. */
export interface TriggerTemplateProps extends ResourceProps {}

/**
 * A `TriggerTemplate`: the resources (here PipelineRuns) an EventListener creates for each accepted event,
 * with `$(tt.params.x)` filled from the trigger's bindings.
 *
 * @see https://tekton.dev/docs/triggers/triggertemplates/
 * @example
 * const template = new TriggerTemplate(chart, 'build');
 * const revision = template.addParam('revision', { description: 'the commit to build' });
 * template.addPipelineRun({ pipeline, params: { revision }, workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) } });
 */
export class TriggerTemplate extends Construct implements ITriggerTemplate, IResource {
  /** A TriggerTemplate that is not part of this app, by name; its params are not checked unless given. */
  public static fromName(name: string, options: TriggerTemplateImportOptions = {}): ITriggerTemplate {
    return { name, namespace: options.namespace, paramSpecs: options.paramSpecs };
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`, when set here or on the chart. The runs are created in the EventListener's namespace. */
  public readonly namespace?: string;
  /** Always `TriggerTemplate`. */
  public readonly kind = 'TriggerTemplate';
  /** `triggers.tekton.dev/v1beta1`. */
  public readonly apiVersion = 'triggers.tekton.dev/v1beta1';
  /** The underlying `triggers.tekton.dev/v1beta1` object. */
  public readonly resource: ApiObject;
  private readonly byName = new Map<string, TemplateParam>();
  private readonly runs: PipelineRunBodyOptions[] = [];

  constructor(scope: Construct, id: string, props: TriggerTemplateProps = {}) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    this.name = validateTriggersName(this, props.metadata?.name ?? id, { format: NameFormat.SUBDOMAIN });
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: namedMetadata(this, props.metadata, this.name),
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.namespace = this.resource.metadata.namespace;
    this.node.addValidation({ validate: () => this.validateTemplate() });
  }

  /** The params, in the order declared. */
  public get params(): TemplateParam[] {
    return [...this.byName.values()];
  }

  /**
   * What the template creates, as `<group>/<Kind>`: PipelineRuns, the only resources it takes, whether its
   * runs are added before or after a trigger uses it (a template without runs fails synthesis).
   */
  public get createdKinds(): string[] {
    return ['tekton.dev/PipelineRun'];
  }

  /** The params as name and whether they have a default. */
  public get paramSpecs(): TemplateParamSpec[] {
    return this.params.map(p => ({ name: p.name, hasDefault: p.options.default !== undefined }));
  }

  /**
   * Declares a param and returns its handle. Pass a binding's param to declare the param it fills.
   *
   * @example
   * const revision = template.addParam('revision');
   * const url = template.addParam(binding.param('repo-url'), { description: 'clone URL' });
   */
  public addParam(param: string | BindingParam, options: TemplateParamOptions = {}): TemplateParam {
    const name = typeof param === 'string' ? param : param.name;
    validateParamName(this, 'spec.params', name);
    if (this.byName.has(name)) fail(this, 'spec.params', name, 'is declared twice', 'Declare each param once and reuse its handle');
    if (options.default !== undefined && typeof options.default !== 'string') {
      // Triggers substitutes text only; tekton-lint (no-invalid-param-type) rejects other defaults.
      fail(this, `spec.params.${name}.default`, options.default, 'is not a string', 'Give the default as text, e.g. \'1\'');
    }
    const handle = new TemplateParam(name, options);
    this.byName.set(name, handle);
    return handle;
  }

  /** The param called `name`; throws when there is none. */
  public param(name: string): TemplateParam {
    const p = this.byName.get(name);
    if (!p) fail(this, 'spec.params', name, 'is not a param of this template', `Use one of: ${[...this.byName.keys()].join(', ') || '(none)'}`);
    return p;
  }

  /** Adds a PipelineRun to create per event, checked against its Pipeline's params and workspaces. */
  public addPipelineRun(options: TemplatePipelineRunOptions): void {
    const generateName = options.generateName ?? `${options.pipeline.name}-run-`;
    // The run name (generateName plus 5 random characters) becomes a label value: at most 63 characters.
    const wrong = checkName(generateName.replace(/-$/, ''), { format: NameFormat.LABEL, maxLength: 57 });
    if (wrong) {
      fail(this, 'generateName', generateName, `${wrong} (a run name is generateName plus 5 characters and must be a label)`,
        'Use a shorter generateName of lower-case letters, digits and \'-\', e.g. \'build-run-\'');
    }
    const params = Object.fromEntries(Object.entries(options.params ?? {})
      .map(([name, value]) => [name, value instanceof TemplateParam ? value.ref : value]));
    this.runs.push({
      pipeline: options.pipeline,
      params,
      workspaces: options.workspaces,
      serviceAccountName: options.serviceAccount?.name,
      timeouts: options.timeouts,
      generateName,
      labels: options.labels,
      annotations: options.annotations,
      podSecurity: podSecurityOf(this, 'podSecurity', options.podSecurity),
      serviceAccountToken: options.serviceAccountToken,
    });
  }

  private renderSpec(): any {
    const params = this.params.map(p => ({
      name: p.name,
      ...(p.options.description ? { description: p.options.description } : {}),
      ...(p.options.default !== undefined ? { default: p.options.default } : {}),
    }));
    const resourcetemplates = this.runs.map(renderPipelineRunBody);
    return {
      ...(params.length ? { params } : {}),
      ...(resourcetemplates.length ? { resourcetemplates } : {}),
    };
  }

  private validateTemplate(): string[] {
    if (this.runs.length === 0) {
      return [problem('spec.resourcetemplates', [], 'is empty; Triggers rejects a template without resources', 'Add a run with addPipelineRun()')];
    }
    const out: string[] = [];
    this.runs.forEach((run, i) => {
      const at = `spec.resourcetemplates[${i}]`;
      out.push(...checkPipelineRunBody(run).map(p => `${at}.spec.${p}`));
      // A value with $(tt.params.x) is filled in per event; only literal labels can be checked here.
      const literal = Object.fromEntries(Object.entries(run.labels ?? {}).filter(([, v]) => typeof v !== 'string' || !v.includes('$(')));
      out.push(...labelMapProblems(`${at}.metadata.labels`, literal), ...annotationMapProblems(`${at}.metadata.annotations`, run.annotations));
      for (const w of run.pipeline.declaredWorkspaces ?? []) {
        if (w.optional && !(w.name in (run.workspaces ?? {}))) {
          out.push(problem(`${at}.spec.workspaces`, w.name,
            `is an optional workspace of Pipeline '${run.pipeline.name}' left unbound, which tekton-lint (no-missing-workspace) rejects in a TriggerTemplate`,
            'Bind it, e.g. with RunWorkspace.emptyDir()'));
        }
      }
    });
    const rendered = this.runs.map(renderPipelineRunBody);
    const { problems, used } = checkTemplateExpressions(rendered, new Set(this.byName.keys()));
    out.push(...problems);
    for (const p of this.params) {
      if (!used.has(p.name)) {
        Warnings.add(this, problem('spec.params', p.name, 'is declared but not used in any resource template',
          `Use it as ${p.ref} (e.g. as a PipelineRun param value) or remove it`));
      }
    }
    return out;
  }
}
