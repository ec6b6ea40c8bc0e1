// Would the committed dist/ (and each example with a Platform) come up on a cluster that runs only Argo CD and
// what its front page lists? The bootstrap set holds every AppProject its Applications need; every API group an
// object uses is built in, installed by the repository itself at an earlier sync wave, by Applications that
// retry, or served by a component the front page lists as already in the cluster; no kpack Image is at git's
// null id.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { app } from '../../main';
import { Platform, PlatformComponent, RELEASES, TagPolicy } from '../../lib';
import { renderApp } from '../../lib/output/render';
import { delivery, opsRepo } from '../delivery/fixtures';
import { UNPINNED } from '../../lib/catalog/scripts';
import { apiGroup } from '../../lib/core/kinds';
import { ROOT } from '../support/drift';
import { Manifest, readManifests } from '../support/manifests';

const DIST = path.join(ROOT, 'dist');
const manifests = readManifests(DIST);
const objects = manifests.map(m => m.object);
const wave = (o: any) => Number(o.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const applications = objects.filter(o => o.kind === 'Application');
const projects = new Map(objects.filter(o => o.kind === 'AppProject').map(o => [o.metadata.name, o]));

/** The folder (under dist/) each Application or ApplicationSet element of `all` syncs, with its wave and sync policy. */
function syncers(all: readonly any[]): Map<string, { name: string; wave: number; syncPolicy: any }> {
  const out = new Map<string, { name: string; wave: number; syncPolicy: any }>();
  for (const a of all.filter(o => o.kind === 'Application')) out.set(a.spec.source.path.replace(/^dist\//, ''), { name: a.metadata.name, wave: wave(a), syncPolicy: a.spec.syncPolicy });
  for (const set of all.filter(o => o.kind === 'ApplicationSet')) {
    for (const e of set.spec.generators[0].list.elements) {
      out.set(e.path.replace(/^dist\//, ''), { name: `${set.metadata.name}-${e.element}`, wave: wave(set), syncPolicy: set.spec.template.spec.syncPolicy });
    }
  }
  return out;
}

test('the bootstrap set holds the root Application and the AppProject it needs; every other project syncs before its Applications', () => {
  const bootstrap = app.bootstrapFiles.map(f => readManifests(DIST).find(m => m.file === f)!.object);
  expect(bootstrap.map(o => o.kind)).toEqual(['AppProject', 'Application']);
  const [project, root] = bootstrap;
  expect(root.spec.project).toBe(project.metadata.name);
  expect(app.bootstrapCommand).toBe('kubectl apply -n argocd -f dist/argocd/appproject-delivery.yaml -f dist/argocd/application-delivery-root.yaml');
  for (const a of applications.filter(x => x !== root && x.metadata.name !== root.metadata.name)) {
    const p = projects.get(a.spec.project);
    expect({ app: a.metadata.name, project: a.spec.project, exists: !!p }).toEqual({ app: a.metadata.name, project: a.spec.project, exists: true });
    expect(wave(p)).toBeLessThan(wave(a));
  }
});

test('the README\'s bootstrap section and the front page give exactly this command', () => {
  const bootstrap = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('### Bootstrap')[1].split('\n## ')[0];
  expect(bootstrap).toContain(`\`\`\`sh\n${app.bootstrapCommand}\n\`\`\``);
  expect(fs.readFileSync(path.join(DIST, 'README.md'), 'utf8')).toContain(`\`\`\`sh\n${app.bootstrapCommand}\n\`\`\``);
});

/**
 * Every ops repository of this project that has a Platform, with its synthesized output: the repository's own
 * dist/ and each example that installs its platform.
 */
const REPOSITORIES = [
  { name: 'dist', app, dist: DIST },
  ...fs.readdirSync(path.join(ROOT, 'examples')).sort().map(name => ({ name: `examples/${name}`, app: require(path.join(ROOT, 'examples', name, 'main.ts')).app, dist: path.join(ROOT, 'examples', name, 'dist') })),
].filter(r => Platform.of(r.app));

test('a repository of this project with a Platform is checked here: dist/ and examples/flux-polling at least', () => {
  expect(REPOSITORIES.map(r => r.name)).toEqual(expect.arrayContaining(['dist', 'examples/flux-polling']));
});

/**
 * What keeps `manifests` (the output of `ops`) from coming up: an object of an API group that is neither built
 * in, nor installed by an Application of an earlier wave, nor served by a component the front page lists as
 * already in the cluster; an Application that does not retry or would dry-run missing kinds.
 */
function orderProblems(ops: any, manifests: readonly Manifest[], frontPage: string): string[] {
  const bySyncer = syncers(manifests.map(m => m.object));
  const installedAt = new Map<string, number>();
  const preinstalled = new Set<string>();
  for (const c of Platform.of(ops)!.components) {
    if (c.mode === 'install') for (const group of c.release!.apiGroups) installedAt.set(group, bySyncer.get(c.chart!.folder)!.wave);
    // Already in the cluster: a prerequisite, which the front page must say.
    if (c.mode === 'preinstalled' && frontPage.includes(`- ${c.component} ${c.running!.version} runs in the cluster already`)) {
      for (const group of RELEASES[c.component].apiGroups) preinstalled.add(group);
    }
  }
  const problems: string[] = [];
  for (const m of manifests) {
    const folder = path.dirname(m.file);
    if (folder === 'argocd') continue;
    const group = apiGroup(m.object.apiVersion);
    if (Platform.isBuiltIn(group) || preinstalled.has(group)) continue;
    const syncer = bySyncer.get(folder)!;
    const at = installedAt.get(group);
    if (at === undefined || at >= syncer.wave) problems.push(`${m.file}: ${group} installed at wave ${at}, used at wave ${syncer.wave} by ${syncer.name}`);
  }
  for (const [folder, s] of bySyncer) {
    if (folder !== 'argocd' && !(s.syncPolicy.retry.limit > 0 && s.syncPolicy.syncOptions.includes('SkipDryRunOnMissingResource=true'))) {
      problems.push(`${folder}: ${s.name} does not retry or dry-runs missing kinds`);
    }
  }
  return problems;
}

describe.each(REPOSITORIES)('$name', ({ app: ops, dist }) => {
  test('every API group is built in, installed at an earlier wave, or served by a component the front page lists as a prerequisite; every Application retries', () => {
    expect(orderProblems(ops, readManifests(dist), fs.readFileSync(path.join(dist, 'README.md'), 'utf8'))).toEqual([]);
  });
});

test('a component declared already in the cluster is a prerequisite on the front page, and the check accepts it only then', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-'));
  try {
    fs.mkdirSync(path.join(root, 'pins'));
    fs.writeFileSync(path.join(root, 'pins', 'go-sample-app.sha'), `${'a'.repeat(40)}\n`);
    const { ops, kpush } = opsRepo(root);
    new Platform(ops, 'platform', { flux: PlatformComponent.preinstalled('v2.8.8'), pipelineTriggerOperator: PlatformComponent.preinstalled('main-4f0f57d') });
    delivery(ops, kpush, { triggers: { fluxPolling: {}, baseImageUpdates: { image: 'docker.io/library/golang', policy: TagPolicy.semver('1.25.x') } } });
    const files = renderApp(ops);
    const manifests = [...files].filter(([f]) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml')).map(([file, text]) => ({ file, index: 0, object: YAML.parse(text) }));
    const readme = files.get('README.md')!;
    expect(readme).toContain('- flux v2.8.8 runs in the cluster already (PlatformComponent.preinstalled): nothing here installs it');
    expect(readme).toContain('- pipeline-trigger-operator main-4f0f57d runs in the cluster already');
    expect(readme).toContain('git checkout 4f0f57d2c724bce4e5813366af7bcb9f09984897 && docker build');
    expect(orderProblems(ops, manifests, readme)).toEqual([]);
    // Without the prerequisite on the front page, the Flux and operator objects would wait for nothing.
    expect(orderProblems(ops, manifests, '')).toEqual(expect.arrayContaining([expect.stringMatching(/^go-sample-app\/flux\/gitrepository-go-sample-app\.yaml: source\.toolkit\.fluxcd\.io installed at wave undefined/)]));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('optional components never share a folder with the core CI: Flux and PipelineTrigger objects sync on their own', () => {
  const optional = new Set(['source.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io', 'pipeline.jquad.rocks']);
  for (const folder of new Set(manifests.map(m => path.dirname(m.file)))) {
    const groups = new Set(manifests.filter(m => path.dirname(m.file) === folder).map(m => apiGroup(m.object.apiVersion)));
    if (groups.has('tekton.dev') || groups.has('triggers.tekton.dev')) expect({ folder, optional: [...groups].filter(g => optional.has(g)) }).toEqual({ folder, optional: [] });
  }
});

test('no kpack Image is ever at git\'s null id', () => {
  const images = objects.filter(o => o.kind === 'Image' && apiGroup(o.apiVersion) === 'kpack.io');
  for (const image of images) expect(image.spec.source.git.revision).not.toBe(UNPINNED);
});
