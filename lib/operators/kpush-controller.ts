import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { NameFormat, validateName } from '../core/names';
import { Warnings } from '../core/warnings';
import { KpackApi } from '../kpack/api';
import { clusterScoped } from '../core/cluster-scoped';
import { Image } from '../kpack/image';
import { checkPinnedImage } from '../core/image-reference';
import { RbacFor, rbacLabels } from '../core/rbac';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/pod-security';
import { freeId, requireReadable } from '../core/guards';
import { needsApiGroups } from '../core/api-needs';
import { KPUSH_WAIT_IMAGE, KPUSH_WAIT_SCRIPT } from './kpush-wait';

/** The ImageDeploy API kpush watches (`watch/ImageDeployWatcher.java`: `crd.whizzosoftware.com`, `v1alpha1`). */
const IMAGE_DEPLOY_API = 'crd.whizzosoftware.com/v1alpha1';

/** What the controller needs to know about an ImageDeploy it serves. */
export interface IKpushServed extends Construct {
  /** The kpack Images its containers use. */
  readonly kpackImages: Image[];
}

/** Props for {@link KpushController}. */
export interface KpushControllerProps {
  /** Name of the Deployment (a DNS label); the ServiceAccount and ClusterRole are `<name>-controller`. @default - the construct id */
  readonly name?: string;
  /** Namespace the controller runs in. @default 'kpush' */
  readonly namespace?: string;
  /** Also create the Namespace. @default true */
  readonly createNamespace?: boolean;
  /** The controller image, pinned by a tag other than `latest` or by digest. @default KpushController.DEFAULT_IMAGE */
  readonly image?: string;
  /**
   * The kpack API whose Images it watches. Needed only when it serves no ImageDeploy of this app; when
   * given, every served Image must use it.
   * @default - the API of the Images its ImageDeploys use
   */
  readonly api?: KpackApi;
}

/**
 * Installs kpush (pvtl-dnoguerol/kpush): a ServiceAccount, a ClusterRole that only lists and watches
 * ImageDeploys and kpack Images, its ClusterRoleBinding, a restricted Deployment and optionally the Namespace.
 * Each namespace its ImageDeploys deploy to gets a Role that lets kpush list, create and patch Deployments
 * there, and nowhere else.
 *
 * kpush watches one kpack API group, set by `IMAGE_CRD_GROUP`/`IMAGE_CRD_VERSION`/`IMAGE_CRD_PLURAL` and
 * defaulting to the legacy `build.pivotal.io`. Here those variables always come from the Images its
 * ImageDeploys use, so the controller cannot watch a group the Images are not in; Images of two APIs
 * served by one controller are an error.
 *
 * The ImageDeploy CRD itself is not rendered: install it from kpush's `k8s/release.yml` (the `Platform`
 * does). kpush opens its watches once and never again after a 404, so the pod's init container `wait-for-crds`
 * holds kpush back until the API server serves both lists it watches ({@link KpushController.watchedPaths}),
 * with the permissions kpush has anyway (`lib/operators/kpush-wait.ts`).
 *
 * @see https://github.com/pvtl-dnoguerol/kpush
 * @example
 * const controller = new KpushController(chart, 'kpush');
 * new ImageDeploy(chart, 'go-sample-app', { controller, containers: [{ name: 'app', image }] });
 */
export class KpushController extends Construct {
  /**
   * The default controller image: kpush's project version (0.1.0) as a tag. kpush has no releases and its
   * own manifest runs `:latest`, so check that this tag exists where you pull from, or better pin a
   * digest of the image you tested with `image`.
   */
  public static readonly DEFAULT_IMAGE = 'docker.io/whizzosoftware/kpush:0.1.0';

  /** The namespace the controller runs in. */
  public readonly namespace: string;
  /** The controller's ServiceAccount name. */
  public readonly serviceAccountName: string;
  /** The controller image. */
  public readonly image: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The API paths kpush watches, which its pod waits for before it starts kpush: the kpack Images' and the ImageDeploys'. */
  public get watchedPaths(): string[] {
    return [`/apis/${this.api.group}/${this.api.version}/${this.api.imagePlural}`, `/apis/${IMAGE_DEPLOY_API}/imagedeploys`];
  }
  private readonly serviceAccount: kplus.ServiceAccount;
  private readonly served: IKpushServed[] = [];
  private readonly deploymentNamespaces = new Set<string>();
  private readonly fixedApi?: KpackApi;

  constructor(scope: Construct, id: string, props: KpushControllerProps = {}) {
    super(scope, freeId(scope, id));
    requireReadable(this, 'props', props);
    // The name is also the `app` label value of the Deployment and its pods, hence a DNS label.
    const name = validateName(this, 'name', props.name ?? id, { format: NameFormat.LABEL });
    this.namespace = validateName(this, 'namespace', props.namespace ?? 'kpush', { format: NameFormat.LABEL });
    this.image = props.image ?? KpushController.DEFAULT_IMAGE;
    const unpinned = checkPinnedImage(this.image);
    if (unpinned) fail(this, 'image', this.image, unpinned, 'Pin it by tag (docker.io/whizzosoftware/kpush:<version>) or by digest (...@sha256:<digest>)');
    this.fixedApi = props.api;
    this.serviceAccountName = `${name}-controller`;
    const labels = { app: name };

    if (props.createNamespace ?? true) {
      clusterScoped(new ApiObject(this, 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } }));
    }
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, namespace: this.namespace },
      // kpush calls the API server with this account's token (manager/k8s/*.java).
      automountToken: true,
    });
    // kpush lists and watches ImageDeploys and kpack Images in every namespace (listClusterCustomObject in
    // watch/ImageDeployWatcher.java, watch/ImageWatcher.java, manager/k8s/K8SImageDeployManager.java and
    // K8SImageManager.java); it never gets one by name. Deployments are granted per namespace: see _serve().
    const clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.serviceAccountName, labels: rbacLabels(RbacFor.KPUSH) } });
    // The kpack API is known only once the ImageDeploys are registered, so the Images' endpoint is resolved
    // when cdk8s-plus renders the rules (src/role.ts `synthesizeRules` calls `asApiResource()` then).
    clusterRole.allow(['list', 'watch'], {
      asApiResource: () => kplus.ApiResource.custom({ apiGroup: this.api.group, resourceType: this.api.imagePlural }),
      asNonApiResource: () => undefined,
    });
    clusterRole.allow(['list', 'watch'], kplus.ApiResource.custom({ apiGroup: IMAGE_DEPLOY_API.split('/')[0], resourceType: 'imagedeploys' }));
    const binding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', { metadata: { name: `${this.serviceAccountName}-binding` }, role: clusterRole });
    binding.addSubjects(this.serviceAccount);
    for (const o of [clusterRole, binding]) clusterScoped(ApiObject.of(o));
    // A plain Deployment rather than a kplus.Deployment, which selects its pods by a label made from the
    // construct path and pulls with imagePullPolicy Always (cdk8s-plus-27 v2.9.5 src/workload.ts,
    // src/container.ts), and needs JSON patches for the restricted profile's seccomp and capabilities (see
    // PipelineTriggerOperator): each would have to be undone for this output to stay as it is.
    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: this.namespace, labels },
      spec: {
        // One replica: kpush has no leader election, two would patch every Deployment twice.
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: this.serviceAccountName,
            // Restricted: kpush's image does not say which user it runs as, so the pod names a non-root one. The
            // token stays mounted: kpush calls the API server (manager/k8s/*.java).
            securityContext: restrictedPodSecurityContext({ runAsUser: true }),
            // kpush opens its watches once: started before the CRDs are served, it never watches (see kpush-wait.ts).
            initContainers: [{
              name: 'wait-for-crds',
              image: KPUSH_WAIT_IMAGE,
              command: ['bash', '-c', KPUSH_WAIT_SCRIPT],
              env: [{ name: 'API_PATHS', value: Lazy.any({ produce: () => this.watchedPaths.join(' ') }) }],
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
            }],
            containers: [{
              name: 'kpush',
              image: this.image,
              // A Spring Boot application on the JVM: a heap that fits, and /tmp (its only write) on an emptyDir.
              resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              env: [
                { name: 'IMAGE_CRD_GROUP', value: Lazy.any({ produce: () => this.api.group }) },
                { name: 'IMAGE_CRD_VERSION', value: Lazy.any({ produce: () => this.api.version }) },
                { name: 'IMAGE_CRD_PLURAL', value: Lazy.any({ produce: () => this.api.imagePlural }) },
              ],
            }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });
    // kpush watches the kpack Images and the ImageDeploys: the platform installs both CRDs for it.
    needsApiGroups(this.deployment, () => [this.api.group, IMAGE_DEPLOY_API.split('/')[0]]);
    this.node.addValidation({ validate: () => this.checkApis() });
  }

  /**
   * The kpack API the controller watches: `api` if given, else the one API of the Images it serves, else
   * KpackApi.V1ALPHA2.
   */
  public get api(): KpackApi {
    return this.fixedApi ?? this.servedImages()[0]?.api ?? KpackApi.V1ALPHA2;
  }

  /** The kpack Images of every ImageDeploy it serves, each once. */
  public servedImages(): Image[] {
    return [...new Set(this.served.flatMap(s => s.kpackImages))];
  }

  /**
   * @internal Registers an ImageDeploy; called by its constructor. The first ImageDeploy of each namespace
   * gets a Role there, beside it, that lets kpush list, create and patch Deployments in that namespace only:
   * kpush finds a Deployment by listing its namespace, creates it there and patches its images
   * (manager/k8s/K8SDeploymentManager.java: listNamespacedDeployment, createNamespacedDeployment,
   * patchNamespacedDeployment).
   */
  public _serve(deploy: IKpushServed & { readonly deploymentNamespace: string }): void {
    this.served.push(deploy);
    const namespace = deploy.deploymentNamespace;
    if (this.deploymentNamespaces.has(namespace)) return;
    this.deploymentNamespaces.add(namespace);
    const rbac = new Construct(deploy, 'KpushRbac');
    const role = new kplus.Role(rbac, 'Role', { metadata: { name: this.serviceAccountName, namespace, labels: rbacLabels(RbacFor.KPUSH_DEPLOYMENTS) } });
    role.allow(['create', 'list', 'patch'], kplus.ApiResource.DEPLOYMENTS);
    // Not role.bind(): it names the binding after its construct path (cdk8s-plus src/role.ts).
    new kplus.RoleBinding(rbac, 'RoleBinding', { metadata: { name: this.serviceAccountName, namespace }, role }).addSubjects(this.serviceAccount);
  }

  private checkApis(): string[] {
    const images = this.servedImages();
    if (images.length === 0 && !this.fixedApi) {
      Warnings.add(this, problem('api', KpackApi.V1ALPHA2.apiVersion, 'is assumed: the controller serves no ImageDeploy of this app',
        'Give api when its ImageDeploys live elsewhere, or remove the controller'));
    }
    const expected = this.api;
    return images.filter(i => i.api !== expected).map(i => problem('env.IMAGE_CRD_GROUP', expected.apiVersion,
      `does not match Image ${i.node.path} (${i.api}), which the controller serves: kpush watches one kpack API`,
      this.fixedApi ? 'Give the controller the Images\' api, or serve these Images with another controller'
        : 'Write all Images its ImageDeploys use in one kpack API, or give them separate controllers'));
  }
}
