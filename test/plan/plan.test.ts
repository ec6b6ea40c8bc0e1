// plan on real git repositories: synthesized in memory (dist/ never written), compared per Argo CD
// Application with the committed dist/ or a git ref, field by field.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { formatPlanMarkdown, formatPlanText, plan, planHasChanges, PLAN_CHANGES } from '../../lib';
import { git } from '../support/git-fixtures';
import { digest, gitIdentity, PROD_SERVER, repoState, shop, shopRepo, writePins } from '../promotion/shop';

let root: string;
beforeAll(gitIdentity);
beforeEach(() => { root = shopRepo(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const pinProd = (app: string, n: number) => fs.writeFileSync(path.join(root, 'pins', `${app}.prod.image`), `${digest(app, n)}\n`);

describe('plan', () => {
  test('nothing changed', () => {
    const p = plan({ root, load: r => shop(r) });
    expect(planHasChanges(p)).toBe(false);
    expect(formatPlanText(p)).toBe('No changes: the synthesis equals dist.\n');
  });

  test('a pin change: one field of one object of one Application; dist/ is not written', () => {
    pinProd('go-sample-app', 5);
    const before = repoState(root);
    const p = plan({ root, load: r => shop(r) });
    expect(repoState(root)).toEqual(before);
    expect(p.applications).toEqual([{
      application: 'go-sample-app-prod',
      folder: 'shop/go-sample-app/prod',
      cluster: PROD_SERVER,
      changes: [{
        kind: 'changed', object: 'Deployment go-sample-app/go-sample-app', file: 'shop/go-sample-app/prod/deployment-go-sample-app.yaml',
        fields: [{ path: 'spec.template.spec.containers[go-sample-app].image', before: digest('go-sample-app', 0), after: digest('go-sample-app', 5) }],
      }],
    }]);
    expect(formatPlanText(p)).toBe([
      `Application go-sample-app-prod (shop/go-sample-app/prod) on cluster ${PROD_SERVER}`,
      '  ~ Deployment go-sample-app/go-sample-app',
      `      spec.template.spec.containers[go-sample-app].image: ${digest('go-sample-app', 0)} → ${digest('go-sample-app', 5)}`,
      '1 Application changes against dist: 0 object(s) added, 1 changed, 0 removed.',
      '',
    ].join('\n'));
  });

  test('Markdown for a pull request: one collapsible section per Application', () => {
    pinProd('go-sample-app', 5);
    pinProd('storefront', 6);
    fs.writeFileSync(path.join(root, 'pins', 'storefront.staging.image'), 'docker.io/example/storefront:1.4.0\n');
    expect(formatPlanMarkdown(plan({ root, load: r => shop(r) }))).toMatchSnapshot();
  });

  test('an app added and an app removed', () => {
    writePins(root, ['billing']);
    const p = plan({ root, load: r => shop(r, { apps: ['billing', 'go-sample-app'] }) });
    const summary = p.applications.map(a => `${a.application}: ${a.changes.map(c => `${c.kind} ${c.object}`).join(', ')}`);
    expect(summary.filter(s => s.startsWith('storefront-'))).toEqual([
      expect.stringMatching(/^storefront-dev: removed Deployment storefront-dev\/storefront, removed ImageDeploy storefront-dev\/storefront, removed Role storefront-dev\/kpush-controller, removed RoleBinding storefront-dev\/kpush-controller, removed Service storefront-dev\/storefront$/),
      expect.stringMatching(/^storefront-kpack: removed Image storefront-build\/storefront, removed ServiceAccount storefront-build\/kpack-bot$/),
      'storefront-prod: removed Deployment storefront/storefront, removed Service storefront/storefront',
      'storefront-staging: removed Deployment storefront-staging/storefront, removed Service storefront-staging/storefront',
      expect.stringMatching(/^storefront-tekton: removed /),
    ]);
    expect(summary.filter(s => s.startsWith('billing-')).map(s => s.split(':')[0])).toEqual(['billing-dev', 'billing-kpack', 'billing-prod', 'billing-staging', 'billing-tekton']);
    expect(p.applications.find(a => a.application === 'billing-prod')!.changes.every(c => c.kind === 'added')).toBe(true);
    const argocd = p.applications.find(a => a.application === 'delivery-root')!;
    expect(argocd.changes.filter(c => c.kind !== 'changed').map(c => `${c.kind} ${c.object}`)).toEqual([
      ...['dev', 'kpack', 'prod', 'staging', 'tekton'].map(e => `added Application argocd/billing-${e}`),
      ...['dev', 'kpack', 'prod', 'staging', 'tekton'].map(e => `removed Application argocd/storefront-${e}`),
    ]);
    const project = argocd.changes.find(c => c.object === 'AppProject argocd/shop')!;
    expect(project.fields.map(f => f.path)).toContain('spec.destinations[0].namespace');
  });

  test('against a git ref', () => {
    pinProd('go-sample-app', 5);
    git(root, ['checkout', '-q', '-b', 'next']);
    shop(root).synthesize();
    git(root, ['commit', '-q', '-am', 'Promote go-sample-app to prod']);
    expect(planHasChanges(plan({ root, load: r => shop(r) }))).toBe(false);
    expect(planHasChanges(plan({ root, load: r => shop(r), ref: 'next' }))).toBe(false);
    const p = plan({ root, load: r => shop(r), ref: 'main' });
    expect(p.against).toBe('main:dist');
    expect(p.applications.map(a => a.application)).toEqual(['go-sample-app-prod']);
    expect(() => plan({ root, load: r => shop(r), ref: 'no-such-branch' })).toThrow(`ref 'no-such-branch' names no commit of the repository at ${fs.realpathSync(root)}. `
      + 'Give a branch, tag or commit that exists (git branch -a and git tag list them; fetch a remote branch first)');
  });
});

describe('npm run plan and npm run promote', () => {
  const repo = path.resolve(__dirname, '..', '..');
  test('plan of this repository: no change, exit 0; a change, exit 2', () => {
    const clean = spawnSync('node', ['scripts/run-ts.js', 'lib/cli/bin.ts', 'plan'], { cwd: repo, encoding: 'utf8' });
    expect(clean.stdout).toContain('No changes: the synthesis equals dist.');
    expect(clean.status).toBe(0);
    expect(PLAN_CHANGES).toBe(2);
  });

  test('promote without its arguments prints the usage', () => {
    const bad = spawnSync('node', ['scripts/run-ts.js', 'lib/cli/bin.ts', 'promote', 'go-sample-app'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Usage: cdk8s-push-delivery promote <app> <from> <to> [--no-commit] [--from-cluster]');
  });

  test('promote with bad arguments exits 1 and writes nothing', () => {
    const before = execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' });
    const bad = spawnSync('node', ['scripts/run-ts.js', 'lib/cli/bin.ts', 'promote', 'go-sample-app', 'prod', '--image', 'docker.io/x@sha256:1'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe("promote: image 'docker.io/x@sha256:1' has digest 'sha256:1', which is not sha256:<64 lower-case hex digits>, so it is not an image reference. "
      + 'Give the image by digest, e.g. docker.io/org/app@sha256:<64 hex digits>\nNothing was written.\n');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe(before);
  });
});
