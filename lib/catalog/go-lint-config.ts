import { IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { fail } from '../core/errors';
import { requireKind, requireString } from '../core/guards';

/**
 * golangci-lint's predefined exclusion rules (`linters.exclusions.presets`, v2 configuration). Each drops the
 * findings that most code bases do not act on; none is on unless a configuration names it.
 *
 * @see https://golangci-lint.run/docs/linters/false-positives/#exclusion-presets
 * (the rules: `pkg/result/processors/exclusion_presets.go` and the names: `pkg/config/linters_exclusions.go`
 * in golangci/golangci-lint at v2.8.0)
 */
export enum GoLintExclusionPreset {
  /** Missing or malformed doc comments (staticcheck ST1000, ST1020-ST1022; revive `exported`, `package-comments`). */
  COMMENTS = 'comments',
  /**
   * Unchecked errors of calls whose error programs usually ignore (errcheck): `Close`, `Flush`, `os.Remove(All)`,
   * `os.(Un)Setenv`, writes to stdout and stderr, and every `print`, `printf` and `println`, so
   * `fmt.Fprintf(w, ...)` to an `http.ResponseWriter`.
   */
  STD_ERROR_HANDLING = 'std-error-handling',
  /** gosec's G103 (unsafe), G204 (subprocess with a variable) and G304 (file path from a variable). */
  COMMON_FALSE_POSITIVES = 'common-false-positives',
  /** The rest of golangci-lint v1's default exclusions (govet's unsafe.Pointer, staticcheck SA4011, gosec G104, G301, G302, G307). */
  LEGACY = 'legacy',
}

const PRESETS = new Set<string>(Object.values(GoLintExclusionPreset));

/**
 * The golangci-lint configuration the `golangci-lint` Task uses for a module that has none of its own.
 *
 * golangci-lint looks for `.golangci.yml`, `.golangci.yaml`, `.golangci.toml` or `.golangci.json` in the
 * module's directory, then in every parent directory, and only then in `$HOME`. The step writes this
 * configuration to `$HOME/.golangci.yml` (`HOME` is a directory of the container's `/tmp`, never the
 * workspace), so any configuration of the module's own is found first and wins whole: the two are never
 * merged. `--config` or `--no-config` in the Task's `flags` replace both.
 *
 * @see https://golangci-lint.run/docs/configuration/file/ (`getConfigSearchPaths` in
 * `pkg/config/base_loader.go` of golangci/golangci-lint at v2.8.0: the module, its parents, then home)
 * @example
 * new GoLintTask(chart, 'golangci-lint', {
 *   defaultConfig: GoLintConfig.exclusionPresets(GoLintExclusionPreset.STD_ERROR_HANDLING, GoLintExclusionPreset.COMMENTS),
 * });
 */
export class GoLintConfig {
  /**
   * golangci-lint's standard linters with these exclusion presets, paths relative to the module (`run.relative-path-mode: gomod`).
   * With no preset, this is golangci-lint's own default behaviour.
   */
  public static exclusionPresets(...presets: GoLintExclusionPreset[]): GoLintConfig {
    const config: { [key: string]: unknown } = { version: '2', run: { 'relative-path-mode': 'gomod' } };
    if (presets.length > 0) config.linters = { exclusions: { presets } };
    return new GoLintConfig(YAML.stringify(config), presets);
  }

  /**
   * A whole configuration file in golangci-lint's v2 YAML format (`version: "2"`). Its relative paths resolve
   * against `$HOME`, the file's directory, unless it sets `run.relative-path-mode` (e.g. `gomod`).
   * @see https://golangci-lint.run/docs/configuration/file/
   */
  public static fromYaml(yaml: string): GoLintConfig {
    return new GoLintConfig(typeof yaml === 'string' && !yaml.endsWith('\n') ? `${yaml}\n` : yaml);
  }

  private constructor(
    /** The configuration file's text. */
    public readonly yaml: string,
    /** The exclusion presets it names, when it was made by {@link exclusionPresets}. */
    public readonly presets?: readonly GoLintExclusionPreset[],
  ) {}
}

/** The configuration a `golangci-lint` Task uses by default: the standard linters without the two noisiest rule sets. */
export const DEFAULT_GO_LINT_CONFIG = GoLintConfig.exclusionPresets(
  GoLintExclusionPreset.STD_ERROR_HANDLING, GoLintExclusionPreset.COMMON_FALSE_POSITIVES,
);

/**
 * Throws, naming the construct path, when `config` is not a {@link GoLintConfig} golangci-lint v2 would start
 * with, or one the step cannot carry: its text goes into the step's script as a quoted here-document ending
 * at the line `marker`, and Tekton replaces `$(...)` in a script before the shell runs.
 */
export function checkGoLintConfig(scope: IConstruct, config: unknown, marker: string): void {
  const c = requireKind<GoLintConfig>(scope, 'defaultConfig', config, v => v instanceof GoLintConfig, 'a GoLintConfig',
    'Use GoLintConfig.exclusionPresets(...) or GoLintConfig.fromYaml(...)');
  if (c.presets) {
    const unknown = c.presets.find(p => !PRESETS.has(p));
    if (unknown !== undefined) fail(scope, 'defaultConfig', unknown, 'is not a golangci-lint exclusion preset', `Use one of ${[...PRESETS].join(', ')}`);
    return;
  }
  const text = requireString(scope, 'defaultConfig', c.yaml, 'Pass the text of a golangci-lint v2 configuration file to GoLintConfig.fromYaml');
  if (text.includes('$(')) {
    fail(scope, 'defaultConfig', text.trim(), 'contains $(, which Tekton would replace in the step', 'Write the configuration without $( (in a regular expression, \\$\\( matches it)');
  }
  if (text.split('\n').includes(marker)) {
    fail(scope, 'defaultConfig', text.trim(), `has a line '${marker}', which would end the step's here-document`, 'Remove that line');
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    fail(scope, 'defaultConfig', text.trim(), `is not YAML (${(e as Error).message.split('\n')[0]})`, 'Pass a golangci-lint v2 configuration file in YAML');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    fail(scope, 'defaultConfig', text.trim(), 'is not a YAML mapping', 'Pass a golangci-lint v2 configuration file, starting with version: "2"');
  }
  const root = doc as { version?: unknown; linters?: { exclusions?: { presets?: unknown } } };
  if (String(root.version) !== '2') {
    // checkConfigurationVersion, pkg/config/loader.go@v2.8.0: any other version stops golangci-lint at start.
    fail(scope, 'defaultConfig.version', root.version, 'is not "2", the only configuration version golangci-lint v2 reads',
      'Set version: "2" (golangci-lint migrate converts a v1 file)');
  }
  const presets = root.linters?.exclusions?.presets;
  if (presets === undefined) return;
  const unknown = (Array.isArray(presets) ? presets : [presets]).find(p => typeof p !== 'string' || !PRESETS.has(p));
  if (unknown !== undefined) {
    // LinterExclusions.Validate, pkg/config/linters_exclusions.go@v2.8.0: "invalid preset".
    fail(scope, 'defaultConfig.linters.exclusions.presets', unknown, 'is not a golangci-lint exclusion preset', `Use one of ${[...PRESETS].join(', ')}`);
  }
}
