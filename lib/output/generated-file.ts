import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { freeId, requireKind, requireObject, requireString } from '../core/guards';

/** Props for {@link GeneratedFile}. */
export interface GeneratedFileProps {
  /**
   * The file's path under the output directory, a relative POSIX path, e.g. `README.md` or
   * `platform/tekton-pipelines/kustomization.yaml`.
   */
  readonly path: string;
  /**
   * Produces the file's exact content, called once per synthesis after validation, so it may read the
   * whole construct tree. It must be deterministic: the same tree gives the same bytes.
   */
  readonly render: () => string;
}

const GENERATED_FILE = Symbol.for('push-delivery.GeneratedFile');
/** A path segment: no leading dot, so neither `..` nor synthesis's own `.generated-files`. */
const SEGMENT = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * A file synthesis writes that is not a Kubernetes object of a {@link FolderChart}: a `kustomization.yaml`
 * of a folder Argo CD syncs, the front page `README.md`. Like every generated file it is listed in
 * `.generated-files`, so it is pruned when no longer generated, never overwrites a file synthesis did not
 * write, and is checked by the drift test.
 *
 * @see https://cdk8s.io/docs/latest/basics/app/
 * @example
 * new GeneratedFile(app, 'readme', { path: 'README.md', render: () => '# Ops repository\n' });
 */
export class GeneratedFile extends Construct {
  /** True when `x` is a GeneratedFile (works across copies of this library). */
  public static isGeneratedFile(x: unknown): x is GeneratedFile {
    return x !== null && typeof x === 'object' && GENERATED_FILE in x;
  }

  /** The path under the output directory. */
  public readonly path: string;
  private readonly produce: () => string;

  constructor(scope: IConstruct, id: string, props: GeneratedFileProps) {
    super(scope as Construct, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the file\'s props: path, render');
    requireString(this, 'path', props.path, 'Give the path under the output directory, e.g. \'README.md\'');
    requireKind(this, 'render', props.render, (x: unknown) => typeof x === 'function', 'a function', 'Give render: () => \'content\'');
    Object.defineProperty(this, GENERATED_FILE, { value: true });
    const segments = props.path.split('/');
    if (!segments.every(s => SEGMENT.test(s))) {
      fail(this, 'path', props.path, 'is not a relative POSIX path of plain segments',
        'Use a path such as README.md or platform/tekton/kustomization.yaml');
    }
    this.path = props.path;
    this.produce = props.render;
  }

  /** The file's content, ending with a newline. */
  public render(): string {
    const content = this.produce();
    return content.endsWith('\n') ? content : `${content}\n`;
  }
}
