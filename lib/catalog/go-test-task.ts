import { Construct } from 'constructs';
import { Param } from '../tekton/params';
import { Task } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { CatalogTaskProps, scriptTaskProps } from './catalog-task';
import { checkGoDefaults, goDefaults, GoTaskDefaults } from './go-tasks';
import { goTestScript } from './scripts/go-test';

/** Props for {@link GoTestTask}. */
export interface GoTestTaskProps extends CatalogTaskProps, GoTaskDefaults {}

/**
 * The Task `golang-test`: `go test -race -cover ./...` over the Go module in the workspace `source`
 * ({@link goTestScript}).
 *
 * The image is `golang:1.25.5-bookworm` ({@link GO_STEP_IMAGE}): Debian, because `-race` needs cgo, gcc and
 * glibc; a pinned patch release, so every run tests with the same toolchain. Caches go to the container's
 * `/tmp`, so the step runs as any user id and leaves the checkout as it was.
 *
 * @example
 * const test = new GoTestTask(chart, 'golang-test', { flags: '-race -cover -count=1' });
 * pipeline.addTask('test', test, { workspaces: { source }, runAfter: [fetch] });
 */
export class GoTestTask extends Task {
  /** The package patterns to test. */
  public readonly packages: Param;
  /** The `go test` flags. */
  public readonly flags: Param;
  /** The Go module, `go.mod` at its top. */
  public readonly source: TaskWorkspace;

  constructor(scope: Construct, id: string, props: GoTestTaskProps = {}) {
    super(scope, id, scriptTaskProps(goTestScript(), props, {
      name: 'golang-test',
      description: 'Runs go test (with the race detector and coverage by default) over the Go module in the source workspace.',
      step: 'test',
      defaults: goDefaults(props),
    }));
    checkGoDefaults(this, props);
    this.packages = this.param('packages');
    this.flags = this.param('flags');
    this.source = this.workspace('source');
  }
}
