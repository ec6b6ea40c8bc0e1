// The example ops repositories under examples/: each synthesizes, every object passes the CRD schemas,
// tekton-lint finds nothing, and the committed examples/<name>/dist is exactly what synthesis makes.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CrdSchemas } from '../support/crd-schemas';
import { compareOutput, driftMessage, ROOT, synthToTemp } from '../support/drift';
import { tektonLint } from '../support/tekton-lint';

const EXAMPLES = ['node-service', 'java-service', 'multi-team', 'flux-polling'];

describe.each(EXAMPLES)('examples/%s', name => {
  const dist = path.join(ROOT, 'examples', name, 'dist');

  test('a fresh synthesis gives byte-identical files', () => {
    const fresh = synthToTemp(`examples/${name}/main.ts`);
    try {
      const problems = compareOutput(dist, fresh);
      if (problems.length > 0) throw new Error(driftMessage(`examples/${name}/dist/`, problems));
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  test('every object with a CRD schema validates against it', () => {
    const report = new CrdSchemas().checkDirectory(dist);
    expect(report.errors).toEqual([]);
    expect(report.checked.size).toBeGreaterThan(0);
  });

  test('tekton-lint finds nothing', () => {
    const { files, findings } = tektonLint(dist);
    expect(files).toBeGreaterThan(0);
    expect(findings.map(f => `${f.path}:${f.line} ${f.level} ${f.rule}: ${f.message}`)).toEqual([]);
  });
});

describe('what the examples show', () => {
  const read = (file: string) => fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');

  test('node-service: npm checks on copies of their own, the scan between the checks and the pin', () => {
    const pipeline = read('node-service/dist/shop/tekton/pipeline-shop-delivery.yaml');
    expect(pipeline).toMatch(/- name: scan\n\s+runAfter:\n\s+- lint\n\s+- test\n/);
    expect(pipeline).toMatch(/- name: pin-revision[\s\S]*runAfter:\n\s+- lint\n\s+- test\n\s+- scan\n/);
    expect(pipeline).toMatch(/subPath: checks\/lint/);
    expect(pipeline).toMatch(/subPath: checks\/test/);
    expect(read('node-service/dist/shop/kpack/image-shop.yaml')).toMatch(/name: BP_NODE_VERSION\n\s+value: 22\.\*/);
  });

  test('java-service: mvn verify as the check, Java 21 for kpack', () => {
    expect(read('java-service/dist/orders/tekton/task-orders-verify.yaml')).toMatch(/image: docker\.io\/library\/maven:3\.9\.11-eclipse-temurin-21/);
    expect(read('java-service/dist/orders/kpack/image-orders.yaml')).toMatch(/name: BP_JVM_VERSION\n\s+value: "21"/);
  });

  test('multi-team: three teams, four ecosystems, three clusters, the same namespace names on staging and prod', () => {
    const files = fs.readdirSync(path.join(ROOT, 'examples', 'multi-team', 'dist', 'argocd'));
    expect(files.filter(f => f.startsWith('appproject-')).sort()).toEqual(['appproject-data.yaml', 'appproject-delivery.yaml', 'appproject-payments.yaml', 'appproject-web.yaml']);
    const destination = (app: string) => YAML.parse(read(`multi-team/dist/argocd/application-${app}.yaml`)).spec.destination;
    for (const app of ['ledger', 'invoices', 'storefront', 'reports']) {
      expect(destination(`${app}-staging`)).toEqual({ name: 'staging', namespace: app });
      expect(destination(`${app}-prod`)).toEqual({ server: 'https://prod.example.com:6443', namespace: app });
    }
    expect(destination('ledger-dev')).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'ledger-dev' });
    expect(files).not.toContain('application-reports-dev.yaml');
    const tasks = ['payments/invoices/tekton/task-invoices-verify.yaml', 'web/storefront/tekton/task-storefront-lint.yaml', 'data/reports/tekton/task-reports-pytest.yaml'];
    for (const t of tasks) expect(fs.existsSync(path.join(ROOT, 'examples', 'multi-team', 'dist', t))).toBe(true);
  });

  test('multi-team: the front page names each cluster and what each must run, and promises no Argo-CD-only bootstrap', () => {
    const readme = read('multi-team/dist/README.md');
    expect(readme).toContain('| `staging` | `argocd cluster add <kube-context> --name staging`');
    expect(readme).toContain('| `https://prod.example.com:6443` | `argocd cluster add <kube-context>`');
    expect(readme).not.toContain('A cluster that runs only Argo CD');
    for (const row of ['| `in-cluster` | tekton-pipelines |', '| `in-cluster` | kpack |', '| `in-cluster` | `ClusterBuilder paketo-python` | Image reports |',
      '| `staging` | reports | ghcr-pull |', '| `https://prod.example.com:6443` | reports | ghcr-pull |']) {
      expect(readme).toContain(row);
    }
  });

  test('flux-polling: Flux polls each app and watches its base image; PipelineTriggers run the checks and the pin; a Go and a Node.js app of two teams', () => {
    const flux = (team: string, app: string, file: string) => YAML.parse(read(`flux-polling/dist/${team}/${app}/flux/${file}`));
    for (const [team, app, image] of [['payments', 'ledger', 'docker.io/library/golang'], ['web', 'storefront', 'docker.io/library/node']]) {
      expect(flux(team, app, `gitrepository-${app}.yaml`).spec.url).toBe(`https://github.com/example/${app}.git`);
      expect(flux(team, app, `imagerepository-${app}-base-image.yaml`).spec.image).toBe(image);
      const onCommit = flux(team, app, `pipelinetrigger-${app}-on-commit.yaml`);
      expect(onCommit.spec.source).toEqual({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: app });
      expect(onCommit.spec.pipelineRun.spec.pipelineRef).toEqual({ name: `${app}-delivery` });
      const onBase = flux(team, app, `pipelinetrigger-${app}-on-base-image.yaml`);
      expect(onBase.spec.source).toEqual({ apiVersion: 'image.toolkit.fluxcd.io/v1', kind: 'ImagePolicy', name: `${app}-base-image-policy` });
      expect(onBase.spec.pipelineRun.spec.params).toContainEqual({ name: 'base-image-tag', value: '$.imageVersion' });
      const pipeline = YAML.parse(read(`flux-polling/dist/${team}/${app}/tekton/pipeline-${app}-delivery.yaml`));
      expect(pipeline.spec.tasks.find((t: any) => t.name === 'pin-revision').params).toContainEqual({ name: 'base-image', value: image });
    }
    // The Go app is pinned, with the base image its checks passed with; the Node.js app waits for its first pin.
    const ledger = YAML.parse(read('flux-polling/dist/payments/ledger/kpack/image-ledger.yaml'));
    expect(ledger.spec.build.env).toEqual([{ name: 'BASE_IMAGE', value: read('flux-polling/pins/ledger.base-image').trim() }]);
    expect(fs.existsSync(path.join(ROOT, 'examples/flux-polling/dist/web/storefront/kpack/image-storefront.yaml'))).toBe(false);
    // No webhook: Triggers is not installed; Flux and the operator's CRDs at main 4f0f57d are, with a manager of the repository.
    const upstream = fs.readdirSync(path.join(ROOT, 'examples/flux-polling/dist/platform/upstream')).sort();
    expect(upstream).toEqual(['flux', 'kpack', 'kpush', 'pipeline-trigger-operator', 'tekton-pipelines', 'tekton-pruner']);
    expect(read('flux-polling/dist/platform/pipeline-trigger-operator/deployment-pipeline-trigger-operator-controller-manager.yaml')).toMatch(/image: registry\.example\.com\/platform\/pipeline-trigger-operator:4f0f57d/);
  });
});
