// The front page dist/README.md: derived from the construct tree, it lists every Secret any object
// references (checked by a walker of its own over every object), the webhook of each EventListener, the
// platform's versions and one flowchart per app.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { AppDelivery, ClusterBuilder, Environment, InlineTask, Platform, Team } from '../../lib';
import { renderApp } from '../../lib/output/render';
import { ROOT } from '../support/drift';
import { readManifests } from '../support/manifests';
import { delivery, opsRepo, opsRoot, PIN } from './fixtures';
import { teamsRepo, teamsRoot } from './teams-fixture';

let root: string;
beforeEach(() => {
  root = opsRoot();
  fs.writeFileSync(path.join(root, 'pins', 'billing.sha'), `${PIN}\n`);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/**
 * Two apps: go-sample-app (public, webhook) and billing, a Node.js service of team finance (private, polled
 * by Flux, its own checks and namespaces).
 */
function twoApps(): Map<string, string> {
  const { ops, kpush } = opsRepo(root);
  new Platform(ops, 'platform');
  delivery(ops, kpush);
  const finance = new Team(ops, 'finance');
  const check = (id: string, command: string) => new InlineTask(finance, id, {
    workspaces: { source: {} },
    steps: [{ name: id, image: 'docker.io/library/node:22.11.0', workingDir: '$(workspaces.source.path)', script: `#!/bin/sh\nset -eu\nnpm ci\n${command}\n` }],
  });
  new AppDelivery(finance, 'billing', {
    repository: { url: 'https://github.com/example/billing.git', private: true },
    image: { tag: 'ghcr.io/example/billing', builder: ClusterBuilder.fromName('paketo-nodejs'), registrySecret: 'ghcr' },
    ci: { gitCredentialsSecret: 'billing-git', checks: [{ name: 'lint', task: check('npm-lint', 'npm run lint') }, { name: 'test', task: check('npm-test', 'npm test') }] },
    triggers: { fluxPolling: {} },
    environments: [Environment.kpush({ name: 'staging', namespace: 'billing-staging', controller: kpush })],
  });
  return renderApp(ops);
}

/**
 * Every Secret reference in `objects`, as `namespace/name`, found by a walk of its own: ServiceAccount
 * `secrets`/`imagePullSecrets`, and under any key that mentions "secret" any `name` or `secretName`.
 */
function referencedSecrets(objects: any[]): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    const ns = o.metadata?.namespace ?? '';
    if (o.kind === 'ServiceAccount') for (const s of [...o.secrets ?? [], ...o.imagePullSecrets ?? []]) out.add(`${ns}/${s.name}`);
    const walk = (v: any, underSecret: boolean) => {
      if (Array.isArray(v)) { v.forEach(x => walk(x, underSecret)); return; }
      if (v === null || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v)) {
        const secretish = /secret/i.test(k) || (k === 'value' && v.name === 'secretRef');
        if (typeof x === 'string' && (k === 'secretName' || (underSecret && k === 'name'))) out.add(`${ns}/${x}`);
        walk(x, secretish);
      }
    };
    walk(o.spec ?? {}, false);
  }
  return [...out].sort();
}

/** The `namespace/name` (with `withCluster`, `cluster/namespace/name`) of each row of the front page's Secrets table. */
function listedSecrets(readme: string, withCluster = false): string[] {
  const section = readme.split('### Secrets')[1].split('###')[0];
  return section.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| cluster')).map(l => {
    const [cluster, ns, name] = l.split(/(?<!\\)\|/).slice(1, 4).map(c => c.trim());
    return withCluster ? `${cluster.replace(/`/g, '')}/${ns}/${name}` : `${ns}/${name}`;
  }).sort();
}

test('front page of two apps (snapshot)', () => {
  expect(twoApps().get('README.md')).toMatchSnapshot();
});

test('the committed dist/README.md lists every Secret any object in dist/ references', () => {
  const dist = path.join(ROOT, 'dist');
  const referenced = referencedSecrets(readManifests(dist).map(m => m.object));
  expect(referenced.length).toBeGreaterThan(2);
  expect(listedSecrets(fs.readFileSync(path.join(dist, 'README.md'), 'utf8'))).toEqual(referenced);
});

test('two apps: every referenced Secret is listed, a private repository\'s with kpack\'s annotation', () => {
  const files = twoApps();
  const objects = [...files].filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml')).map(([, c]) => YAML.parse(c));
  const readme = files.get('README.md')!;
  expect(listedSecrets(readme)).toEqual(referencedSecrets(objects));
  expect(readme).toContain('| `in-cluster` | billing-build | billing-git | kubernetes.io/basic-auth | `password`, `username` | `kpack.io/git: https://github.com` |');
  expect(YAML.parse(files.get('finance/billing/kpack/serviceaccount-kpack-bot.yaml')!).secrets).toEqual([{ name: 'ghcr' }, { name: 'billing-git' }]);
  expect(YAML.parse(files.get('finance/billing/kpack/serviceaccount-kpack-bot.yaml')!).imagePullSecrets).toEqual([{ name: 'ghcr' }]);
  expect(YAML.parse(files.get('finance/billing/flux/gitrepository-billing.yaml')!).spec.secretRef).toEqual({ name: 'billing-git' });
  const template = YAML.parse(files.get('finance/billing/flux/pipelinetrigger-billing-on-commit.yaml')!);
  expect(template.spec.pipelineRun.spec.workspaces).toContainEqual({ name: 'git-credentials', secret: { secretName: 'billing-git' } });
});

test('a new Secret reference anywhere makes the check fail until it is listed', () => {
  const files = twoApps();
  const objects = [...files].filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml')).map(([, c]) => YAML.parse(c));
  objects.push({ kind: 'Deployment', metadata: { namespace: 'prod', name: 'x' }, spec: { template: { spec: { volumes: [{ name: 'v', secret: { secretName: 'unlisted' } }] } } } });
  expect(referencedSecrets(objects)).toContain('prod/unlisted');
  expect(listedSecrets(files.get('README.md')!)).not.toContain('prod/unlisted');
});

describe('three teams on three clusters (teams-fixture.ts)', () => {
  let teamsRoot_: string;
  beforeEach(() => { teamsRoot_ = teamsRoot(); });
  afterEach(() => fs.rmSync(teamsRoot_, { recursive: true, force: true }));

  /** Every Secret the objects reference, as `cluster/namespace/name`, the cluster read from the Application of each file's folder. */
  function referencedOnClusters(files: Map<string, string>): string[] {
    const objects = [...files].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c)] as const);
    const clusterOf = new Map(objects.filter(([, o]) => o.kind === 'Application').map(([, o]) => [
      o.spec.source.path.slice('dist/'.length),
      o.spec.destination.server === 'https://kubernetes.default.svc' ? 'in-cluster' : o.spec.destination.server ?? o.spec.destination.name,
    ]));
    return objects.flatMap(([f, o]) => referencedSecrets([o]).map(s => `${clusterOf.get(path.dirname(f))}/${s}`)).filter((s, i, all) => all.indexOf(s) === i).sort();
  }

  test('every referenced Secret is listed on the cluster of the objects that use it, image pull Secrets included', () => {
    const files = renderApp(teamsRepo(teamsRoot_).ops);
    const listed = listedSecrets(files.get('README.md')!, true);
    expect(listed).toEqual(referencedOnClusters(files));
    expect(listed).toEqual(expect.arrayContaining(['staging/reports/ghcr-pull', 'https://prod.example.com:6443/reports/ghcr-pull', 'in-cluster/reports-build/reports-git']));
  });

  test('every cluster is named with how to register it; each prerequisite names its cluster', () => {
    const readme = renderApp(teamsRepo(teamsRoot_).ops).get('README.md')!;
    const section = (title: string) => readme.split(`${title}\n`)[1].split('\n#')[0];
    expect(section('## Clusters')).toContain('| `staging` | `argocd cluster add <kube-context> --name staging`, with the kubeconfig context of that cluster | ledger-staging, invoices-staging, storefront-staging, reports-staging |');
    expect(section('## Clusters')).toContain('| `https://prod.example.com:6443` | `argocd cluster add <kube-context>`, with a kubeconfig context whose server is `https://prod.example.com:6443` |');
    expect(section('### kpack builders')).toContain('| `in-cluster` | `ClusterBuilder paketo-python` | Image reports |');
    expect(section('### Storage')).toMatch(/^On cluster `in-cluster`, a default StorageClass/m);
    expect(section('### GitHub webhooks')).toContain('| reports | https://github.com/example/reports.git | `in-cluster` | `el-reports-github` (`reports-ci`) |');
    expect(section('## App reports')).toContain('| staging | `staging` | `reports` | the image in `pins/reports.staging.image`, promoted by pull request |');
  });

  test('without a Platform, the page does not promise a bootstrap on a cluster with only Argo CD: it lists what each cluster must run, from what the apps use', () => {
    const readme = renderApp(teamsRepo(teamsRoot_).ops).get('README.md')!;
    expect(readme).not.toContain('A cluster that runs only Argo CD');
    expect(readme).toContain('This repository installs no platform (its code has no `Platform`): before the bootstrap, the cluster Argo CD runs in must run');
    const table = readme.split('### What each cluster must run already\n')[1].split('\n#')[0];
    expect(table.split('\n').filter(l => l.startsWith('| `')).map(l => l.split(' | ').slice(0, 2).join(' | '))).toEqual([
      '| `in-cluster` | tekton-pipelines', '| `in-cluster` | tekton-triggers', '| `in-cluster` | kpack', '| `in-cluster` | kpush',
    ]);
    expect(readme).not.toMatch(/Flux|pipeline-trigger-operator/);
  });

  test('with a Platform that installs every component, a cluster with only Argo CD comes up; the builders named but not defined are still listed', () => {
    const readme = renderApp(teamsRepo(teamsRoot_, { platform: true }).ops).get('README.md')!;
    expect(readme).toContain('A cluster that runs only Argo CD (its standard install');
    expect(readme).toContain('Nothing besides Argo CD: the platform installs every component the objects of this repository use.');
    expect(readme).toContain('| `in-cluster` | `ClusterBuilder paketo-go` | Image ledger |');
  });
});
