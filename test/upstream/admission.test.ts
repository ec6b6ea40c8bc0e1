// The real admission webhooks of Tekton Pipelines, Tekton Triggers and kpack, built from the Go module proxy at
// the versions the Platform installs, over every object of dist/ and examples/*/dist (docs/upstream-checks.md).
import { Duration, Size, Testing } from 'cdk8s';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitRef } from '../../lib/flux/git-ref';
import { GitRepository } from '../../lib/flux/git-repository';
import { PipelineTrigger, PipelineTriggerFlavour } from '../../lib/operators/pipeline-trigger';
import { TriggerEvent } from '../../lib/operators/pipeline-trigger-event';
import { FolderChart } from '../../lib/output/folder-chart';
import { toYaml } from '../../lib/output/render';
import { ComponentName, RELEASES } from '../../lib/platform/releases';
import { IPipeline, RunWorkspace } from '../../lib/tekton/run';
import { ROOT } from '../support/drift';
import { outputFolders } from '../support/output-folders';
import { admit, admitFolders, AdmissionFinding, formatAdmission } from './admission';
import { goProgram, requiredVersion } from './go';

// A cold build compiles Tekton, Triggers, kpack and their Kubernetes and knative dependencies.
const BUILD_TIMEOUT = 40 * 60_000;

beforeAll(() => {
  goProgram('tekton');
  goProgram('kpack');
}, BUILD_TIMEOUT);

test('the webhooks are those of the releases the Platform installs', () => {
  expect({
    pipeline: requiredVersion('tekton', 'github.com/tektoncd/pipeline'),
    triggers: requiredVersion('tekton', 'github.com/tektoncd/triggers'),
    kpack: requiredVersion('kpack', 'github.com/pivotal/kpack'),
  }).toEqual({
    pipeline: RELEASES[ComponentName.TEKTON_PIPELINES].version,
    triggers: RELEASES[ComponentName.TEKTON_TRIGGERS].version,
    kpack: RELEASES[ComponentName.KPACK].version,
  });
});

test('every object of dist/ and examples/*/dist passes the upstream webhooks', () => {
  const report = admitFolders(outputFolders(), ROOT);
  // eslint-disable-next-line no-console
  console.info(`upstream admission: ${report.checked.length} objects of ${report.kinds.join(', ')}`);
  expect(report.problems).toEqual([]);
  // What today's output has, at least: a kind that disappears from it should be noticed here.
  expect(report.kinds).toEqual(expect.arrayContaining([
    'kpack.io/v1alpha2/ClusterBuilder', 'kpack.io/v1alpha2/ClusterStack', 'kpack.io/v1alpha2/ClusterStore', 'kpack.io/v1alpha2/Image',
    'tekton.dev/v1/Pipeline', 'tekton.dev/v1/Task',
    'triggers.tekton.dev/v1beta1/EventListener', 'triggers.tekton.dev/v1beta1/TriggerBinding', 'triggers.tekton.dev/v1beta1/TriggerTemplate',
  ]));
}, 5 * 60_000);

test('the runs of PipelineTriggers, both flavours as the library writes them, pass Tekton\'s webhook', () => {
  // No committed output has a PipelineTrigger yet; these are what the constructs write.
  const chart = new FolderChart(Testing.app(), 'ci', { folder: 'ci', namespace: 'ci' });
  const source = new GitRepository(chart, 'app', { url: 'https://github.com/org/app.git', ref: GitRef.branch('main') });
  const pipeline: IPipeline = {
    name: 'build',
    declaredParams: [{ name: 'revision', type: 'string', required: true }, { name: 'branch', type: 'string', required: true }],
    declaredWorkspaces: [{ name: 'source', optional: false }],
  };
  const common = {
    source, pipeline,
    params: { revision: TriggerEvent.commitId(), branch: TriggerEvent.branchName() },
    workspaces: { source: RunWorkspace.volumeClaimTemplate({ size: Size.gibibytes(1) }) },
  };
  new PipelineTrigger(chart, 'current', { ...common, timeouts: { pipeline: Duration.hours(1) }, runAnnotations: { 'tekton.dev/auto-cleanup-pvc': 'true' } });
  new PipelineTrigger(chart, 'v01', { ...common, flavour: PipelineTriggerFlavour.V0_1 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-triggers-'));
  try {
    const files = Testing.synth(chart).filter(o => o.kind === 'PipelineTrigger').map(o => {
      const file = path.join(dir, `${o.metadata.name}.yaml`);
      fs.writeFileSync(file, toYaml(o));
      return file;
    });
    const findings = admit(files);
    expect(findings.filter(f => f.kind !== 'checked').map(formatAdmission)).toEqual([]);
    expect(findings.map(f => `${f.object} ${f.via}`).sort()).toEqual(['PipelineTrigger ci/current spec.pipelineRun', 'PipelineTrigger ci/v01 spec.pipeline']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('broken objects fail with the webhooks\' own errors', () => {
  const fixtures = path.join(__dirname, 'fixtures', 'admission');
  let findings: AdmissionFinding[];
  beforeAll(() => {
    findings = admit([path.join(fixtures, 'tekton.yaml'), path.join(fixtures, 'kpack.yaml')])
      .map(f => ({ ...f, file: path.basename(f.file) }));
  }, BUILD_TIMEOUT);
  const problems = () => findings.filter(f => f.kind !== 'checked').map(formatAdmission);

  test.each([
    ['a Task step without an image', 'tekton.yaml: Task ci/no-image: error (tektoncd/pipeline): missing field(s): spec.steps[0].Image'],
    ['a Pipeline using a param it does not declare', 'tekton.yaml: Pipeline ci/unknown-param: error (tektoncd/pipeline): non-existent variable in "$(params.revision)": spec.tasks[0].params[revision]'],
    ['a field Tekton does not know', 'tekton.yaml: Task ci/unknown-field: error (tektoncd/pipeline): cannot decode: json: unknown field "retries"'],
    ['a tekton.dev kind no webhook admits', 'tekton.yaml: Build ci/no-such-kind: unchecked: the tektoncd/pipeline webhook admits no tekton.dev/v1, Kind=Build'],
    ['an EventListener trigger without a template', 'tekton.yaml: EventListener ci/no-template: error (tektoncd/triggers): expected exactly one, got neither: spec.triggers[0].template, spec.triggers[0].triggerRef'],
    ['the PipelineRun a TriggerTemplate makes, without a Pipeline', 'tekton.yaml: TriggerTemplate ci/run-without-pipeline spec.resourcetemplates[0]: error (tektoncd/pipeline): expected exactly one, got neither: spec.pipelineRef, spec.pipelineSpec'],
    ['the run of a PipelineTrigger (v0.5.0+) whose tasks outlast the pipeline', 'tekton.yaml: PipelineTrigger ci/bad-timeout spec.pipelineRun: error (tektoncd/pipeline): invalid value: 2h0m0s should be <= pipeline duration: spec.timeouts.tasks'],
    ['the run of a PipelineTrigger (v0.1) with one param twice', 'tekton.yaml: PipelineTrigger ci/duplicate-param spec.pipeline: error (tektoncd/pipeline): expected exactly one, got both: spec.params[revision].name'],
    ['a kpack Image without a tag', 'kpack.yaml: Image build/no-tag: error (buildpacks-community/kpack): missing field(s): spec.tag'],
    ['a ClusterStack without a run image', 'kpack.yaml: ClusterStack no-run-image: error (buildpacks-community/kpack): missing field(s): spec.runImage.image'],
    ['a kpack.io version the webhook does not admit', 'kpack.yaml: Image build/old-version: unchecked: the kpack webhook admits no kpack.io/v1alpha1, Kind=Image'],
  ])('%s', (_what, expected) => {
    expect(problems()).toContain(expected);
  });

  test('nothing else is reported', () => {
    expect(problems()).toHaveLength(11);
  });
});
