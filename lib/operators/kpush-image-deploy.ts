import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ImageDeploy as ImageDeployResource } from '../../imports/kpush-imagedeploy-crd.whizzosoftware.com';
import { fail, problem } from '../core/errors';
import { freeId, requireArray, requireKind, requireObject } from '../core/guards';
import { TreeIndex } from '../core/tree-index';
import { PodSecurity, podSecurityOf } from '../core/pod-security';
import { NameFormat, validateName } from '../core/names';
import { namedMetadata } from '../core/metadata';
import { IResource, ResourceProps } from '../core/resource';
import { Image } from '../kpack/image';
import { ImageDeployContainer, checkContainer, renderContainer } from './kpush-container';
import { labelMapProblems } from '../core/metadata-rules';
import { KpushController } from './kpush-controller';

/** Props for {@link ImageDeploy}. */
export interface ImageDeployProps extends ResourceProps {
  /**
   * The kpush controller that serves this ImageDeploy. It watches the kpack API of the Images referenced
   * here, so the two cannot disagree.
   */
  readonly controller: KpushController;
  /** Name of the Deployment kpush creates. @default - the ImageDeploy's name */
  readonly deploymentName?: string;
  /** Namespace of the Deployment; kpush needs it explicitly. @default - the ImageDeploy's namespace */
  readonly deploymentNamespace?: string;
  /** Labels of the Deployment. @default - none */
  readonly deploymentLabels?: { [key: string]: string };
  /** Replicas, 1 to 10 (the CRD's limits). @default 1 */
  readonly replicas?: number;
  /** Labels of the pods. @default - `{ app: <deployment name> }` */
  readonly podLabels?: { [key: string]: string };
  /** The Deployment's selector; every entry must be among the pod labels. @default - the pod labels */
  readonly selector?: { [key: string]: string };
  /** The containers; at least one must use a kpack Image. @default - none; add with addContainer() */
  readonly containers?: ImageDeployContainer[];
  /**
   * The Pod Security Standards profile of the pods kpush would create. The ImageDeploy CRD keeps no
   * securityContext (the API server prunes it), so a Deployment kpush creates from this spec cannot be
   * restricted: restricted (the default) requires the Deployment `deploymentNamespace/deploymentName` to be
   * rendered by this app too (as `Environment.kpush` does), so kpush only patches its images. Without it, give
   * `PodSecurity.baseline('<why>')`.
   * @default PodSecurity.restricted()
   */
  readonly podSecurity?: PodSecurity;
}

/**
 * A kpush ImageDeploy (`crd.whizzosoftware.com/v1alpha1`): a Deployment spec whose containers name kpack
 * Images. kpush creates the Deployment when the Images have been built and patches the container images
 * on every new build, so a kpack build is deployed without a commit.
 *
 * kpush finds Images by name in all namespaces, so two Images of the app with one name are an error.
 *
 * @see https://github.com/pvtl-dnoguerol/kpush
 * @example
 * new ImageDeploy(chart, 'go-sample-app', {
 *   controller, deploymentNamespace: 'dev',
 *   containers: [{ name: 'app', image, ports: [{ containerPort: 8080, name: 'http' }] }],
 * });
 */
export class ImageDeploy extends Construct implements IResource {
  /** `metadata.name`. */
  public readonly name: string;
  /** Always `ImageDeploy`. */
  public readonly kind = ImageDeployResource.GVK.kind;
  /** `crd.whizzosoftware.com/v1alpha1`. */
  public readonly apiVersion = ImageDeployResource.GVK.apiVersion;
  /** The Deployment's name. */
  public readonly deploymentName: string;
  /** The Deployment's namespace. */
  public readonly deploymentNamespace: string;
  /** The controller serving it. */
  public readonly controller: KpushController;
  /** The L1 object. */
  public readonly resource: ApiObject;
  private readonly _containers: ImageDeployContainer[] = [];
  private readonly podSecurity: PodSecurity;

  constructor(scope: Construct, id: string, props: ImageDeployProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the ImageDeploy\'s props: controller, containers');
    requireKind(this, 'controller', props.controller, (x: unknown) => x instanceof KpushController, 'a KpushController', 'Pass the KpushController construct that deploys the builds');
    if (props.containers !== undefined) requireArray(this, 'containers', props.containers, 'Give a list of containers, e.g. [{ name: \'app\', image }]');
    this.controller = props.controller;
    this.name = validateName(this, 'metadata.name', props.metadata?.name ?? id, { format: NameFormat.SUBDOMAIN });
    this.deploymentName = validateName(this, 'spec.deployment.metadata.name', props.deploymentName ?? this.name, { format: NameFormat.SUBDOMAIN });
    const replicas = props.replicas ?? 1;
    if (!(Number.isInteger(replicas) && replicas >= 1 && replicas <= 10)) {
      fail(this, 'spec.deployment.spec.replicas', replicas, 'is out of range: the ImageDeploy CRD allows 1 to 10', 'Give a whole number from 1 to 10');
    }
    const podLabels = props.podLabels ?? { app: this.deploymentName };
    const selector = props.selector ?? podLabels;
    const labelProblems = [
      ...labelMapProblems('spec.deployment.metadata.labels', props.deploymentLabels),
      ...labelMapProblems('spec.deployment.spec.template.metadata.labels', podLabels),
      ...labelMapProblems('spec.deployment.spec.selector.matchLabels', selector),
    ];
    if (Object.keys(selector).length === 0) {
      labelProblems.push(problem('spec.deployment.spec.selector.matchLabels', '{}', 'is empty, which a Deployment does not allow', 'Give pod labels, e.g. { app: \'go-sample-app\' }'));
    }
    for (const [k, v] of Object.entries(selector)) {
      if (podLabels[k] !== v) {
        labelProblems.push(problem(`spec.deployment.spec.selector.matchLabels.${k}`, v, 'is not among the pod labels, so the API server would reject the Deployment kpush creates',
          'Make every selector entry a pod label too'));
      }
    }
    if (labelProblems.length) throw new Error(labelProblems.map(p => `${this.node.path}: ${p}`).join('\n'));

    this.podSecurity = podSecurityOf(this, 'podSecurity', props.podSecurity);
    const annotations = this.podSecurity.annotations();
    this.resource = new ImageDeployResource(this, 'Resource', {
      metadata: { ...namedMetadata(this, props.metadata, this.name), annotations: { ...props.metadata?.annotations, ...annotations } },
      spec: Lazy.any({
        produce: () => ({
          deployment: {
            metadata: {
              name: this.deploymentName,
              namespace: this.deploymentNamespace,
              ...(props.deploymentLabels && Object.keys(props.deploymentLabels).length ? { labels: props.deploymentLabels } : {}),
            },
            spec: {
              replicas,
              selector: { matchLabels: selector },
              template: {
                metadata: { labels: podLabels },
                spec: { containers: this._containers.map(renderContainer) },
              },
            },
          },
        }),
      }),
    });
    const namespace = props.deploymentNamespace ?? this.resource.metadata.namespace;
    if (!namespace) {
      fail(this, 'spec.deployment.metadata.namespace', '', 'is missing: kpush creates the Deployment in exactly this namespace',
        'Give deploymentNamespace, or create the ImageDeploy in a chart with a namespace');
    }
    this.deploymentNamespace = validateName(this, 'spec.deployment.metadata.namespace', namespace, { format: NameFormat.LABEL });
    for (const c of props.containers ?? []) this.addContainer(c);
    props.controller._serve(this);
    this.node.addValidation({ validate: () => this.validateDeploy() });
  }

  /** `metadata.namespace`: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.resource.metadata.namespace;
  }

  /** The containers, in order. */
  public get containers(): ImageDeployContainer[] {
    return [...this._containers];
  }

  /** The kpack Images the containers use, each once. */
  public get kpackImages(): Image[] {
    return [...new Set(this._containers.map(c => c.image).filter((i): i is Image => i instanceof Image))];
  }

  /** Adds a container after the existing ones. */
  public addContainer(container: ImageDeployContainer): void {
    const at = `spec.deployment.spec.template.spec.containers[${this._containers.length}]`;
    const wrong = checkContainer(container, at);
    if (wrong.length) throw new Error(wrong.map(p => `${this.node.path}: ${p}`).join('\n'));
    this._containers.push(container);
  }

  private validateDeploy(): string[] {
    const out: string[] = [];
    const at = 'spec.deployment.spec.template.spec.containers';
    if (this.kpackImages.length === 0) {
      out.push(problem(at, this._containers.map(c => c.name), 'use no kpack Image, so kpush never creates the Deployment',
        'Give at least one container a kpack Image construct as its image'));
    }
    if (this.podSecurity.isRestricted) {
      const deployments = TreeIndex.of(this).select('deployments-by-namespace-and-name', constructs => new Set(constructs
        .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Deployment')
        .map(d => `${d.metadata.namespace}/${d.name}`)));
      if (!deployments.has(`${this.deploymentNamespace}/${this.deploymentName}`)) {
        // kpush creates the Deployment from this spec only when it finds none of that name, else it patches the
        // images (kpush manager/k8s/K8SDeploymentManager.java getDeployment/createDeployment/updateDeployment).
        out.push(problem('spec.deployment', `${this.deploymentNamespace}/${this.deploymentName}`,
          'would be created by kpush without a securityContext (the ImageDeploy CRD keeps only the containers\' name, image, env and ports), so its pods cannot meet the restricted Pod Security Standard',
          'Render that Deployment in this app too (Environment.kpush does; kpush then only patches its images), or give podSecurity: PodSecurity.baseline(\'<why>\')'));
      }
    }
    const names = new Set<string>();
    const portNames = new Set<string>();
    for (const c of this._containers) {
      if (names.has(c.name)) out.push(problem(`${at}.name`, c.name, 'is used by two containers', 'Give every container its own name'));
      names.add(c.name);
      for (const p of c.ports ?? []) {
        if (p.name && portNames.has(p.name)) out.push(problem(`${at}.ports.name`, p.name, 'is used twice in the pod', 'Give every port its own name'));
        if (p.name) portNames.add(p.name);
      }
    }
    const imagesByName = TreeIndex.of(this).select('kpack-images-by-name', constructs => {
      const byName = new Map<string, Image[]>();
      for (const c of constructs) if (c instanceof Image) byName.set(c.name, [...byName.get(c.name) ?? [], c]);
      return byName;
    });
    for (const image of this.kpackImages) {
      for (const other of (imagesByName.get(image.name) ?? []).filter(o => o !== image)) {
        out.push(problem(`${at}.image`, `REF=${image.name}`, `is ambiguous: ${image.node.path} and ${other.node.path} are both named '${image.name}' `
          + `(namespaces '${image.namespace ?? ''}' and '${other.namespace ?? ''}'), and kpush looks Images up by name in every namespace`,
        'Give the kpack Images distinct names'));
      }
    }
    return out;
  }
}
