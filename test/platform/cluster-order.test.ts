// Would the committed dist/ come up on a cluster that runs only Argo CD? The bootstrap set holds every
// AppProject its Applications need; every API group an object uses is built in or installed by dist/
// itself at an earlier sync wave, by Applications that retry; no kpack Image is at git's null id.
import * as fs from 'fs';
import * as path from 'path';
import { app } from '../../main';
import { Platform } from '../../lib';
import { UNPINNED } from '../../lib/catalog/scripts';
import { apiGroup } from '../../lib/core/kinds';
import { ROOT } from '../support/drift';
import { readManifests } from '../support/manifests';

const DIST = path.join(ROOT, 'dist');
const manifests = readManifests(DIST);
const objects = manifests.map(m => m.object);
const wave = (o: any) => Number(o.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const applications = objects.filter(o => o.kind === 'Application');
const projects = new Map(objects.filter(o => o.kind === 'AppProject').map(o => [o.metadata.name, o]));

/** The folder (under dist/) each Application or ApplicationSet element syncs, with its wave and sync policy. */
function syncers(): Map<string, { name: string; wave: number; syncPolicy: any }> {
  const out = new Map<string, { name: string; wave: number; syncPolicy: any }>();
  for (const a of applications) out.set(a.spec.source.path.replace(/^dist\//, ''), { name: a.metadata.name, wave: wave(a), syncPolicy: a.spec.syncPolicy });
  for (const set of objects.filter(o => o.kind === 'ApplicationSet')) {
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

test('every API group in dist/ is built in or installed by dist/ at an earlier wave, and every Application retries', () => {
  const platform = Platform.of(app)!;
  const bySyncer = syncers();
  const installedAt = new Map<string, number>();
  for (const c of platform.components) {
    if (c.mode !== 'install') continue;
    const syncer = bySyncer.get(c.chart!.folder)!;
    for (const group of c.release!.apiGroups) installedAt.set(group, syncer.wave);
  }
  const problems: string[] = [];
  for (const m of manifests) {
    const folder = path.dirname(m.file);
    if (folder === 'argocd') continue;
    const group = apiGroup(m.object.apiVersion);
    if (Platform.isBuiltIn(group)) continue;
    const syncer = bySyncer.get(folder)!;
    const at = installedAt.get(group);
    if (at === undefined || at >= syncer.wave) problems.push(`${m.file}: ${group} installed at wave ${at}, used at wave ${syncer.wave} by ${syncer.name}`);
  }
  expect(problems).toEqual([]);
  for (const [folder, s] of bySyncer) {
    expect({ folder, retry: s.syncPolicy.retry.limit > 0, skip: s.syncPolicy.syncOptions.includes('SkipDryRunOnMissingResource=true') })
      .toEqual({ folder, retry: true, skip: true });
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
