import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../core/errors';

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

/**
 * A cdk8s Chart that is written to its own folder of `dist/`.
 *
 * Object names are taken as given (no hash suffixes), so the names in `dist/` are the names you chose.
 *
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

  /** The folder under the output directory, as given. */
  public readonly folder: string;

  constructor(scope: Construct, id: string, props: FolderChartProps) {
    super(scope, id, { namespace: props.namespace, labels: props.labels, disableResourceNameHashes: true });
    const segments = props.folder.split('/');
    if (props.folder.startsWith('/') || segments.some(s => !SEGMENT.test(s))) {
      fail(this, 'folder', props.folder, 'is not a relative path of lower-case segments',
        'Use a path such as \'go-sample-app/tekton\' (no leading \'/\', no \'..\', no empty segment)');
    }
    this.folder = props.folder;
    Object.defineProperty(this, FOLDER_CHART, { value: true });
  }
}
