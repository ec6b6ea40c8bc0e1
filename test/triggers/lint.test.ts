// The tekton-lint rules that concern Triggers objects (node_modules/@ibm/tekton-lint/dist/rules): each is
// shown to fire on a hand-broken copy of our good output (one lint run for all of them), and the same
// mistake made with our constructs is shown to fail before anything is written.
import { Size, Testing } from 'cdk8s';
import { Warnings } from '../../lib/core/warnings';
import { validateTree } from '../../lib/output/render';
import { RunWorkspace } from '../../lib/tekton/run';
import { GitHubPush, TriggerBinding, TriggerTemplate } from '../../lib/triggers';
import { tektonLintFindings } from '../support/conformance';
import { BUILD_PIPELINE, BUILD_PIPELINE_OBJECTS, chartInCi, pushFlow } from './support/fixtures';

interface Broken { el: any; binding: any; template: any; run: any; k: number }

/** One lint rule: how to break our output so it fires, what it says, and the same mistake with the constructs. */
interface RuleCase {
  readonly rule: string;
  readonly breakOutput: (o: Broken) => void;
  readonly finding: (k: number) => string;
  readonly withConstructs: () => void;
}

const good = (() => {
  const { chart } = chartInCi();
  pushFlow(chart);
  return Testing.synth(chart);
})();

function brokenCopy(k: number, breakOutput: (o: Broken) => void): any[] {
  const copy = JSON.parse(JSON.stringify(good.filter(o => ['EventListener', 'TriggerBinding', 'TriggerTemplate'].includes(o.kind))));
  const el = copy.find((o: any) => o.kind === 'EventListener');
  const binding = copy.find((o: any) => o.kind === 'TriggerBinding');
  const template = copy.find((o: any) => o.kind === 'TriggerTemplate');
  el.metadata.name = `github-v${k}`;
  binding.metadata.name = `github-push-v${k}`;
  template.metadata.name = `build-v${k}`;
  el.spec.triggers[0].bindings[0].ref = binding.metadata.name;
  el.spec.triggers[0].template.ref = template.metadata.name;
  breakOutput({ el, binding, template, run: template.spec.resourcetemplates[0], k });
  return copy;
}

function flow() {
  const { app, chart } = chartInCi();
  return { app, chart, ...pushFlow(chart) };
}
const source = { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) };

const CASES: RuleCase[] = [
  {
    rule: 'no-undefined-param',
    breakOutput: ({ run }) => { run.spec.params[0].value = '$(tt.params.nope)'; },
    finding: k => `Undefined param 'nope' at .spec.resourcetemplates[0].spec.params[0].value in 'build-v${k}'`,
    withConstructs: () => {
      const { app, chart, template, repoUrl } = flow();
      const nope = new TriggerTemplate(chart, 'other').addParam('nope');
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': nope, 'repo-url': repoUrl }, workspaces: source });
      expect(() => validateTree(app)).toThrow("'$(tt.params.nope)' uses param 'nope', which this template does not declare");
    },
  },
  {
    rule: 'no-duplicate-param',
    breakOutput: ({ binding, k }) => { binding.spec.params.push({ name: `dup-${k}`, value: 'a' }, { name: `dup-${k}`, value: 'b' }); },
    finding: k => `Duplicate param 'dup-${k}'`,
    withConstructs: () => {
      const { binding, template } = flow();
      expect(() => binding.addParam('revision', GitHubPush.after)).toThrow("test/github-push: spec.params 'revision' is defined twice");
      expect(() => template.addParam('revision')).toThrow("test/build: spec.params 'revision' is declared twice");
    },
  },
  {
    rule: 'no-invalid-name',
    breakOutput: ({ template }) => { template.spec.params.push({ name: 'git.rev' }); },
    finding: k => `TriggerTemplate 'build-v${k}' defines parameter 'git.rev' with invalid parameter name`,
    withConstructs: () => {
      const { template } = flow();
      expect(() => template.addParam('git.rev')).toThrow("test/build: spec.params 'git.rev' is not a valid param name");
    },
  },
  {
    rule: 'no-invalid-name',
    breakOutput: ({ el, template, k }) => { template.metadata.name = `9build-v${k}`; el.spec.triggers[0].template.ref = template.metadata.name; },
    finding: k => `Invalid name for TriggerTemplate '9build-v${k}'`,
    withConstructs: () => {
      const { chart } = chartInCi();
      expect(() => new TriggerTemplate(chart, '9build')).toThrow("test/9build: metadata.name '9build' does not start with a letter, which tekton-lint (no-invalid-name) rejects");
    },
  },
  {
    rule: 'no-extra-param',
    breakOutput: ({ run }) => { run.spec.params.push({ name: 'extra', value: 'x' }); },
    finding: k => `TriggerTemplate 'build-v${k}' references pipeline 'build', and supplies 'extra', but it's not a valid parameter.`,
    withConstructs: () => {
      const { app, template, revision, repoUrl } = flow();
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': repoUrl, 'extra': 'x' }, workspaces: source, generateName: 'again-' });
      expect(() => validateTree(app)).toThrow("test/build: spec.resourcetemplates[1].spec.params 'extra' is not a param of Pipeline 'build'");
    },
  },
  {
    rule: 'no-missing-param',
    breakOutput: ({ run }) => { run.spec.params = run.spec.params.filter((p: any) => p.name !== 'repo-url'); },
    finding: k => `Pipeline 'build' references param 'repo-url', but it is not supplied in triggerTemplate 'build-v${k}'`,
    withConstructs: () => {
      const { app, template, revision } = flow();
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { revision }, workspaces: source, generateName: 'again-' });
      expect(() => validateTree(app)).toThrow("test/build: spec.resourcetemplates[1].spec.params 'repo-url' is required by Pipeline 'build' (it has no default) but not given");
    },
  },
  {
    rule: 'no-missing-workspace',
    breakOutput: ({ run }) => { delete run.spec.workspaces; },
    finding: k => `TriggerTemplate 'build-v${k}' references Pipeline 'build', but provides no workspace for 'source'`,
    withConstructs: () => {
      const { app, template, revision, repoUrl } = flow();
      template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': revision, 'repo-url': repoUrl }, generateName: 'again-' });
      expect(() => validateTree(app)).toThrow("test/build: spec.resourcetemplates[1].spec.workspaces 'source' is required by Pipeline 'build' but not bound");
    },
  },
  {
    rule: 'no-missing-resource',
    breakOutput: ({ el, k }) => { el.spec.triggers[0].template.ref = `nope-v${k}`; },
    finding: k => `EventListener 'github-v${k}' defines trigger template 'nope-v${k}', but the trigger template is missing.`,
    withConstructs: () => {
      // A trigger takes the template construct, so its ref is that template's name, synthesized alongside.
      const { chart, template } = flow();
      const objects = Testing.synth(chart);
      const ref = objects.find(o => o.kind === 'EventListener').spec.triggers[0].template.ref;
      expect(ref).toBe(template.name);
      expect(objects.filter(o => o.kind === 'TriggerTemplate' && o.metadata.name === ref)).toHaveLength(1);
    },
  },
  {
    rule: 'no-invalid-param-type',
    breakOutput: ({ binding }) => { delete binding.spec.params[0].value; },
    finding: k => `TriggerBinding 'github-push-v${k}' defines parameter 'revision' with missing value`,
    withConstructs: () => {
      const { chart } = chartInCi();
      const binding = new TriggerBinding(chart, 'b');
      expect(() => binding.addParam('revision', undefined as any)).toThrow("test/b: spec.params.revision 'undefined' is not a binding value");
    },
  },
  {
    rule: 'no-invalid-param-type',
    breakOutput: ({ template }) => { template.spec.params[0].default = 5; },
    finding: k => `TriggerTemplate 'build-v${k}' defines parameter 'revision' with wrong type`,
    withConstructs: () => {
      const { chart } = chartInCi();
      expect(() => new TriggerTemplate(chart, 't').addParam('revision', { default: 5 as any })).toThrow(
        "test/t: spec.params.revision.default '5' is not a string. Give the default as text, e.g. '1'");
    },
  },
];

describe('tekton-lint rules for Triggers objects', () => {
  const broken = CASES.flatMap((c, k) => brokenCopy(k, c.breakOutput));
  const tutorialBug = brokenCopy(CASES.length, ({ run }) => { run.spec.params[0].value = '$(params.revision)'; });
  const findings = tektonLintFindings([...broken, ...tutorialBug, ...BUILD_PIPELINE_OBJECTS]);

  test('our unbroken output has no findings', () => {
    expect(tektonLintFindings([...good, ...BUILD_PIPELINE_OBJECTS])).toEqual([]);
  });

  test.each(CASES.map((c, k) => [c.rule, k, c] as const))('%s (case %i) fires on the broken output and the constructs refuse the mistake', (rule, k, c) => {
    expect(findings).toEqual(expect.arrayContaining([expect.stringContaining(`${rule}: ${c.finding(k)}`)]));
    c.withConstructs();
  });

  test('no-unused-param: tekton-lint warns, and so does the template', () => {
    const k = CASES.length + 1;
    const lint = tektonLintFindings([...brokenCopy(k, ({ template }) => { template.spec.params.push({ name: 'image' }); }), ...BUILD_PIPELINE_OBJECTS]);
    expect(lint).toEqual([`warning no-unused-param: TriggerTemplate 'build-v${k}' defines parameter 'image', but it's not used anywhere in the spec`]);
    const { app, template } = flow();
    template.addParam('image', { default: 'ghcr.io/octo/app' });
    validateTree(app);
    expect(Warnings.collect(app)).toEqual([expect.stringContaining("test/build: spec.params 'image' is declared but not used in any resource template")]);
  });

  test('the tutorial\'s $(params.x) in a template passes tekton-lint, but not our check', () => {
    expect(findings.filter(f => f.includes(`build-v${CASES.length}`) || f.includes(`github-v${CASES.length}`))).toEqual([]);
    const { app, template, repoUrl } = flow();
    template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': '$(params.revision)', 'repo-url': repoUrl }, workspaces: source, generateName: 'again-' });
    expect(() => validateTree(app)).toThrow("'$(params.revision)' is not substituted: since Triggers v0.7 a template param is written $(tt.params.<name>)");
  });
});
