import { IConstruct } from 'constructs';
import { TreeIndex } from '../core/tree-index';
import { Image } from '../kpack/image';
import { FolderChart } from '../output/folder-chart';
import { EventListener } from '../triggers';
import { DeliveryPipeline } from './delivery-pipeline';
import { Environment } from './environments';
import { SecretKey } from './workload-options';

/**
 * One app of the ops repository as the repository-wide views and checks read it (the front page, the
 * namespace checks): `AppDelivery` has this shape. They take it from here rather than import
 * `AppDelivery`, which is built on the repository and so above them.
 */
export interface IDeliveredApp extends IConstruct {
  /** The app's name. */
  readonly appName: string;
  /** The app repository's clone URL. */
  readonly repositoryUrl: string;
  /** The branch whose commits are delivered. */
  readonly branch: string;
  /** The namespaces of its CI objects (Tekton, Triggers, Flux) and of its kpack Image. */
  readonly namespaces: { readonly ci: string; readonly build: string };
  /** The folder of Tekton and Triggers objects. */
  readonly ciChart: FolderChart;
  /** The folder of the kpack Image. */
  readonly buildChart: FolderChart;
  /** The kpack Image (not rendered before the first pin). */
  readonly image: Image;
  /** The folder of the Flux objects, when a Flux trigger is on. */
  readonly fluxChart?: FolderChart;
  /** The folder of each environment, by environment name. */
  readonly environmentCharts: ReadonlyMap<string, FolderChart>;
  /** The environments. */
  readonly environments: readonly Environment[];
  /** The delivery Pipeline. */
  readonly pipeline: DeliveryPipeline;
  /** The EventListener, when the GitHub webhook trigger is on. */
  readonly eventListener?: EventListener;
  /** The Secret GitHub signs webhook deliveries with, when the webhook trigger is on. */
  readonly webhookSecret?: SecretKey;
}

const DELIVERED_APP = Symbol.for('push-delivery.AppDelivery');

/** Marks `app` as an app of the repository (also for another copy of this library: the symbol is global). */
export function markDeliveredApp(app: IDeliveredApp): void {
  Object.defineProperty(app, DELIVERED_APP, { value: true });
}

/** True when `x` is an app of an ops repository, made by any copy of this library. */
export function isDeliveredApp(x: unknown): x is IDeliveredApp {
  return x !== null && typeof x === 'object' && DELIVERED_APP in x;
}

/** Every app of `scope`'s tree, in tree order; indexed once per synthesis. */
export function deliveredApps(scope: IConstruct): readonly IDeliveredApp[] {
  return TreeIndex.of(scope).all('AppDelivery', isDeliveredApp);
}

/** The app `construct` belongs to (itself included), if any. */
export function deliveredAppOf(construct: IConstruct): IDeliveredApp | undefined {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    if (isDeliveredApp(c)) return c;
  }
  return undefined;
}
