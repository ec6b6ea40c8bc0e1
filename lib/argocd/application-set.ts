import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { toJson_ApplicationSpec } from '../../imports/argocd-application-argoproj.io';
import { fail, problem } from '../core/errors';
import { IResource, ResourceProps } from '../core/resource';
import { freeId, requireArray, requireObject } from '../core/guards';
import { checkName, NameFormat } from '../core/names';
import { Warnings } from '../core/warnings';
import { objectMetadata } from '../core/metadata';
import { ARGOCD_NAMESPACE } from './app-project';
import { ApplicationMetadataOptions, withApplicationMetadata } from './application';
import { ApplicationSpecOptions, checkSpecOptions, isTemplated, registerOpsRepo, renderSpec, specProblems } from './application-spec';
import { expandPlaceholders, placeholdersIn, stringsIn } from './template-params';

/** A source of parameter sets for an ApplicationSet: one Application is generated per set. */
export class ApplicationSetGenerator {
  /**
   * A fixed list of parameter sets (`list` generator), e.g. one per environment. With goTemplate, keys must
   * be identifiers (letters, digits, `_`) to be usable as `{{.key}}`.
   */
  public static list(elements: Array<{ readonly [key: string]: string }>): ApplicationSetGenerator {
    return new ApplicationSetGenerator(elements.map(e => ({ ...e })));
  }

  private constructor(
    /** The parameter sets. */
    public readonly elements: Array<{ readonly [key: string]: string }>,
  ) {}

  /** The `spec.generators[]` entry. */
  public toSpec(): { list: { elements: Array<{ [key: string]: string }> } } {
    return { list: { elements: this.elements.map(e => ({ ...e })) } };
  }
}

/** The Application an ApplicationSet generates per parameter set; strings may hold placeholders. */
export interface ApplicationTemplate extends ApplicationSpecOptions, ApplicationMetadataOptions {
  /** Name of each generated Application, with placeholders, e.g. `go-sample-app-{{.env}}`. */
  readonly name: string;

  /**
   * Namespace of the generated Applications.
   * @default - the ApplicationSet's namespace
   */
  readonly namespace?: string;

  /**
   * Labels of the generated Applications.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** Props for {@link ApplicationSet}. */
export interface ApplicationSetProps extends ResourceProps {
  /**
   * Metadata; `name` defaults to the construct id.
   * @default - name: the construct id, namespace: 'argocd'
   */
  readonly metadata?: ApiObjectMetadata;

  /** Where parameter sets come from. Add more with {@link ApplicationSet.addGenerator}. */
  readonly generators: ApplicationSetGenerator[];

  /** The Application generated per parameter set. */
  readonly template: ApplicationTemplate;

  /**
   * Render placeholders as Go templates (`{{.key}}`) rather than fasttemplate (`{{key}}`).
   * @default true
   */
  readonly goTemplate?: boolean;

  /**
   * Go template options.
   * @default ['missingkey=error'] with goTemplate, so a missing key fails instead of rendering `<no value>`
   */
  readonly goTemplateOptions?: string[];

  /**
   * Keep the generated Applications' objects in the cluster when the ApplicationSet is deleted.
   * @default false
   */
  readonly preserveResourcesOnDeletion?: boolean;
}

/**
 * An Argo CD `ApplicationSet` (`argoproj.io/v1alpha1`): generates one Application per parameter set.
 *
 * Checked at synth: every placeholder of the template is a key of every element; the generated names are
 * valid and distinct; each generated Application passes the same checks as an {@link Application}.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/
 * @example
 * new ApplicationSet(argocdChart, 'go-sample-app-envs', {
 *   generators: [ApplicationSetGenerator.list([{ env: 'dev' }, { env: 'prod' }])],
 *   template: {
 *     name: 'go-sample-app-{{.env}}',
 *     source: ApplicationSource.fromGitPath(ops, 'dist/go-sample-app/{{.env}}'),
 *     destination: ApplicationDestination.inCluster('{{.env}}'),
 *     automated: { prune: true },
 *   },
 * });
 */
export class ApplicationSet extends Construct implements IResource {
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Always `ApplicationSet`. */
  public readonly kind = 'ApplicationSet';
  /** `argoproj.io/v1alpha1`. */
  public readonly apiVersion = 'argoproj.io/v1alpha1';
  /** The generated object (the CRD is not imported: it is 1.4 MB). */
  public readonly resource: ApiObject;
  private readonly generators: ApplicationSetGenerator[] = [];
  private readonly template: ApplicationTemplate;
  private readonly goTemplate: boolean;
  private readonly templateJson: any;

  constructor(scope: Construct, id: string, props: ApplicationSetProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the ApplicationSet\'s props: generators, template');
    requireArray(this, 'generators', props.generators, 'Give a list, e.g. [ApplicationSetGenerator.list([...])]');
    requireObject(this, 'template', props.template, 'Give the template of the Applications it generates');
    const metadata = objectMetadata(this, id, props.metadata, {}, { namespace: ARGOCD_NAMESPACE });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    this.template = props.template;
    this.goTemplate = props.goTemplate ?? true;
    if (props.generators.length === 0) {
      fail(this, 'spec.generators', '[]', 'is empty, so no Application is generated', 'Give e.g. ApplicationSetGenerator.list([{ env: \'dev\' }])');
    }
    for (const g of props.generators) this.addGenerator(g);
    checkSpecOptions(this, props.template);
    registerOpsRepo(this, props.template.source.opsRepo);

    const t = props.template;
    this.templateJson = {
      metadata: withApplicationMetadata(this, {
        name: t.name,
        ...(t.namespace ? { namespace: t.namespace } : {}),
        ...(t.labels && Object.keys(t.labels).length ? { labels: { ...t.labels } } : {}),
      }, t),
      spec: toJson_ApplicationSpec(renderSpec(t, t.syncOptions ?? [], t.ignoreDifferences ?? [])),
    };
    for (const [path, text] of stringsIn(this.templateJson)) {
      const wrong = placeholdersIn(text, this.goTemplate, new Set(this.generators.flatMap(g => g.elements.flatMap(e => Object.keys(e)))));
      if (wrong.wrongSyntax.length) {
        const [placeholder, fix] = wrong.wrongSyntax[0];
        fail(this, `spec.template${path}`, text, `uses '${placeholder}', the ${this.goTemplate ? 'fasttemplate' : 'Go template'} syntax, but goTemplate is ${this.goTemplate}`, `Fix: ${fix}`);
      }
    }

    const options = props.goTemplateOptions ?? (this.goTemplate ? ['missingkey=error'] : []);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata,
      spec: {
        goTemplate: this.goTemplate,
        ...(options.length ? { goTemplateOptions: options } : {}),
        generators: Lazy.any({ produce: () => this.generators.map(g => g.toSpec()) }),
        template: this.templateJson,
        ...(props.preserveResourcesOnDeletion !== undefined ? { syncPolicy: { preserveResourcesOnDeletion: props.preserveResourcesOnDeletion } } : {}),
      },
    });
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** Adds a generator. */
  public addGenerator(generator: ApplicationSetGenerator): void {
    const index = this.generators.length;
    if (this.goTemplate) {
      generator.elements.forEach((e, i) => {
        const bad = Object.keys(e).find(k => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
        if (bad !== undefined) {
          fail(this, `spec.generators[${index}].list.elements[${i}]`, bad, 'is not usable as {{.key}} in a Go template (letters, digits and \'_\' only)', 'Rename the key, e.g. with \'_\' for \'-\'');
        }
      });
    }
    this.generators.push(generator);
  }

  private validate(): string[] {
    const out: string[] = [];
    const elements = this.generators.flatMap((g, gi) => g.elements.map((e, ei) => ({ e, at: `spec.generators[${gi}].list.elements[${ei}]` })));
    if (elements.length === 0) Warnings.add(this, 'spec.generators \'[]\' have no elements, so no Application is generated. Add elements to a list generator');
    const allKeys = new Set(elements.flatMap(x => Object.keys(x.e)));
    for (const [path, text] of stringsIn(this.templateJson)) {
      for (const key of placeholdersIn(text, this.goTemplate, allKeys).keys) {
        const lacking = elements.filter(x => !(key in x.e));
        if (lacking.length) {
          out.push(problem(`spec.template${path}`, text, `uses parameter '${key}', which ${lacking.map(x => x.at).join(', ')} ${lacking.length > 1 ? 'do' : 'does'} not have`,
            `Add '${key}' to every element, or use one of: ${[...allKeys].sort().join(', ') || '(no keys)'}`));
        }
      }
    }
    if (out.length) return out;
    return [...new Set(this.validateGenerated(elements))];
  }

  /** Checks each Application the elements generate, as far as the placeholders can be filled in here. */
  private validateGenerated(elements: Array<{ e: { readonly [key: string]: string }; at: string }>): string[] {
    const out: string[] = [];
    const t = this.template;
    const names = new Map<string, string>();
    for (const { e, at } of elements) {
      const fill = (s: string | undefined) => (s === undefined ? undefined : expandPlaceholders(s, e, this.goTemplate));
      const name = fill(t.name);
      if (name !== undefined) {
        const wrong = checkName(name, { maxLength: 63 });
        if (wrong) out.push(problem('spec.template.metadata.name', name, `(from ${at}) ${wrong}`, 'Change the element or the name template so each name is a valid Application name'));
        const twin = names.get(name);
        if (twin) out.push(problem('spec.template.metadata.name', name, `is generated by both ${twin} and ${at}`, 'Make the name template tell the elements apart'));
        names.set(name, at);
      }
      const d = t.destination;
      const namespace = fill(d.namespace);
      if (isTemplated(d.namespace) && namespace !== undefined) {
        const wrong = checkName(namespace, { format: NameFormat.LABEL });
        if (wrong) out.push(problem('spec.template.spec.destination.namespace', namespace, `(from ${at}) ${wrong}`, 'Change the element\'s value'));
      }
      const path = fill(t.source.path);
      const repoUrl = fill(t.source.repoUrl);
      if (path === undefined || repoUrl === undefined) continue;
      out.push(...specProblems(this, {
        namespace: fill(t.namespace) ?? this.namespace,
        project: t.project,
        source: t.source,
        repoUrl,
        path,
        destination: { ...d.toSpec(), ...(namespace !== undefined ? { namespace } : {}) },
      }).map(p => `${p} (generated from ${at})`));
    }
    return out;
  }
}
