// A real Kubernetes API server (etcd and kube-apiserver built from the Go module proxy, RBAC on) with the CRDs
// of the pinned upstream releases: every object of dist/ and examples/*/dist is applied to the cluster of the
// Argo CD Application that syncs its folder, server-side with strict field validation, dry run first, then for
// real. Any rejection or warning fails (docs/upstream-checks.md).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../support/drift';
import { readManifests } from '../support/manifests';
import { outputFolders } from '../support/output-folders';
import { ClusterPlan, planRepository, RepositoryPlan } from './clusters';
import { CrdCatalog } from './crds';
import { ApplyFinding, applyToApiServers, formatFinding } from './envtest';
import { goProgram } from './go';

const BUILD_TIMEOUT = 40 * 60_000;
const FIXTURES = path.join(__dirname, 'fixtures', 'apiserver');
const FIXTURE_CLUSTER = 'test/upstream/fixtures/apiserver in-cluster';

let crdDir: string;
let repositories: RepositoryPlan[];
let findings: ApplyFinding[];

beforeAll(async () => {
  goProgram('apiserver');
  crdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'upstream-crds-'));
  const catalog = new CrdCatalog(crdDir);
  repositories = outputFolders().map(dir => planRepository(dir, path.dirname(dir), path.relative(ROOT, dir), catalog));
  const fixtures = readManifests(FIXTURES);
  const fixtureCluster: ClusterPlan = {
    name: FIXTURE_CLUSTER,
    crds: [...new Set(fixtures.map(m => catalog.crdFor(m.object)?.file).filter((f): f is string => f !== undefined))],
    namespaces: ['argocd', 'ci'],
    files: ['objects.yaml', 'valid.yaml'].map(f => ({ path: path.join(FIXTURES, f), label: f, namespace: 'ci' })),
  };
  const clusters = [...repositories.flatMap(r => r.clusters), fixtureCluster];
  // eslint-disable-next-line no-console
  console.info(`API servers: ${clusters.map(c => `${c.name} (${c.files.length} files, ${c.crds.length} CRDs)`).join('; ')}\n` +
    `not applied (kustomizations of remote upstream releases, which need the network): ${repositories.flatMap(r => r.kustomizations).join(', ') || 'none'}`);
  findings = await applyToApiServers(clusters, 2);
}, BUILD_TIMEOUT);

afterAll(() => {
  if (crdDir) fs.rmSync(crdDir, { recursive: true, force: true });
});

test('every object of dist/ and examples/*/dist applies without an error or a warning', () => {
  const problems = findings.filter(f => f.kind !== 'summary' && f.cluster !== FIXTURE_CLUSTER).map(formatFinding);
  expect(problems).toEqual([]);
});

test('each cluster of each repository got all of its objects, on a server of its own', () => {
  const summaries = findings.filter(f => f.kind === 'summary' && f.cluster !== FIXTURE_CLUSTER);
  const planned = repositories.flatMap(r => r.clusters);
  expect(summaries.map(s => s.cluster).sort()).toEqual(planned.map(c => c.name).sort());
  const applied = summaries.reduce((n, s) => n + (s.applied ?? 0), 0);
  expect(applied).toBe(repositories.reduce((n, r) => n + r.objects, 0));
  // eslint-disable-next-line no-console
  console.info(summaries.map(s => `${s.cluster}: ${s.applied} objects, ${s.crds ?? 0} CRDs, ${s.seconds?.toFixed(1)} s`).join('\n'));
});

describe('the API server fails broken objects', () => {
  const fixtureFindings = () => findings.filter(f => f.cluster === FIXTURE_CLUSTER && f.kind !== 'summary');
  const said = () => fixtureFindings().map(f => `${f.object}: ${f.phase} ${f.kind}: ${f.message}`);
  test.each([
    ['a warning (a deprecated node label)', 'Deployment ci/deprecated-node-label: dry-run warning: spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead'],
    ['a field the CRD schema does not declare', 'Task ci/unknown-field: dry-run error: failed to create typed patch object (ci/unknown-field; tekton.dev/v1, Kind=Task): .spec.steps[0].retries: field not declared in schema'],
    ['a namespace nothing creates', 'Service not-created/nowhere: dry-run error: namespaces "not-created" not found'],
    ['a typo in an Argo CD Application', 'Application argocd/typo: dry-run error: failed to create typed patch object (argocd/typo; argoproj.io/v1alpha1, Kind=Application): .spec.syncPolicy.automatic: field not declared in schema'],
  ])('%s', (_what, expected) => {
    expect(said()).toContain(expected);
  });

  test('valid Flux and PipelineTrigger objects apply without a word (GitRepository\'s CRD from source-controller\'s module, the others\' from the schema store)', () => {
    expect(fixtureFindings().filter(f => f.file === 'valid.yaml').map(formatFinding)).toEqual([]);
    expect(findings.find(f => f.cluster === FIXTURE_CLUSTER && f.kind === 'summary')?.applied).toBe(5);
  });
});
