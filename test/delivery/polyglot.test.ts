// A Node.js and a Java service beside the Go one in one ops repository: catalog checks of their ecosystems,
// a Task shared by a team's apps, and kpack build settings through AppDelivery.
import * as fs from 'fs';
import * as path from 'path';
import { Size } from 'cdk8s';
import * as YAML from 'yaml';
import { JavaCheckTask, NodeCheckTask } from '../../lib/catalog';
import { AppDelivery, Environment, OpsRepo, Team } from '../../lib/delivery';
import { ClusterBuilder } from '../../lib/kpack';
import { KpushController } from '../../lib/operators';
import { FolderChart } from '../../lib/output/folder-chart';
import { renderApp } from '../../lib/output/render';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { synthProblems } from '../support/synth';
import { delivery, opsRepo, opsRoot } from './fixtures';

let root: string;
beforeEach(() => {
  root = opsRoot();
  fs.writeFileSync(path.join(root, 'pins', 'shop.sha'), `${'ab'.repeat(20)}\n`);
  fs.writeFileSync(path.join(root, 'pins', 'orders.sha'), `${'0'.repeat(40)}\n`); // nothing pinned yet
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A Node.js app and a Java app in team `web`, whose CI namespace `web-ci` holds one shared Task. */
function polyglot(ops: OpsRepo, kpush: KpushController): { shop: AppDelivery; orders: AppDelivery } {
  const web = new Team(ops, 'web');
  const shared = new FolderChart(web, 'shared-ci', { folder: 'web/shared-tekton', namespace: 'web-ci' });
  ops.syncFolder(shared, { name: 'web-shared-tekton' });
  const nodeTest = new NodeCheckTask(shared, 'web-node-test', { metadata: { name: 'web-node-test' }, scripts: 'test' });
  const common = (app: string) => ({
    repository: { url: `https://github.com/example/${app}.git` },
    triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
    environments: [Environment.kpush({ name: 'dev', controller: kpush })],
    namespaces: { ci: 'web-ci', build: `${app}-build` },
  });
  const shop = new AppDelivery(web, 'shop', {
    ...common('shop'),
    image: {
      tag: 'docker.io/example/shop', builder: ClusterBuilder.fromName('paketo-nodejs'),
      build: { env: { BP_NODE_VERSION: '22.*', BP_NODE_RUN_SCRIPTS: 'build' }, resources: { memory: { limit: Size.gibibytes(2) } } },
    },
    ci: {
      gitCredentialsSecret: 'github-credentials', serviceAccountName: 'shop-runner',
      checks: [{ name: 'lint', task: new NodeCheckTask(shared, 'shop-lint', { metadata: { name: 'shop-lint' }, scripts: 'lint' }) }, { name: 'test', task: nodeTest }],
    },
  });
  const orders = new AppDelivery(web, 'orders', {
    ...common('orders'),
    image: { tag: 'docker.io/example/orders', builder: ClusterBuilder.fromName('paketo-java'), build: { env: { BP_JVM_VERSION: '21' } } },
    ci: { gitCredentialsSecret: 'github-credentials', serviceAccountName: 'orders-runner', checks: [{ name: 'verify', task: new JavaCheckTask(shared, 'orders-verify', { metadata: { name: 'orders-verify' }}) }] },
  });
  return { shop, orders };
}

function render(ops: OpsRepo): Map<string, any> {
  const files = renderApp(ops);
  files.delete('.generated-files');
  return new Map([...files].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c as string)]));
}

describe('a Node.js and a Java service beside a Go one', () => {
  test('every object passes the CRD schemas and tekton-lint; the checks are the ecosystems\' catalog Tasks', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush);
    polyglot(ops, kpush);
    const objects = render(ops);
    expect(crdViolations([...objects.values()])).toEqual([]);
    expect(tektonLintFindings([...objects.values()])).toEqual([]);
    const tasks = (file: string) => objects.get(file).spec.tasks.map((t: any) => `${t.name}: ${t.taskRef.name}`);
    expect(tasks('web/shop/tekton/pipeline-shop-delivery.yaml'))
      .toEqual(['fetch-source: shop-git-clone', 'copy-checkout: shop-copy-checkout', 'lint: shop-lint', 'test: web-node-test', 'pin-revision: shop-pin-revision']);
    expect(tasks('web/orders/tekton/pipeline-orders-delivery.yaml'))
      .toEqual(['fetch-source: orders-git-clone', 'copy-checkout: orders-copy-checkout', 'verify: orders-verify', 'pin-revision: orders-pin-revision']);
    // The shared Task is one object in the team's shared folder, referenced by object.
    expect([...objects.keys()].filter(f => f.includes('web-node-test'))).toEqual(['web/shared-tekton/task-web-node-test.yaml']);
  });

  test('kpack build settings reach the Image and the template the first pin writes', () => {
    const { ops, kpush } = opsRepo(root);
    const { shop, orders } = polyglot(ops, kpush);
    const objects = render(ops);
    expect(objects.get('web/shop/kpack/image-shop.yaml').spec.build).toEqual({
      env: [{ name: 'BP_NODE_VERSION', value: '22.*' }, { name: 'BP_NODE_RUN_SCRIPTS', value: 'build' }],
      resources: { limits: { memory: '2Gi' } },
    });
    expect(shop.image.builder).toBeDefined();
    const template = objects.get('web/orders/tekton/pipeline-orders-delivery.yaml').spec.tasks.find((t: any) => t.name === 'pin-revision')
      .params.find((p: any) => p.name === 'image-template').value;
    expect(YAML.parse(template).spec.build).toEqual({ env: [{ name: 'BP_JVM_VERSION', value: '21' }] });
    expect(orders.appName).toBe('orders');
  });

  test('a check Task in a namespace the Pipeline cannot reach is an error naming both and the fix', () => {
    const { ops, kpush } = opsRepo(root);
    const elsewhere = new FolderChart(ops, 'elsewhere', { folder: 'platform/ci-tasks', namespace: 'ci-tasks' });
    ops.syncFolder(elsewhere);
    delivery(ops, kpush, { ci: { gitCredentialsSecret: 'git', checks: [{ name: 'test', task: new NodeCheckTask(elsewhere, 'far-test', { metadata: { name: 'far-test' }}) }] } });
    expect(synthProblems(ops).join('\n'))
      .toMatch(/spec\.tasks\[test\]\.taskRef 'Task 'far-test'' is in namespace 'ci-tasks', but a run of .* looks Tasks up in 'go-sample-app-ci'\. Create the Task in the Pipeline's namespace/);
  });
});
