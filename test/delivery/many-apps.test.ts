// An ops repository that delivers several apps of several teams: names unique by construction, every
// output check passing over the whole repository, duplicates rejected with both construct paths, team
// AppProjects admitting exactly what their Applications deploy, and checks that cost no scan per object.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct, Node } from 'constructs';
import fc from 'fast-check';
import * as YAML from 'yaml';
import {
  AppDelivery, AppDeliveryProps, Application, ApplicationDestination, ApplicationSource, ClusterBuilder, Environment,
  FolderChart, InlineTask, KpushController, OpsRepo, Team,
} from '../../lib';
import { compareOutput } from '../../lib/output/drift';
import { renderApp } from '../../lib/output/render';
import { buildFleet } from '../../scripts/bench/fleet';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { scannedElements } from '../support/scan-count';
import { thrown } from '../support/synth';

const PIN = '0123456789abcdef0123456789abcdef01234567';
const OPS_URL = 'https://github.com/example/ops.git';

let root: string;
beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'many-apps-')); fs.mkdirSync(path.join(root, 'pins')); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function pin(app: string): void {
  fs.writeFileSync(path.join(root, 'pins', `${app}.sha`), `${PIN}\n`);
}

function ops(outdir = path.join(root, 'dist')): { ops: OpsRepo; kpush: KpushController } {
  const repo = new OpsRepo({ url: OPS_URL, root, outdir });
  const platform = new FolderChart(repo, 'kpush', { folder: 'platform/kpush', namespace: 'kpush' });
  repo.syncFolder(platform);
  return { ops: repo, kpush: new KpushController(platform, 'kpush', { image: KpushController.DEFAULT_IMAGE }) };
}

/** A full delivery of `name` in `scope`, webhook-triggered, with a kpush and a Deployment environment. */
function app(scope: Construct, kpush: KpushController, name: string, over: Partial<AppDeliveryProps> = {}): AppDelivery {
  pin(name);
  return new AppDelivery(scope, name, {
    repository: { url: `https://github.com/example/${name}.git` },
    image: { tag: `docker.io/example/${name}`, builder: ClusterBuilder.fromName('paketo') },
    ci: { gitCredentialsSecret: 'github-credentials' },
    triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
    environments: [
      Environment.kpush({ name: 'dev', namespace: `${name}-dev`, controller: kpush }),
      Environment.deployment({ name: 'prod', namespace: `${name}-prod`, image: `docker.io/example/${name}:1.0.0` }),
    ],
    ...over,
  });
}

/** A Node.js app's checks: Tasks with names of their own, nothing Go-shaped. */
function npmChecks(scope: Construct): Pick<AppDeliveryProps, 'ci'> {
  const check = (id: string, command: string) => new InlineTask(scope, id, {
    workspaces: { source: {} },
    steps: [{ name: id, image: 'docker.io/library/node:22.11.0', workingDir: '$(workspaces.source.path)', script: `#!/bin/sh\nset -eu\nnpm ci\n${command}\n` }],
  });
  return { ci: { gitCredentialsSecret: 'github-credentials', checks: [{ name: 'lint', task: check('npm-lint', 'npm run lint') }, { name: 'test', task: check('npm-test', 'npm test') }] } };
}

/** Three apps in two teams and none: two Go services and a Node.js one. */
function threeApps(outdir?: string): OpsRepo {
  const { ops: repo, kpush } = ops(outdir);
  const payments = new Team(repo, 'payments');
  const web = new Team(repo, 'web');
  app(payments, kpush, 'checkout');
  app(repo, kpush, 'go-sample-app');
  app(web, kpush, 'storefront', npmChecks(web));
  return repo;
}

function objects(files: Map<string, string>): Map<string, any> {
  return new Map([...files].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c)]));
}

describe('three apps in one ops repository', () => {
  test('synthesize; every object passes the CRD schemas and tekton-lint finds nothing', () => {
    const files = objects(renderApp(threeApps()));
    expect(crdViolations([...files.values()])).toEqual([]);
    expect(tektonLintFindings([...files.values()])).toEqual([]);
    const tasks = [...files.values()].filter(o => o.kind === 'Task').map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(tasks).toEqual([
      'checkout-ci/checkout-copy-checkout', 'checkout-ci/checkout-git-clone', 'checkout-ci/checkout-golang-test', 'checkout-ci/checkout-golangci-lint', 'checkout-ci/checkout-pin-revision',
      'go-sample-app-ci/go-sample-app-copy-checkout', 'go-sample-app-ci/go-sample-app-git-clone', 'go-sample-app-ci/go-sample-app-golang-test', 'go-sample-app-ci/go-sample-app-golangci-lint',
      'go-sample-app-ci/go-sample-app-pin-revision',
      'storefront-ci/storefront-copy-checkout', 'storefront-ci/storefront-git-clone', 'storefront-ci/storefront-pin-revision',
    ]);
    const storefront = files.get('web/storefront/tekton/pipeline-storefront-delivery.yaml');
    expect(storefront.spec.tasks.map((t: any) => t.taskSpec ? `${t.name}: inline` : `${t.name}: ${t.taskRef.name}`))
      .toEqual(['fetch-source: storefront-git-clone', 'copy-checkout: storefront-copy-checkout', 'lint: inline', 'test: inline', 'pin-revision: storefront-pin-revision']);
  });

  test('a team\'s apps are under the team\'s folder; every folder is synced by exactly one Application', () => {
    const files = objects(renderApp(threeApps()));
    const folders = [...new Set([...files.keys()].map(f => path.dirname(f)))].sort();
    expect(folders).toEqual([
      'argocd', 'go-sample-app/dev', 'go-sample-app/kpack', 'go-sample-app/prod', 'go-sample-app/tekton',
      'payments/checkout/dev', 'payments/checkout/kpack', 'payments/checkout/prod', 'payments/checkout/tekton',
      'platform/event-listeners', 'platform/kpush', 'web/storefront/dev', 'web/storefront/kpack', 'web/storefront/prod', 'web/storefront/tekton',
    ]);
    const synced = [...files.values()].flatMap(o => {
      if (o.kind === 'Application') return [o.spec.source.path];
      if (o.kind === 'ApplicationSet') return o.spec.generators[0].list.elements.map((e: any) => e.path);
      return [];
    }).sort();
    expect(synced).toEqual(folders.map(f => `dist/${f}`));
  });

  test('synthesis is deterministic, and synthesizing again changes no file', () => {
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    threeApps(a).synthesize();
    threeApps(b).synthesize();
    expect(compareOutput(a, b)).toEqual([]);
    const again = threeApps(a).synthesize().plan;
    expect([...again.added, ...again.changed, ...again.removed]).toEqual([]);
  });

  test('each team has an AppProject that admits exactly what its Applications deploy, and nothing of other teams', () => {
    const files = objects(renderApp(threeApps()));
    const projects = new Map([...files.values()].filter(o => o.kind === 'AppProject').map(o => [o.metadata.name, o]));
    expect([...projects.keys()].sort()).toEqual(['delivery', 'payments', 'web']);
    expect(crdViolations([...projects.values()])).toEqual([]);

    // What each project's Applications deploy, read from the output alone.
    const used = new Map<string, { namespaces: Set<string>; kinds: Set<string>; repos: Set<string> }>();
    const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ClusterBuilder', 'ClusterStack', 'ClusterStore']);
    const syncs: Array<{ project: string; folder: string; namespace: string; repo: string }> = [];
    for (const o of files.values()) {
      if (o.kind === 'Application') {
        syncs.push({ project: o.spec.project, folder: o.spec.source.path.slice('dist/'.length), namespace: o.spec.destination.namespace, repo: o.spec.source.repoURL });
      } else if (o.kind === 'ApplicationSet') {
        for (const e of o.spec.generators[0].list.elements) {
          syncs.push({ project: o.spec.template.spec.project, folder: e.path.slice('dist/'.length), namespace: e.namespace, repo: o.spec.template.spec.source.repoURL });
        }
      }
    }
    for (const s of syncs) {
      const u = used.get(s.project) ?? { namespaces: new Set<string>(), kinds: new Set(['/Namespace']), repos: new Set<string>() };
      used.set(s.project, u);
      u.repos.add(s.repo);
      u.namespaces.add(s.namespace);
      for (const [file, o] of files) {
        if (path.dirname(file) !== s.folder) continue;
        if (clusterScoped.has(o.kind)) u.kinds.add(`${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`);
        else u.namespaces.add(o.metadata.namespace ?? s.namespace);
      }
    }
    for (const [name, project] of projects) {
      const u = used.get(name)!;
      expect({ name, repos: project.spec.sourceRepos }).toEqual({ name, repos: [...u.repos] });
      expect({ name, destinations: project.spec.destinations.map((d: any) => `${d.server}|${d.namespace}`).sort() })
        .toEqual({ name, destinations: [...u.namespaces].map(n => `https://kubernetes.default.svc|${n}`).sort() });
      expect({ name, kinds: project.spec.clusterResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`).sort() })
        .toEqual({ name, kinds: [...u.kinds].sort() });
      expect(JSON.stringify(project.spec)).not.toContain('*');
    }
    expect(projects.get('payments').spec.destinations.map((d: any) => d.namespace)).toEqual(['checkout-build', 'checkout-ci', 'checkout-dev', 'checkout-prod']);
    // The EventListeners' cluster-wide reads are granted once, in the repository's own project.
    expect(projects.get('web').spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
  });

  test('a team folder on a second cluster: the project admits that cluster, by name, for that namespace only', () => {
    const repo = threeApps();
    const payments = Team.of(repo.node.findChild('payments'))!;
    const monitoring = new FolderChart(payments, 'monitoring', { folder: 'payments/monitoring', namespace: 'payments-monitoring' });
    new ApiObject(monitoring, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dashboards' } });
    repo.syncFolder(monitoring, { destination: ApplicationDestination.clusterName('prod-eu') });
    const files = objects(renderApp(repo));
    expect(files.get('argocd/application-payments-monitoring.yaml').spec.destination).toEqual({ name: 'prod-eu', namespace: 'payments-monitoring' });
    const project = files.get('argocd/appproject-payments.yaml');
    expect(project.spec.destinations).toContainEqual({ name: 'prod-eu', namespace: 'payments-monitoring' });
    expect(project.spec.destinations.filter((d: any) => d.name === 'prod-eu')).toHaveLength(1);
    expect(project.spec.destinations).not.toContainEqual({ server: 'https://kubernetes.default.svc', namespace: 'payments-monitoring' });
    expect(crdViolations([project])).toEqual([]);
  });

  test('every Application of a team is in the team\'s project', () => {
    const files = objects(renderApp(threeApps()));
    const projectOf = (prefix: string) => [...files.values()]
      .filter(o => (o.kind === 'Application' || o.kind === 'ApplicationSet') && o.metadata.name.startsWith(prefix))
      .map(o => o.spec.project ?? o.spec.template.spec.project);
    expect(new Set(projectOf('checkout'))).toEqual(new Set(['payments']));
    expect(new Set(projectOf('storefront'))).toEqual(new Set(['web']));
    expect(new Set(projectOf('go-sample-app'))).toEqual(new Set(['delivery']));
  });
});

describe('what must be unique is unique, or an error naming both', () => {
  test('two apps of one name in two teams', () => {
    const { ops: repo, kpush } = ops();
    app(new Team(repo, 'a'), kpush, 'shop');
    expect(thrown(() => app(new Team(repo, 'b'), kpush, 'shop')))
      .toBe("b/shop: app name 'shop' is already the name of the app of a/shop. Give each app in the ops repository its own name");
  });

  test('two apps of one id in one scope', () => {
    const { ops: repo, kpush } = ops();
    app(repo, kpush, 'shop');
    expect(thrown(() => app(repo, kpush, 'shop'))).toBe("(app): id 'shop' is already the id of shop. Give each app in a scope its own id (and name)");
  });

  test('two teams of one name, or a team named like the ops repository\'s own project', () => {
    const { ops: repo } = ops();
    new Team(repo, 'a');
    expect(thrown(() => new Team(repo, 'a2', { name: 'a' }))).toBe("a2: team name 'a' is already the name of the team of a. Give each team in the ops repository its own name");
    expect(thrown(() => new Team(repo, 'delivery'))).toBe("delivery: AppProject name 'delivery' is already the name of the AppProject of argocd/delivery. Give each AppProject in the ops repository its own name");
  });

  test('an app whose folder another chart writes', () => {
    const { ops: repo, kpush } = ops();
    const other = new FolderChart(repo, 'other', { folder: 'shop/tekton', namespace: 'x' });
    repo.syncFolder(other);
    expect(thrown(() => app(repo, kpush, 'shop'))).toBe("shop/ci: folder 'shop/tekton' is already the folder of other. Give every FolderChart its own folder: one folder is what one Argo CD Application syncs");
  });

  test('two Applications for one folder', () => {
    const { ops: repo, kpush } = ops();
    const shop = app(repo, kpush, 'shop');
    new Application(repo.argocd, 'shop-tekton-again', {
      project: repo.project,
      source: ApplicationSource.fromFolderChart(shop.ciChart, repo.repo),
      destination: ApplicationDestination.inCluster('shop-ci'),
    });
    expect(thrown(() => renderApp(repo))).toContain(
      "(app): folder 'shop/tekton' is synced by 2 Argo CD Applications (argocd/shop-tekton, argocd/shop-tekton-again), which would fight over its objects. Sync each folder with one Application: remove all but one");
  });

  test('a folder synced again with other options', () => {
    const { ops: repo } = ops();
    const chart = new FolderChart(repo, 'c', { folder: 'c', namespace: 'c' });
    repo.syncFolder(chart, { syncWave: 1 });
    expect(thrown(() => repo.syncFolder(chart, { syncWave: 2 })))
      .toBe("(app): syncFolder 'c' is already synced by Application c with other options ({\"syncWave\":1}). Sync each folder once, with one set of options");
  });

  test('an environment whose Application name is another Application\'s', () => {
    const { ops: repo, kpush } = ops();
    app(repo, kpush, 'shop-dev');
    expect(thrown(() => app(repo, kpush, 'shop', { environments: [Environment.kpush({ name: 'dev-tekton', controller: kpush })] })))
      .toBe("shop/env-dev-tekton: Application name 'shop-dev-tekton' is already the name of the Application of shop-dev/ci. Give each Application in the ops repository its own name");
  });

  test('any set of distinct app names synthesizes; a repeated one is rejected naming both paths', () => {
    const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
    fc.assert(fc.property(fc.uniqueArray(label, { minLength: 1, maxLength: 4 }), fc.boolean(), (names, repeat) => {
      fs.rmSync(path.join(root, 'pins'), { recursive: true, force: true });
      fs.mkdirSync(path.join(root, 'pins'));
      const { ops: repo, kpush } = ops();
      const teams = [new Team(repo, 'one'), new Team(repo, 'two')];
      names.forEach((n, i) => app(teams[i % 2], kpush, n));
      if (repeat) {
        expect(thrown(() => app(teams[names.length % 2], kpush, names[0])))
          .toMatch(new RegExp(`^(${teams[names.length % 2].node.path}: id '${names[0]}' is already the id of ${teams[0].node.path}/${names[0]}|`
            + `${teams[names.length % 2].node.path}/${names[0]}: app name '${names[0]}' is already the name of the app of ${teams[0].node.path}/${names[0]})`));
      } else {
        const files = objects(renderApp(repo));
        expect([...files.values()].filter(o => o.kind === 'Pipeline').map(o => o.metadata.name).sort()).toEqual(names.map(n => `${n}-delivery`).sort());
      }
    }), { numRuns: 30 });
  });
});

describe('cross-object checks cost no scan per object', () => {
  /** How often the whole tree is walked while synthesizing a fleet of `apps`. */
  function treeWalks(apps: number): number {
    const findAll = Node.prototype.findAll;
    let calls = 0;
    const spy = jest.spyOn(Node.prototype, 'findAll').mockImplementation(function (this: Node, order) {
      if (this.scope === undefined) calls++;
      return findAll.call(this, order);
    });
    try {
      const dir = fs.mkdtempSync(path.join(root, 'fleet-'));
      buildFleet({ apps, root: dir, teamSize: 3 }).synthesize();
    } finally {
      spy.mockRestore();
    }
    return calls;
  }

  test('synthesizing 3 or 12 apps walks the whole tree the same few times', () => {
    const small = treeWalks(3);
    expect(small).toBeLessThanOrEqual(4);
    expect(treeWalks(12)).toBe(small);
  });

  test('each 20 more apps, of every trigger kind, scan as many more elements: no list is searched once per object', () => {
    // Counted, not timed: a search of a growing list per object (O(n²)) adds more for each step than the step
    // before, however small the repository. 20 apps and more are staged on the worker thread, as large ones are.
    const scans = (apps: number) => {
      const dir = fs.mkdtempSync(path.join(root, 'fleet-'));
      return scannedElements(() => buildFleet({ apps, root: dir, teamSize: 5 }).synthesize());
    };
    const [a, b, c] = [20, 40, 60].map(scans);
    expect((c - b) / (b - a)).toBeLessThan(1.05);
  });
});
