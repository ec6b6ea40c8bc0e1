import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../imports/argocd-application-argoproj.io';
import { fail } from '../core/errors';
import { IResource, ResourceProps } from '../core/resource';
import { freeId, requireKind, requireObject } from '../core/guards';
import { Warnings } from '../core/warnings';
import { objectMetadata } from '../core/metadata';
import { FolderCluster, IFolderSync, registerFolderSync } from '../output/clusters';
import { FolderChart } from '../output/folder-chart';
import { AppProject, ARGOCD_NAMESPACE, IAppProject } from './app-project';
import {
  ApplicationSpecOptions, checkIgnoreDifference, checkSpecOptions, checkSyncOptions, registerOpsRepo, renderSpec, specProblems,
} from './application-spec';
import { ApplicationDestination, destinationCluster } from './destination';
import { ApplicationSource } from './source';
import { IgnoreDifference, SyncOption } from './sync';

/**
 * Argo CD deletes an Application's objects before the Application itself when this finalizer is set, with
 * foreground propagation: the default, spelled with a path. The bare `resources-finalizer.argocd.argoproj.io`
 * means the same to Argo CD, but the API server answers every write of an object carrying it with a warning
 * ("prefer a domain-qualified finalizer name including a path (/)"). Argo CD accepts all three
 * (argo-cd pkg/apis/application/v1alpha1/application_defaults.go and types.go, isPropagationPolicyFinalizer,
 * @v3.5.1).
 */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io/foreground';
const PROPAGATION_FINALIZERS = ['resources-finalizer.argocd.argoproj.io', RESOURCES_FINALIZER, 'resources-finalizer.argocd.argoproj.io/background'];

/** The annotation that orders objects within a sync; lower waves are applied first. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Metadata an Application (or an ApplicationSet's generated Applications) carries besides name and namespace. */
export interface ApplicationMetadataOptions {
  /**
   * Add the `resources-finalizer.argocd.argoproj.io/foreground` finalizer, so deleting the Application deletes
   * its objects (cascading delete), unless `metadata.finalizers` has one of Argo CD's deletion finalizers already
   * (e.g. `resources-finalizer.argocd.argoproj.io/background`).
   * @default true
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/app_deletion/#about-the-deletion-finalizer
   */
  readonly resourcesFinalizer?: boolean;

  /**
   * Sync wave of the Application object itself, for app-of-apps ordering (`argocd.argoproj.io/sync-wave`).
   * @default - wave 0
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
   */
  readonly syncWave?: number;
}

/** Props for {@link Application}. */
export interface ApplicationProps extends ResourceProps, ApplicationSpecOptions, ApplicationMetadataOptions {
  /**
   * Metadata; `name` defaults to the construct id (at most 63 characters: Argo CD writes it into the
   * `app.kubernetes.io/instance` label of every object it deploys).
   * @default - name: the construct id, namespace: 'argocd'
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * An Argo CD `Application` (`argoproj.io/v1alpha1`): keeps a folder of a Git repository synced to a
 * cluster. Its source is typically a {@link FolderChart} of this app, so the path is never typed twice.
 *
 * Checked at synth: the project admits the source repository, the destination and the Application's
 * namespace; a path into the ops repository's manifests folder names a folder this app writes.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/application-specification/
 * @example
 * const ops = GitOpsRepo.of({ url: 'https://github.com/org/go-sample-app-ops.git', targetRevision: 'main' });
 * new Application(argocdChart, 'go-sample-app-tekton', {
 *   source: ApplicationSource.fromFolderChart(tektonChart, ops),
 *   destination: ApplicationDestination.inCluster('ci'),
 *   automated: { prune: true, selfHeal: true },
 *   syncOptions: [SyncOption.createNamespace()],
 * });
 */
export class Application extends Construct implements IResource, IFolderSync {
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** Always `Application`. */
  public readonly kind = l1.Application.GVK.kind;
  /** `argoproj.io/v1alpha1`. */
  public readonly apiVersion = l1.Application.GVK.apiVersion;
  /** The generated L1 object. */
  public readonly resource: ApiObject;
  /** What the Application syncs. */
  public readonly source: ApplicationSource;
  /** Where it deploys. */
  public readonly destination: ApplicationDestination;
  /** The project it is in (Argo CD's `default` when the props name none). */
  public readonly project: IAppProject;
  private readonly options: ApplicationSpecOptions;
  private readonly syncOptions: SyncOption[];
  private readonly ignoreDifferences: IgnoreDifference[];

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the Application\'s props: source, destination');
    requireKind(this, 'source', props.source, (x: unknown) => x instanceof ApplicationSource, 'an ApplicationSource',
      'Use ApplicationSource.fromFolderChart(chart, repo) or ApplicationSource.fromGitPath(repo, path)');
    requireKind(this, 'destination', props.destination, (x: unknown) => x instanceof ApplicationDestination, 'an ApplicationDestination',
      'Use ApplicationDestination.inCluster(namespace), .server(url, namespace) or .clusterName(name, namespace)');
    const metadata = objectMetadata(this, id, props.metadata, { maxLength: 63 }, { namespace: ARGOCD_NAMESPACE });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    this.options = props;
    this.source = props.source;
    this.destination = props.destination;
    this.project = props.project ?? AppProject.fromName('default');
    this.syncOptions = [...props.syncOptions ?? []];
    this.ignoreDifferences = [...props.ignoreDifferences ?? []];
    checkSpecOptions(this, props);
    registerOpsRepo(this, props.source.opsRepo);
    props.project?.recordUse?.(() => ({
      repoUrl: props.source.repoUrl,
      destination: props.destination.toSpec(),
      ...(props.source.chart ? { chart: props.source.chart } : {}),
      createsNamespace: this.syncOptions.some(o => o.key === 'CreateNamespace' && o.value === 'true'),
    }));

    this.resource = new l1.Application(this, 'Resource', {
      metadata: withApplicationMetadata(this, metadata, props),
      spec: Lazy.any({ produce: () => renderSpec(this.options, this.syncOptions, this.ignoreDifferences) }),
    });
    this.node.addValidation({ validate: () => this.validate() });
    registerFolderSync(this);
  }

  /** The chart whose folder it syncs, when its source is a {@link FolderChart} of this app. */
  public get syncedChart(): FolderChart | undefined {
    return this.source.chart;
  }

  /** The cluster it deploys to: the output's identities and the front page tell clusters apart by it. */
  public get syncedCluster(): FolderCluster {
    return destinationCluster(this.destination.toSpec());
  }

  /** Adds an Application-wide sync option. */
  public addSyncOption(option: SyncOption): void {
    checkSyncOptions(this, [...this.syncOptions, option]);
    this.syncOptions.push(option);
  }

  /** Adds fields Argo CD does not compare. */
  public addIgnoreDifference(diff: IgnoreDifference): void {
    checkIgnoreDifference(this, `spec.ignoreDifferences[${this.ignoreDifferences.length}]`, diff);
    this.ignoreDifferences.push(diff);
  }

  private validate(): string[] {
    const respects = this.syncOptions.some(o => o.key === 'RespectIgnoreDifferences' && o.value === 'true');
    if (this.ignoreDifferences.length && this.options.automated && !respects) {
      Warnings.add(this, 'spec.ignoreDifferences is only applied when diffing: an automated sync still overwrites those fields. '
        + 'Add SyncOption.respectIgnoreDifferences() if another controller owns them');
    }
    const o = this.options;
    return specProblems(this, {
      namespace: this.namespace,
      project: o.project,
      source: o.source,
      repoUrl: o.source.repoUrl,
      path: o.source.path,
      destination: o.destination.toSpec(),
    });
  }
}

/** Metadata with the resources finalizer and sync-wave annotation added as asked. */
export function withApplicationMetadata(scope: Construct, metadata: ApiObjectMetadata, o: ApplicationMetadataOptions): ApiObjectMetadata {
  if (o.syncWave !== undefined && !Number.isInteger(o.syncWave)) {
    fail(scope, `metadata.annotations["${SYNC_WAVE_ANNOTATION}"]`, o.syncWave, 'is not a whole number', 'Use e.g. -1, 0 or 1');
  }
  const finalizers = [...metadata.finalizers ?? []];
  if (o.resourcesFinalizer !== false && !finalizers.some(f => PROPAGATION_FINALIZERS.includes(f))) finalizers.push(RESOURCES_FINALIZER);
  const annotations = { ...metadata.annotations, ...(o.syncWave !== undefined ? { [SYNC_WAVE_ANNOTATION]: String(o.syncWave) } : {}) };
  return {
    ...metadata,
    ...(finalizers.length ? { finalizers } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
}
