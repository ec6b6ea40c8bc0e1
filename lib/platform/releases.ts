import { IgnoreDifference } from '../argocd/sync';

/**
 * The upstream releases the {@link Platform} installs, each pinned to one published version and referenced
 * by its release artifacts' URLs (never copied into the repository). Argo CD renders each through a
 * generated `kustomization.yaml`; kustomize fetches a `resources` entry that is an http(s) URL of a file,
 * as Flux's own install does (fluxcd/flux2 `manifests/bases/source-controller/kustomization.yaml` @v2.8.8).
 */

/** The parts of the platform. */
export enum ComponentName {
  /** Tekton Pipelines (`tekton.dev`). */
  TEKTON_PIPELINES = 'tekton-pipelines',
  /** Tekton Pruner: deletes finished PipelineRuns beyond a history limit (no kinds of its own). */
  TEKTON_PRUNER = 'tekton-pruner',
  /** Tekton Triggers and its core ClusterInterceptors (`triggers.tekton.dev`). */
  TEKTON_TRIGGERS = 'tekton-triggers',
  /** kpack (`kpack.io`). */
  KPACK = 'kpack',
  /** Flux: its distribution, of which the flows use source-controller and image-reflector-controller (`*.toolkit.fluxcd.io`). */
  FLUX = 'flux',
  /** pipeline-trigger-operator and the CRDs its version watches (`pipeline.jquad.rocks`). */
  PIPELINE_TRIGGER_OPERATOR = 'pipeline-trigger-operator',
  /** The ImageDeploy CRD of kpush (`crd.whizzosoftware.com`). */
  KPUSH = 'kpush',
}

/** Strategic-merge `$patch: delete` of one object of a release: kustomize drops it from the output. */
export interface DeletedObject {
  /** `apiVersion` of the object. */
  readonly apiVersion: string;
  /** `kind` of the object. */
  readonly kind: string;
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`. @default - cluster-scoped */
  readonly namespace?: string;
}

/** How Argo CD must sync a release, beyond the repository's defaults. */
export interface ReleaseSync {
  /**
   * Apply server-side (`ServerSideApply=true`): for objects too large for the `last-applied-configuration`
   * annotation client-side apply writes (262,144 bytes; argo-cd `docs/user-guide/sync-options.md`,
   * "Server-Side Apply"). @default false
   */
  readonly serverSideApply?: boolean;
  /** Fields of the release Argo CD must not compare (the Application respects them when syncing too). @default - none */
  readonly ignoreDifferences?: readonly IgnoreDifference[];
}

/** One pinned upstream release of a platform component. */
export interface ComponentRelease {
  /** Which component. */
  readonly component: ComponentName;
  /** The upstream version, as tagged upstream, e.g. `v1.15.0`. */
  readonly version: string;
  /**
   * Versions of the parts the release bundles, when they matter for compatibility, e.g. Flux's
   * `image-reflector-controller`. @default - none
   */
  readonly parts?: { readonly [part: string]: string };
  /** The release artifacts, exactly as published upstream, in the order they are applied. */
  readonly resources: readonly string[];
  /** Objects of the artifacts that are not installed (rendered by this library instead). @default - none */
  readonly deletes?: readonly DeletedObject[];
  /** Strategic-merge patches of objects of the artifacts, e.g. a configuration ConfigMap. @default - none */
  readonly patches?: readonly object[];
  /** The namespace the component runs in (the Application's destination). */
  readonly namespace: string;
  /** The API groups whose kinds the release serves. */
  readonly apiGroups: readonly string[];
  /** Where upstream documents the install. */
  readonly docs: string;
  /** How Argo CD syncs it. @default - the repository's defaults */
  readonly sync?: ReleaseSync;
  /**
   * The artifacts hold only the component's CRDs: its controller is a construct of the ops repository
   * (`KpushController` for kpush, `PipelineTriggerOperator` for the pipeline-trigger-operator), which must be
   * there when the component is installed. @default false
   */
  readonly crdsOnly?: boolean;
}

const TEKTON = 'https://infra.tekton.dev/tekton-releases';

/** The releases installed by default: the versions `dist/` is checked against (`../shared/crds`). */
export const RELEASES: { readonly [component in ComponentName]: ComponentRelease } = {
  [ComponentName.TEKTON_PIPELINES]: {
    component: ComponentName.TEKTON_PIPELINES,
    version: 'v1.15.0',
    // tektoncd/pipeline docs/install.md @v1.15.0: "previous/<version_number>/release.yaml".
    resources: [`${TEKTON}/pipeline/previous/v1.15.0/release.yaml`],
    namespace: 'tekton-pipelines',
    apiGroups: ['tekton.dev'],
    docs: 'https://github.com/tektoncd/pipeline/blob/v1.15.0/docs/install.md',
    sync: {
      // taskruns.tekton.dev (config/300-crds/300-taskrun.yaml @v1.15.0) is about 255 KB as JSON, 7 KB under the
      // 262,144 bytes of the annotation client-side apply writes: a schema that grows would fail the sync.
      serverSideApply: true,
      // Six of its CRDs (config/300-crds/300-{customrun,pipeline,pipelinerun,stepaction,task,taskrun}.yaml) set
      // spec.preserveUnknownFields: false, which Argo CD 3.0 no longer ignores: the Application would stay
      // OutOfSync (argo-cd docs/operator-manual/upgrading/2.14-3.0.md, "Removing default ignores of
      // preserveUnknownFields for CRD", which gives exactly this ignoreDifferences entry).
      ignoreDifferences: [{ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jsonPointers: ['/spec/preserveUnknownFields'] }],
    },
  },
  [ComponentName.TEKTON_PRUNER]: {
    component: ComponentName.TEKTON_PRUNER,
    version: 'v0.4.1',
    // tektoncd/pruner README @v0.4.1: "previous/v$VERSION/release.yaml". Tekton Pipelines prunes nothing itself.
    resources: [`${TEKTON}/pruner/previous/v0.4.1/release.yaml`],
    namespace: 'tekton-pipelines',
    apiGroups: [],
    docs: 'https://github.com/tektoncd/pruner/blob/v0.4.1/docs/tutorials/history-based-pruning.md',
  },
  [ComponentName.TEKTON_TRIGGERS]: {
    component: ComponentName.TEKTON_TRIGGERS,
    version: 'v0.37.0',
    // tektoncd/triggers docs/install.md: release.yaml, and interceptors.yaml for the core ClusterInterceptors
    // (github, cel, ...) that the EventListeners reference.
    resources: [
      `${TEKTON}/triggers/previous/v0.37.0/release.yaml`,
      `${TEKTON}/triggers/previous/v0.37.0/interceptors.yaml`,
    ],
    namespace: 'tekton-pipelines',
    apiGroups: ['triggers.tekton.dev'],
    docs: 'https://github.com/tektoncd/triggers/blob/v0.37.0/docs/install.md',
  },
  [ComponentName.KPACK]: {
    component: ComponentName.KPACK,
    version: 'v0.17.2',
    // buildpacks-community/kpack docs/install.md: "The release.yaml is an asset on the release".
    resources: ['https://github.com/buildpacks-community/kpack/releases/download/v0.17.2/release-0.17.2.yaml'],
    namespace: 'kpack',
    apiGroups: ['kpack.io'],
    docs: 'https://github.com/buildpacks-community/kpack/blob/v0.17.2/docs/install.md',
  },
  [ComponentName.FLUX]: {
    component: ComponentName.FLUX,
    version: 'v2.8.8',
    // fluxcd/flux2 @v2.8.8: install.yaml is `kustomize build manifests/install` (.github/workflows/release.yaml,
    // attached by .goreleaser.yml): the whole distribution, seven controllers (source-, kustomize-,
    // notification-, helm-, image-reflector-, image-automation-controller, source-watcher). The flows here use
    // source-controller and image-reflector-controller, pinned below by manifests/bases/*/kustomization.yaml.
    // Flux publishes each controller's CRDs and Deployment as release assets, but its namespace, accounts and
    // RBAC only in manifests/: installing two controllers alone would copy Flux's install, so the whole
    // distribution is installed, without one object: cluster-reconciler (manifests/rbac/reconciler.yaml), which
    // binds cluster-admin to kustomize-controller and helm-controller. Nothing here gives them work (Argo CD
    // applies the repository); their own kinds stay theirs through crd-controller (manifests/rbac/controller.yaml).
    parts: { 'source-controller': 'v1.8.5', 'image-reflector-controller': 'v1.1.2' },
    resources: ['https://github.com/fluxcd/flux2/releases/download/v2.8.8/install.yaml'],
    deletes: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'cluster-reconciler' }],
    namespace: 'flux-system',
    apiGroups: ['source.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io'],
    docs: 'https://github.com/fluxcd/flux2/blob/v2.8.8/manifests/install/kustomization.yaml',
  },
  [ComponentName.PIPELINE_TRIGGER_OPERATOR]: {
    component: ComponentName.PIPELINE_TRIGGER_OPERATOR,
    version: 'v0.5.0',
    // jquad-group/pipeline-trigger-operator README "Installation": the release.yaml asset (operator and
    // PipelineTrigger CRD). v0.5.0 also watches PullRequest (internal/controller/pipelinetrigger_controller.go),
    // whose CRD comes from jquad-group/pullrequest-operator (README "Prerequisites"), at its last tag.
    resources: [
      'https://github.com/jquad-group/pipeline-trigger-operator/releases/download/v0.5.0/release.yaml',
      'https://raw.githubusercontent.com/jquad-group/pullrequest-operator/v0.1.7/config/crd/bases/pipeline.jquad.rocks_pullrequests.yaml',
    ],
    namespace: 'pipeline-trigger-operator-system',
    apiGroups: ['pipeline.jquad.rocks'],
    docs: 'https://github.com/jquad-group/pipeline-trigger-operator/blob/v0.5.0/README.md',
  },
  [ComponentName.KPUSH]: {
    component: ComponentName.KPUSH,
    version: '66d7e8ec1bf093063ad027f8d70397b0aac552eb',
    // kpush publishes no releases: its manifest k8s/release.yml at the commit. Only its first document, the
    // ImageDeploy CRD, is installed; the controller is the KpushController of this library (it watches
    // kpack.io, where the upstream manifest watches the legacy build.pivotal.io).
    resources: ['https://raw.githubusercontent.com/pvtl-dnoguerol/kpush/66d7e8ec1bf093063ad027f8d70397b0aac552eb/k8s/release.yml'],
    deletes: [
      { apiVersion: 'v1', kind: 'ServiceAccount', name: 'kpush-controller', namespace: 'kpush' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'kpush-controller' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'kpush-controller-binding' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'kpush', namespace: 'kpush' },
    ],
    namespace: 'kpush',
    apiGroups: ['crd.whizzosoftware.com'],
    crdsOnly: true,
    docs: 'https://github.com/pvtl-dnoguerol/kpush/blob/66d7e8ec1bf093063ad027f8d70397b0aac552eb/k8s/release.yml',
  },
};

/**
 * The commit of the pipeline-trigger-operator's main branch that reads Flux ImagePolicy `status.latestRef`
 * (`api/v1alpha1/imagepolicy_types.go` @4f0f57d; v0.5.0, the last tag, reads `latestImage`, which Flux's
 * image-reflector-controller v1 no longer has).
 */
export const PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT = '4f0f57d2c724bce4e5813366af7bcb9f09984897';

/**
 * The pipeline-trigger-operator at {@link PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT}, for base-image triggers: no
 * release reads current Flux ImagePolicies, and main publishes no image (its Makefile builds `controller:latest`,
 * its release pipeline `ci/pipelinetrigger-release.yaml` pushes to the project's own registry). So this release
 * installs only the CRDs, from the commit (`config/crd/bases/pipeline.jquad.rocks_pipelinetriggers.yaml`) and the
 * PullRequest CRD the manager watches (pullrequest-operator v0.1.7, main's `go.mod`); the manager is a
 * `PipelineTriggerOperator` of the ops repository running an image built from the commit, which `dist/README.md`
 * lists with how to build it.
 */
export const PIPELINE_TRIGGER_OPERATOR_MAIN: ComponentRelease = {
  component: ComponentName.PIPELINE_TRIGGER_OPERATOR,
  version: `main-${PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT.slice(0, 7)}`,
  resources: [
    `https://raw.githubusercontent.com/jquad-group/pipeline-trigger-operator/${PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT}/config/crd/bases/pipeline.jquad.rocks_pipelinetriggers.yaml`,
    'https://raw.githubusercontent.com/jquad-group/pullrequest-operator/v0.1.7/config/crd/bases/pipeline.jquad.rocks_pullrequests.yaml',
  ],
  namespace: 'pipeline-trigger-operator-system',
  apiGroups: ['pipeline.jquad.rocks'],
  docs: `https://github.com/jquad-group/pipeline-trigger-operator/blob/${PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT}/README.md`,
  crdsOnly: true,
};

/** The order components sync in: lower waves first (Argo CD sync waves of their Applications). */
export const COMPONENT_WAVES: { readonly [component in ComponentName]: number } = {
  [ComponentName.TEKTON_PIPELINES]: -30,
  [ComponentName.KPACK]: -30,
  [ComponentName.FLUX]: -30,
  [ComponentName.KPUSH]: -30,
  // Triggers runs PipelineRuns; the pruner deletes them; the operator watches Tekton and Flux kinds: after those.
  [ComponentName.TEKTON_TRIGGERS]: -20,
  [ComponentName.TEKTON_PRUNER]: -20,
  [ComponentName.PIPELINE_TRIGGER_OPERATOR]: -20,
};

/** The sync wave of what the platform's users commit that needs the components (builders, controllers). */
export const PLATFORM_CONFIG_WAVE = -10;
