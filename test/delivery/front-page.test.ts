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

/** The `namespace/name` of each row of the front page's Secrets table. */
function listedSecrets(readme: string): string[] {
  const section = readme.split('### Secrets')[1].split('###')[0];
  return section.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| namespace')).map(l => {
    const [ns, name] = l.split('|').slice(1, 3).map(c => c.trim());
    return `${ns}/${name}`;
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
  expect(readme).toContain('| billing-build | billing-git | kubernetes.io/basic-auth | `password`, `username` | `kpack.io/git: https://github.com` |');
  expect(YAML.parse(files.get('finance/billing/kpack/serviceaccount-kpack-bot.yaml')!).secrets).toEqual([{ name: 'ghcr' }, { name: 'billing-git' }]);
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
