// Three teams on three clusters (teams-fixture.ts): objects are told apart by cluster, each team deploys
// only into namespaces of its own, a Deployment pulls from a private registry with a Secret the front page
// lists, kpack gets each Secret only where it reads it, catalog Tasks are named after their app, and no team's
// AppProject admits cluster-wide RBAC for its EventListeners.
import * as fs from 'fs';
import { ApiObject } from 'cdk8s';
import * as YAML from 'yaml';
import { ApplicationDestination, AppProject, Cluster, Environment, FolderChart, Platform, Team, AppDelivery, ClusterBuilder } from '../../lib';
import { renderApp } from '../../lib/output/render';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { rbacFindings } from '../support/rbac';
import { synthProblems, thrown } from '../support/synth';
import { PROD_URL, teamsRepo, teamsRoot } from './teams-fixture';

let root: string;
beforeEach(() => { root = teamsRoot(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function objects(files: Map<string, string>): Map<string, any> {
  return new Map([...files].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c)]));
}

describe('three teams, three clusters, four ecosystems', () => {
  test('synthesize; every object passes the CRD schemas, tekton-lint and the RBAC allow-list', () => {
    const files = objects(renderApp(teamsRepo(root).ops));
    expect(crdViolations([...files.values()])).toEqual([]);
    expect(tektonLintFindings([...files.values()])).toEqual([]);
    expect(rbacFindings([...files].map(([file, object]) => ({ file, index: 0, object })))).toEqual([]);
  });

  test('the same namespace and name on two clusters are two objects; one on the same cluster twice is an error', () => {
    const files = objects(renderApp(teamsRepo(root).ops));
    for (const env of ['staging', 'prod']) {
      expect(files.get(`payments/ledger/${env}/deployment-ledger.yaml`).metadata).toEqual({ name: 'ledger', namespace: 'ledger', labels: { app: 'ledger' } });
    }
    const { ops, teams } = teamsRepo(root);
    const extra = new FolderChart(teams.payments, 'ledger-extra', { folder: 'payments/ledger-extra', namespace: 'ledger' });
    new ApiObject(extra, 'dup', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ledger' }, spec: {} });
    ops.syncFolder(extra, { destination: ApplicationDestination.server(PROD_URL) });
    expect(synthProblems(ops)).toEqual([
      "payments/ledger-extra: metadata.name 'ledger' of the Deployment at payments/ledger-extra/dup is also the name of the Deployment at payments/ledger/env-prod/deployment "
        + `(namespace 'ledger', cluster '${PROD_URL}'). Give each object its own name or namespace on that cluster: one object in two folders is owned by two Argo CD Applications, which undo each other`,
    ]);
  });

  test('catalog check Tasks are named after their app by default', () => {
    const tasks = [...objects(renderApp(teamsRepo(root).ops)).values()].filter(o => o.kind === 'Task').map(o => o.metadata.name);
    expect(tasks).toEqual(expect.arrayContaining(['invoices-verify', 'storefront-lint', 'storefront-test', 'reports-pytest', 'ledger-golangci-lint']));
    expect(tasks.filter(n => !/^(ledger|invoices|storefront|reports)-/.test(n))).toEqual([]);
  });
});

describe('namespaces: an environment gets one of its app\'s own, and no team deploys where another team or the platform does', () => {
  test('by default an environment runs in <app>-<environment>; no two teams\' AppProjects admit one namespace on one cluster', () => {
    const files = objects(renderApp(teamsRepo(root).ops));
    expect(files.get('payments/ledger/dev/deployment-ledger.yaml').metadata.namespace).toBe('ledger-dev');
    const admitted = new Map<string, string>();
    for (const project of [...files.values()].filter(o => o.kind === 'AppProject' && o.metadata.name !== 'delivery')) {
      for (const d of project.spec.destinations) {
        const key = `${d.server ?? d.name}/${d.namespace}`;
        expect({ key, projects: [admitted.get(key), project.metadata.name].filter(Boolean) }).toEqual({ key, projects: [project.metadata.name] });
        admitted.set(key, project.metadata.name);
      }
    }
    expect([...admitted.keys()].filter(k => k.endsWith('/ledger'))).toEqual([`staging/ledger`, `${PROD_URL}/ledger`]);
  });

  const fix = 'Give it a namespace of its own (an environment\'s default is \'<app>-<environment>\')';
  test.each([
    ['kube-system', Cluster.named('staging'), "on cluster 'staging' is the namespace of Kubernetes' own components, and team 'web' may not deploy there (Application storefront-staging)"],
    ['default', Cluster.server(PROD_URL), `on cluster '${PROD_URL}' is where anything without a namespace lands, so no team owns it, and team 'web' may not deploy there (Application storefront-staging)`],
    ['argocd', Cluster.inCluster(), "on cluster 'in-cluster' is the namespace Argo CD runs in, and team 'web' may not deploy there (Application storefront-staging)"],
    ['kpack', Cluster.inCluster(), "on cluster 'in-cluster' is the namespace of the platform component kpack, and team 'web' may not deploy there (Application storefront-staging)"],
    ['kpush', Cluster.inCluster(), "on cluster 'in-cluster' is the namespace of the platform's folder platform/kpush, and team 'web' may not deploy there (Application storefront-staging)"],
  ])('an environment in %s is refused', (namespace, cluster, what) => {
    const { ops } = teamsRepo(root, { over: { storefront: { environments: [Environment.deployment({ name: 'staging', namespace, cluster })] } } });
    expect(synthProblems(ops)).toContain(`web/storefront/env-staging: namespace '${namespace}' ${what}. ${fix}`);
  });

  test('Argo CD\'s namespace name on another cluster is no one\'s', () => {
    const { ops } = teamsRepo(root, { over: { storefront: { environments: [Environment.deployment({ name: 'staging', namespace: 'argocd', cluster: Cluster.named('staging') })] } } });
    expect(synthProblems(ops)).toEqual([]);
  });

  test('names that are also properties of JavaScript objects are names like any other', () => {
    const { ops } = teamsRepo(root, { over: { storefront: { environments: [Environment.deployment({ name: 'staging', namespace: 'constructor' })] } } });
    new Team(ops, 'odd', { name: 'constructor' });
    expect(synthProblems(ops)).toEqual([]);
  });

  test('another app\'s CI or build namespace, even in the same team, is refused', () => {
    for (const namespace of ['ledger-ci', 'ledger-build']) {
      const { ops } = teamsRepo(root, { over: { invoices: { environments: [Environment.deployment({ name: 'staging', namespace })] } } });
      expect(synthProblems(ops)).toEqual([
        `payments/invoices/env-staging: environments[staging].namespace '${namespace}' on cluster 'in-cluster' is the ${namespace.endsWith('ci') ? 'CI' : 'build'} namespace of app 'ledger', `
          + `where the pipeline's credentials are: the app would run beside them. ${fix}`,
      ]);
    }
  });

  test('another team\'s namespace on the same cluster is refused, on another cluster it is free', () => {
    const staging = teamsRepo(root, { over: { storefront: { environments: [Environment.deployment({ name: 'staging', namespace: 'ledger', cluster: Cluster.named('staging') })] } } });
    expect(synthProblems(staging.ops)).toEqual([
      "web/storefront/env-staging: namespace 'ledger' on cluster 'staging' is also used by team 'payments' (Application ledger-staging, folder payments/ledger/staging), "
        + 'so the AppProjects of both would admit it and each could change or delete the other\'s objects. Give each team namespaces of its own on each cluster (an environment\'s default is \'<app>-<environment>\')',
    ]);
    const edge = teamsRepo(root, { over: { storefront: { environments: [Environment.deployment({ name: 'staging', namespace: 'ledger', cluster: Cluster.named('edge') })] } } });
    expect(synthProblems(edge.ops)).toEqual([]);
  });

  test('a kpush environment in another team\'s namespace is refused: it would use the kpush Role in that team\'s folder', () => {
    const { ops, kpush } = teamsRepo(root, { apps: ['ledger'] });
    const web = Team.of(ops.node.findChild('web'))!;
    new AppDelivery(web, 'storefront', {
      repository: { url: 'https://github.com/example/storefront.git' },
      image: { tag: 'docker.io/example/storefront', builder: ClusterBuilder.fromName('paketo-nodejs') },
      ci: { gitCredentialsSecret: 'github-credentials' },
      triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
      environments: [Environment.kpush({ name: 'dev', namespace: 'ledger-dev', controller: kpush })],
    });
    const files = renderApp(teamsRepo(root, { apps: ['ledger'] }).ops);
    expect(files.has('payments/ledger/dev/role-kpush-controller.yaml')).toBe(true);
    expect(synthProblems(ops)).toEqual([expect.stringMatching(/^web\/storefront\/env-dev: namespace 'ledger-dev' on cluster 'in-cluster' is also used by team 'payments' \(Application ledger-dev/)]);
  });

  test('teams and AppProjects named default or argocd are refused', () => {
    const { ops } = teamsRepo(root, { apps: [] });
    expect(thrown(() => new Team(ops, 'default'))).toBe("default: AppProject name 'default' is the name of Argo CD's built-in project, which admits every repository, cluster, "
      + 'namespace and kind; an AppProject of that name in git would replace it. Give the team (or the project) another name');
    expect(thrown(() => new Team(ops, 'team', { name: 'argocd' }))).toMatch(/^team: AppProject name 'argocd' is the name of Argo CD's namespace/);
    expect(thrown(() => new Platform(ops, 'platform', { projectName: 'default' }))).toMatch(/^platform: AppProject name 'default' is the name of Argo CD's built-in project/);
  });

  test('a folder under another team\'s folder, and a team\'s folder in another team\'s project, are refused', () => {
    const { ops, teams } = teamsRepo(root, { apps: ['ledger', 'reports'], over: { reports: { folder: 'payments/reports' } } });
    const shared = new FolderChart(teams.web, 'dashboards', { folder: 'web/dashboards', namespace: 'web-dashboards' });
    ops.syncFolder(shared, { project: teams.payments.project as AppProject });
    const stray = new FolderChart(ops, 'stray', { folder: 'data/stray', namespace: 'stray' });
    ops.syncFolder(stray);
    const problems = synthProblems(ops);
    expect(problems).toContain("data/reports/env-prod: folder 'payments/reports/prod' is in the folder of team 'payments' (payments/), but it belongs to team 'data'. "
      + "Give it a folder under 'data/', or create it in team 'payments'");
    expect(problems).toContain("web/dashboards: project 'payments' of Application web-dashboards is not the AppProject of team 'web', whose folder it syncs. "
      + 'Leave syncFolder\'s project out: a team\'s folders are synced in its own project');
    expect(problems).toContain("stray: folder 'data/stray' is in the folder of team 'data' (data/), but it belongs to the platform. Give it a folder outside 'data/', or create it in team 'data'");
    expect(problems.filter(p => !/^(data\/reports|web\/dashboards|stray)/.test(p))).toEqual([]);
  });
});

describe('Secrets go where they are used', () => {
  test('a Deployment environment pulls from a private registry with the Secrets it is given, on its cluster', () => {
    const files = objects(renderApp(teamsRepo(root).ops));
    for (const env of ['staging', 'prod']) {
      expect(files.get(`data/reports/${env}/deployment-reports.yaml`).spec.template.spec.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
    }
    expect(files.get('payments/ledger/prod/deployment-ledger.yaml').spec.template.spec.imagePullSecrets).toBeUndefined();
  });

  test('kpack gets the git Secret of a private repository under secrets only, the registry Secret under both', () => {
    const sa = objects(renderApp(teamsRepo(root).ops)).get('data/reports/kpack/serviceaccount-kpack-bot.yaml');
    expect(sa.secrets).toEqual([{ name: 'ghcr-push' }, { name: 'reports-git' }]);
    expect(sa.imagePullSecrets).toEqual([{ name: 'ghcr-push' }]);
  });
});

describe('EventListeners\' cluster-wide reads are granted once, outside the teams\' projects', () => {
  test('one ClusterRole and one ClusterRoleBinding of every listener; team AppProjects admit no cluster RBAC', () => {
    const files = objects(renderApp(teamsRepo(root).ops));
    const clusterRbac = [...files].filter(([, o]) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding').map(([f]) => f);
    expect(clusterRbac.filter(f => !f.startsWith('platform/kpush/'))).toEqual([
      'platform/event-listeners/clusterrole-delivery-event-listeners.yaml', 'platform/event-listeners/clusterrolebinding-delivery-event-listeners.yaml',
    ]);
    expect(files.get('platform/event-listeners/clusterrolebinding-delivery-event-listeners.yaml').subjects.map((s: any) => `${s.namespace}/${s.name}`))
      .toEqual(['ledger-ci/el-ledger-github', 'invoices-ci/el-invoices-github', 'storefront-ci/el-storefront-github', 'reports-ci/el-reports-github']);
    for (const team of ['payments', 'web', 'data']) {
      expect(files.get(`argocd/appproject-${team}.yaml`).spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    }
    expect(files.get('argocd/application-delivery-event-listeners.yaml').spec.project).toBe('delivery');
  });
});
