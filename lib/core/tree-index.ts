import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderJson } from './render-json';

/** The index of the synthesis that is running, by root: checks made during it share one index. */
const active = new WeakMap<IConstruct, TreeIndex>();
/** What runs before each synthesis of a root's tree is indexed, by root. */
const preparers = new WeakMap<IConstruct, Array<() => void>>();

/**
 * Everything a cross-object check needs to look up, built once per synthesis: the constructs of the tree
 * in tree order, selections of them by key (built on first use), and each ApiObject's JSON (rendered
 * once, then shared by every check and by the writer).
 *
 * Checks call {@link TreeIndex.of}: during {@link TreeIndex.during} (validation and rendering of an app)
 * they all get the same index, so a check that runs once per object costs a lookup, not a scan of the
 * tree. Outside a synthesis (a test calling `node.validate()` by hand) each call builds a fresh index, so
 * no check ever sees a stale tree.
 */
export class TreeIndex {
  /** The index of the running synthesis of `scope`'s tree, or a fresh one when none is running. */
  public static of(scope: IConstruct): TreeIndex {
    const root = scope.node.root;
    return active.get(root) ?? new TreeIndex(root, false);
  }

  /**
   * Registers `prepare` to run at the start of every synthesis of `scope`'s tree, before the tree is indexed:
   * the one moment a construct may add what depends on the whole tree (the Platform installs a component only
   * when something in the repository uses it). `prepare` must be idempotent: it runs again for each synthesis.
   */
  public static beforeSynthesis(scope: IConstruct, prepare: () => void): void {
    const root = scope.node.root;
    const list = preparers.get(root);
    if (list) list.push(prepare); else preparers.set(root, [prepare]);
  }

  /**
   * Runs `fn` with one index of `root`'s tree shared by every check and render, after the preparations
   * registered with {@link TreeIndex.beforeSynthesis}. The tree must not change meanwhile (validation and
   * rendering only read it).
   */
  public static during<T>(root: IConstruct, fn: (index: TreeIndex) => T): T {
    const existing = active.get(root);
    if (existing) return fn(existing);
    for (const prepare of preparers.get(root) ?? []) prepare();
    const index = new TreeIndex(root, true);
    active.set(root, index);
    try {
      return fn(index);
    } finally {
      active.delete(root);
    }
  }

  private all_?: readonly IConstruct[];
  private readonly selections = new Map<string, unknown>();
  private readonly rendered = new Map<ApiObject, any>();

  private constructor(public readonly root: IConstruct, private readonly cacheJson: boolean) {}

  /** Every construct of the tree, in tree order (pre-order, children in creation order). */
  public get constructs(): readonly IConstruct[] {
    this.all_ ??= this.root.node.findAll();
    return this.all_;
  }

  /**
   * The value `build` makes of the tree, built once per index under `key`: e.g. every Image by name.
   * `key` names the selection; two callers that use one key must build the same thing.
   */
  public select<T>(key: string, build: (constructs: readonly IConstruct[]) => T): T {
    if (!this.selections.has(key)) this.selections.set(key, build(this.constructs));
    return this.selections.get(key) as T;
  }

  /** Every construct that passes `test`, in tree order; built once per `key`. */
  public all<T extends IConstruct>(key: string, test: (c: IConstruct) => c is T): readonly T[] {
    return this.select(key, cs => cs.filter(test));
  }

  /** Every ApiObject of the tree, in tree order. */
  public get apiObjects(): readonly ApiObject[] {
    return this.all('ApiObject', (c): c is ApiObject => c instanceof ApiObject);
  }

  /** The ApiObjects of `chart` itself (not of charts nested in it), in tree order. */
  public objectsOf(chart: Chart): readonly ApiObject[] {
    return this.select('objects-by-chart', () => {
      const byChart = new Map<Chart, ApiObject[]>();
      for (const obj of this.apiObjects) {
        const owner = Chart.of(obj);
        const list = byChart.get(owner);
        if (list) list.push(obj); else byChart.set(owner, [obj]);
      }
      return byChart;
    }).get(chart) ?? [];
  }

  /**
   * `obj.toJson()` (through {@link renderJson}), rendered once during a synthesis: validations and the
   * writer read the same JSON. Do not modify the result.
   */
  public json(obj: ApiObject): any {
    if (!this.cacheJson) return renderJson(obj);
    let json = this.rendered.get(obj);
    if (json === undefined) {
      json = renderJson(obj);
      this.rendered.set(obj, json);
    }
    return json;
  }
}
