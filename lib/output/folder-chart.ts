import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { freeId, requirePropsOf, requireString } from '../core/guards';
import { identityProblems } from './identities';
import { objectRuleProblems } from './object-rules';

/** Props for {@link FolderChart}. */
export interface FolderChartProps {
  /**
   * The folder under the output directory (`dist/`) this chart's objects are written to, one file per
   * object. One folder is what one Argo CD Application syncs, so each folder belongs to exactly one chart.
   *
   * A relative POSIX path of lower-case segments, e.g. `go-sample-app/tekton`.
   */
  readonly folder: string;

  /** Namespace for every namespaced object in the chart that does not set its own. @default - none */
  readonly namespace?: string;

  /** Labels applied to every object in the chart. @default - none */
  readonly labels?: { [key: string]: string };
}

const SEGMENT = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;
const FOLDER_CHART = Symbol.for('push-delivery.FolderChart');
/** The FolderChart of each folder, per app: a folder has one owner, checked when the second one is made. */
const foldersByApp = new WeakMap<IConstruct, Map<string, FolderChart>>();

/**
 * A cdk8s Chart that is written to its own folder of `dist/`.
 *
 * Object names are taken as given (no hash suffixes), so the names in `dist/` are the names you chose.
 *
 * @see https://cdk8s.io/docs/latest/basics/chart/
 * @example
 * const tekton = new FolderChart(app, 'tekton', { folder: 'go-sample-app/tekton', namespace: 'ci' });
 */
export class FolderChart extends Chart {
  /** Returns the FolderChart that holds `construct`, or throws if it is in a plain Chart. */
  public static of(construct: Construct): FolderChart {
    const chart = Chart.of(construct);
    if (!FolderChart.isFolderChart(chart)) {
      fail(construct, 'scope', chart.node.path, 'is not a FolderChart', 'Create the construct inside a FolderChart so it has a folder in dist/');
    }
    return chart;
  }

  /**
   * True when `x` is a FolderChart. (`instanceof` cannot tell: cdk8s makes every Chart an instance of
   * every Chart subclass through `Symbol.hasInstance`.)
   */
  public static isFolderChart(x: unknown): x is FolderChart {
    return x !== null && typeof x === 'object' && FOLDER_CHART in x;
  }

  /** The FolderChart that writes `folder` in the app of `scope`, if any. */
  public static forFolder(scope: IConstruct, folder: string): FolderChart | undefined {
    return foldersByApp.get(scope.node.root)?.get(folder);
  }

  /** The folder under the output directory, as given. */
  public readonly folder: string;

  constructor(scope: Construct, id: string, props: FolderChartProps) {
    const p = requirePropsOf(scope, id, props, 'Give the chart its folder: { folder: \'go-sample-app/tekton\' }');
    super(scope, freeId(scope, id), { namespace: p.namespace, labels: p.labels, disableResourceNameHashes: true });
    requireString(this, 'folder', props.folder, 'Give the folder under dist/, e.g. \'go-sample-app/tekton\'');
    const segments = props.folder.split('/');
    if (props.folder.startsWith('/') || segments.some(s => !SEGMENT.test(s))) {
      fail(this, 'folder', props.folder, 'is not a relative path of lower-case segments',
        'Use a path such as \'go-sample-app/tekton\' (no leading \'/\', no \'..\', no empty segment)');
    }
    let folders = foldersByApp.get(this.node.root);
    if (!folders) foldersByApp.set(this.node.root, folders = new Map());
    const owner = folders.get(props.folder);
    if (owner) {
      fail(this, 'folder', props.folder, `is already the folder of ${owner.node.path}`,
        'Give every FolderChart its own folder: one folder is what one Argo CD Application syncs');
    }
    folders.set(props.folder, this);
    this.folder = props.folder;
    Object.defineProperty(this, FOLDER_CHART, { value: true });
    this.node.addValidation({ validate: () => [...identityProblems(this), ...objectRuleProblems(this)] });
  }
}
