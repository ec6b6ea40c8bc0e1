import { Construct } from 'constructs';
import { CatalogTaskProps } from './catalog-task';
import { GoModuleTask, GoTaskDefaults, goTaskProps } from './go-tasks';
import { goLintScript } from './scripts/go-lint';

/** Props for {@link GoLintTask}. */
export interface GoLintTaskProps extends CatalogTaskProps, GoTaskDefaults {}

/**
 * The Task `golangci-lint`: `golangci-lint run --timeout=5m ./...` over the Go module in the workspace
 * `source` (script: `lib/catalog/scripts/go-lint.ts`); the module's `.golangci.yml` (v2 format) applies when it has one.
 *
 * The image is `golangci/golangci-lint:v2.8.0`: the project's Debian-based
 * image, pinned because a new release adds checks and would fail every pipeline at once. Caches go to the
 * container's `/tmp`, so the step runs as any user id and leaves the checkout as it was.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const lint = new GoLintTask(chart, 'golangci-lint');
 * pipeline.addTask('lint', lint, { workspaces: { source }, runAfter: [fetch] });
 */
export class GoLintTask extends GoModuleTask {
  constructor(scope: Construct, id: string, props: GoLintTaskProps = {}) {
    super(scope, id, goTaskProps({ scope, id }, goLintScript(), props, { name: 'golangci-lint', description: 'Lints the Go module in the source workspace with golangci-lint.', step: 'lint' }), props);
  }
}
