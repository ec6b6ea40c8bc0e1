import { Construct } from 'constructs';
import { CatalogTaskProps } from './catalog-task';
import { GoModuleTask, GoTaskDefaults, goTaskProps } from './go-tasks';
import { goTestScript } from './scripts/go-test';

/** Props for {@link GoTestTask}. */
export interface GoTestTaskProps extends CatalogTaskProps, GoTaskDefaults {}

/**
 * The Task `golang-test`: `go test -race -cover ./...` over the Go module in the workspace `source`
 * (script: `lib/catalog/scripts/go-test.ts`).
 *
 * The image is `golang:1.25.5-bookworm`: Debian, because `-race` needs cgo, gcc and
 * glibc; a pinned patch release, so every run tests with the same toolchain. Caches go to the container's
 * `/tmp`, so the step runs as any user id and leaves the checkout as it was.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const test = new GoTestTask(chart, 'golang-test', { flags: '-race -cover -count=1' });
 * pipeline.addTask('test', test, { workspaces: { source }, runAfter: [fetch] });
 */
export class GoTestTask extends GoModuleTask {
  constructor(scope: Construct, id: string, props: GoTestTaskProps = {}) {
    super(scope, id, goTaskProps({ scope, id }, goTestScript(), props, { name: 'golang-test', description: 'Runs go test (with the race detector and coverage by default) over the Go module in the source workspace.', step: 'test' }), props);
  }
}
