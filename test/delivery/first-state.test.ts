// Before the first pin: no kpack Image is rendered (kpack cannot fetch git's null id, and kpush would watch an
// Image that never built); the Pipeline carries the Image as synthesis renders it at the null id, which the
// first pin writes with the tested commit: byte for byte what synthesis makes of the new pin.
import * as fs from 'fs';
import * as YAML from 'yaml';
import { UNPINNED } from '../../lib/catalog/scripts';
import { renderApp } from '../../lib/output/render';
import { delivery, opsRepo, opsRoot, PIN } from './fixtures';

const roots: string[] = [];
afterEach(() => { for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true }); });

function render(pin: string): Map<string, string> {
  const root = opsRoot(pin);
  roots.push(root);
  const { ops, kpush } = opsRepo(root);
  delivery(ops, kpush);
  return renderApp(ops);
}

function pinParams(files: Map<string, string>): { [name: string]: string } {
  const pipeline = YAML.parse(files.get('go-sample-app/tekton/pipeline-go-sample-app-delivery.yaml')!);
  const task = pipeline.spec.tasks.find((t: any) => t.name === 'pin-revision');
  return Object.fromEntries(task.params.map((p: any) => [p.name, p.value]));
}

test('unpinned: no Image, its folder and Application stay; kpush\'s ImageDeploy names the Image it will wait for', () => {
  const files = render(UNPINNED);
  expect([...files.keys()].filter(f => f.includes('/kpack/'))).toEqual(['go-sample-app/kpack/serviceaccount-kpack-bot.yaml']);
  expect(files.has('argocd/application-go-sample-app-kpack.yaml')).toBe(true);
  expect(YAML.parse(files.get('go-sample-app/dev/imagedeploy-go-sample-app.yaml')!).spec.deployment.spec.template.spec.containers[0].image).toBe('REF=go-sample-app');
  expect([...files.values()].some(c => c.includes(`revision: "${UNPINNED}"`) && !c.includes('kind: Pipeline'))).toBe(false);
});

test('the template the first pin writes, with the tested commit, is exactly the Image synthesis renders for it', () => {
  const unpinned = render(UNPINNED);
  const pinned = render(PIN);
  const params = pinParams(unpinned);
  expect(params['generated-list']).toBe('dist/.generated-files');
  const written = params['image-template'].replace(`revision: "${UNPINNED}"`, `revision: "${PIN}"`);
  expect(written).toBe(pinned.get(params['image-file'].slice('dist/'.length)));
  // The Pipeline does not change with the pin: the pin commit touches only the pin file, the Image and the list.
  expect(pinParams(pinned)).toEqual(params);
  const listed = (files: Map<string, string>) => files.get('.generated-files')!.split('\n').filter(Boolean);
  expect(listed(pinned).filter(f => !listed(unpinned).includes(f))).toEqual(['go-sample-app/kpack/image-go-sample-app.yaml']);
  expect([...pinned.keys()].filter(f => f !== '.generated-files' && f !== 'go-sample-app/kpack/image-go-sample-app.yaml' && pinned.get(f) !== unpinned.get(f))).toEqual([]);
});
