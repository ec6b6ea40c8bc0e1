import { Construct } from 'constructs';
import { CatalogTaskProps } from './catalog-task';
import { checkGoLintConfig, DEFAULT_GO_LINT_CONFIG, GoLintConfig } from './go-lint-config';
import { GoModuleTask, GoTaskDefaults, goTaskProps } from './go-tasks';
import { GO_LINT_CONFIG_MARKER, goLintScript } from './scripts/go-lint';

/** Props for {@link GoLintTask}. */
export interface GoLintTaskProps extends CatalogTaskProps, GoTaskDefaults {
  /**
   * The golangci-lint configuration for a module that has none of its own (`.golangci.yml`, `.yaml`, `.toml`
   * or `.json`); a module's own configuration always wins, whole. Without the preset `std-error-handling`,
   * golangci-lint v2 reports every unchecked `fmt.Fprintf(w, ...)` of an HTTP handler, as in the tutorial's app.
   * @default GoLintConfig.exclusionPresets(GoLintExclusionPreset.STD_ERROR_HANDLING, GoLintExclusionPreset.COMMON_FALSE_POSITIVES)
   */
  readonly defaultConfig?: GoLintConfig;
}

/**
 * The Task `golangci-lint`: `golangci-lint run --timeout=5m ./...` over the Go module in the workspace
 * `source` (script: `lib/catalog/scripts/go-lint.ts`), with the module's own configuration (v2 format) or,
 * when it has none, `defaultConfig`: the standard linters with the exclusion presets `std-error-handling` and
 * `common-false-positives`.
 *
 * The image is `golangci/golangci-lint:v2.8.0`: the project's Debian-based
 * image, pinned because a new release adds checks and would fail every pipeline at once. Caches and the default
 * configuration go to the container's `/tmp`, so the step runs as any user id and leaves the checkout as it was.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @see https://golangci-lint.run/docs/configuration/file/
 * @example
 * const lint = new GoLintTask(chart, 'golangci-lint');
 * pipeline.addTask('lint', lint, { workspaces: { source }, runAfter: [fetch] });
 */
export class GoLintTask extends GoModuleTask {
  constructor(scope: Construct, id: string, props: GoLintTaskProps = {}) {
    const config = props.defaultConfig instanceof GoLintConfig ? props.defaultConfig : DEFAULT_GO_LINT_CONFIG;
    super(scope, id, goTaskProps({ scope, id }, goLintScript(config), props, {
      name: 'golangci-lint',
      description: 'Lints the Go module in the source workspace with golangci-lint, with its own configuration or else the default one.',
      step: 'lint',
    }), props);
    if (props.defaultConfig !== undefined) checkGoLintConfig(this, props.defaultConfig, GO_LINT_CONFIG_MARKER);
  }
}
