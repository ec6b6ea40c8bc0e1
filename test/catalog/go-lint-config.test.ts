// The default golangci-lint configuration of the golangci-lint Task: what the step carries, and the checks
// at synth. The real golangci-lint runs it in test/catalog/scripts/go-real-tools.test.ts.
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { GoLintConfig, GoLintExclusionPreset, GoLintTask, GoLintTaskProps } from '../../lib/catalog';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { newChart, objectOf, synthProblems } from './fixtures';

/** The configuration the step writes to $HOME/.golangci.yml, read back from the synthesized script. */
function defaultConfigOf(props: GoLintTaskProps = {}): { text: string; home: string } {
  const { chart } = newChart();
  new GoLintTask(chart, 'lint', props);
  const objects = Testing.synth(chart);
  expect(tektonLintFindings(objects)).toEqual([]);
  expect(crdViolations(objects)).toEqual([]);
  expect(synthProblems(chart)).toEqual([]);
  const step = objectOf(objects, 'Task', 'golangci-lint').spec.steps[0];
  const m = /cat > "\$HOME\/\.golangci\.yml" <<'GOLANGCI_LINT_DEFAULT_CONFIG'\n([\s\S]*?)^GOLANGCI_LINT_DEFAULT_CONFIG$/m.exec(step.script);
  if (!m) throw new Error('no default configuration in the script');
  return { text: m[1], home: step.env.find((e: any) => e.name === 'HOME').value };
}

const thrown = (props: GoLintTaskProps) => {
  const { chart } = newChart();
  try {
    new GoLintTask(chart, 'lint', props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
};

test('by default: version 2, paths relative to the module, the std-error-handling and common-false-positives presets; HOME in /tmp', () => {
  const { text, home } = defaultConfigOf();
  expect(YAML.parse(text)).toEqual({
    version: '2',
    run: { 'relative-path-mode': 'gomod' },
    linters: { exclusions: { presets: ['std-error-handling', 'common-false-positives'] } },
  });
  expect(home).toBe('/tmp/golangci-lint-home');
});

test('exclusionPresets() with no preset is golangci-lint\'s own defaults; other presets are passed on', () => {
  expect(YAML.parse(defaultConfigOf({ defaultConfig: GoLintConfig.exclusionPresets() }).text)).toEqual({ version: '2', run: { 'relative-path-mode': 'gomod' } });
  const config = GoLintConfig.exclusionPresets(GoLintExclusionPreset.COMMENTS, GoLintExclusionPreset.LEGACY);
  expect(config.presets).toEqual(['comments', 'legacy']);
  expect(YAML.parse(defaultConfigOf({ defaultConfig: config }).text).linters.exclusions.presets).toEqual(['comments', 'legacy']);
});

test('fromYaml: the text is written as it is, a trailing newline added', () => {
  const yaml = 'version: "2"\nlinters:\n  enable: [misspell]\n  settings:\n    misspell:\n      locale: US';
  expect(defaultConfigOf({ defaultConfig: GoLintConfig.fromYaml(yaml) }).text).toBe(`${yaml}\n`);
  expect(defaultConfigOf({ defaultConfig: GoLintConfig.fromYaml('version: 2\n') }).text).toBe('version: 2\n');
});

test.each<[string, unknown, string]>([
  ['a string', 'version: "2"', "ci/lint: defaultConfig 'version: \"2\"' is a string, not a GoLintConfig. Use GoLintConfig.exclusionPresets(...) or GoLintConfig.fromYaml(...)"],
  ['an unknown preset', GoLintConfig.exclusionPresets('errors' as GoLintExclusionPreset),
    "ci/lint: defaultConfig 'errors' is not a golangci-lint exclusion preset. Use one of comments, std-error-handling, common-false-positives, legacy"],
  ['a v1 file', GoLintConfig.fromYaml('linters:\n  enable: [errcheck]\n'),
    "ci/lint: defaultConfig.version 'undefined' is not \"2\", the only configuration version golangci-lint v2 reads. Set version: \"2\" (golangci-lint migrate converts a v1 file)"],
  ['an unknown preset in YAML', GoLintConfig.fromYaml('version: "2"\nlinters:\n  exclusions:\n    presets: [std-error-handling, errors]\n'),
    "ci/lint: defaultConfig.linters.exclusions.presets 'errors' is not a golangci-lint exclusion preset. Use one of comments, std-error-handling, common-false-positives, legacy"],
  ['a list', GoLintConfig.fromYaml('- version: "2"\n'),
    "ci/lint: defaultConfig '- version: \"2\"' is not a YAML mapping. Pass a golangci-lint v2 configuration file, starting with version: \"2\""],
  ['broken YAML', GoLintConfig.fromYaml('version: "2\n'), "ci/lint: defaultConfig 'version: \"2' is not YAML (Missing closing \"quote at line 2, column 1:). Pass a golangci-lint v2 configuration file in YAML"],
  ['a Tekton expression', GoLintConfig.fromYaml('version: "2"\nlinters:\n  exclusions:\n    rules:\n      - text: "$(params.x)"\n        linters: [errcheck]\n'),
    'contains $(, which Tekton would replace in the step. Write the configuration without $( (in a regular expression, \\$\\( matches it)'],
  ['the here-document marker', GoLintConfig.fromYaml('version: "2"\nGOLANGCI_LINT_DEFAULT_CONFIG\n'),
    "has a line 'GOLANGCI_LINT_DEFAULT_CONFIG', which would end the step's here-document. Remove that line"],
  ['text that is not a string', GoLintConfig.fromYaml(42 as any), "ci/lint: defaultConfig '42' is a number, not a string. Pass the text of a golangci-lint v2 configuration file to GoLintConfig.fromYaml"],
])('%s is refused at synth with the path, the value and the fix', (_what, defaultConfig, message) => {
  expect(thrown({ defaultConfig: defaultConfig as GoLintConfig })).toContain(message);
});
