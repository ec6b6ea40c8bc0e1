// The one-source-of-truth promise, for real: the pin step, run exactly as synthesized against a real ops
// repository made of real synthesis output, leaves dist/ byte-identical to what synthesis makes of the new pin.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { UNPINNED } from '../../lib/catalog/scripts';
import { renderApp } from '../../lib/output/render';
import { writeOutput } from '../../lib/output/writer';
import { GitWorld } from '../catalog/scripts/harness';
import { readBlob } from '../support/git-fixtures';
import { delivery, driftAfterPin as driftAfterOf, opsRepo, publishOps } from './fixtures';

let world: GitWorld;
beforeAll(async () => { world = await GitWorld.start(); });
afterAll(async () => world.stop());

/** Synthesizes the ops app of a checkout at `root` into `outdir`; returns the pin step's params from the Pipeline. */
function synth(root: string, outdir: string): { [name: string]: string } {
  const { ops, kpush } = opsRepo(root);
  delivery(ops, kpush, { triggers: { fluxPolling: {} } });
  const files = renderApp(ops);
  writeOutput(outdir, files);
  const pipeline = YAML.parse(files.get('go-sample-app/tekton/pipeline-go-sample-app-delivery.yaml')!);
  const task = pipeline.spec.tasks.find((t: any) => t.name === 'pin-revision');
  return Object.fromEntries(task.params.map((p: any) => [p.name, p.value]));
}

/** A bare ops repository on the git server holding `pins/` and a synthesized `dist/`, pinned to `pin`. */
function createSynthesizedOps(pin: string): { url: string; bare: string; params: { [name: string]: string } } {
  const work = world.dir('ops-work-');
  fs.mkdirSync(path.join(work, 'pins'));
  fs.writeFileSync(path.join(work, 'pins', 'go-sample-app.sha'), `${pin}\n`);
  const params = synth(work, path.join(work, 'dist'));
  return { ...publishOps(world, work, 'ops-roundtrip'), params };
}

/** The drift between the ops repository's dist/ and a fresh synthesis of its checkout. */
function driftAfterPin(bare: string): string[] {
  return driftAfterOf(world, bare, synth);
}

async function pin(ops: { url: string; params: { [name: string]: string } }, revision: string) {
  const { app, 'pin-file': pinFile, 'image-file': imageFile, 'ops-branch': opsBranch, 'image-template': imageTemplate, 'generated-list': generatedList } = ops.params;
  return world.pin(ops.url, revision, {
    params: { app, 'pin-file': pinFile, 'image-file': imageFile, 'ops-branch': opsBranch, 'image-template': imageTemplate, 'generated-list': generatedList },
  });
}

beforeEach(() => jest.spyOn(process.stderr, 'write').mockImplementation(() => true));
afterEach(() => jest.restoreAllMocks());

test('from nothing pinned, two successive pins each leave dist/ exactly what synthesis makes', async () => {
  const ops = createSynthesizedOps(UNPINNED);
  expect(ops.params['image-file']).toBe('dist/go-sample-app/kpack/image-go-sample-app.yaml');
  // Nothing pinned: no Image in dist/ until the first pin writes it.
  expect(() => readBlob(ops.bare, ops.params['image-file'])).toThrow();
  expect(driftAfterPin(ops.bare)).toEqual([]);

  const first = await pin(ops, world.app.commits[2]);
  expect(first.stderr + first.stdout).toContain('has no pinned commit yet');
  expect(first.status).toBe(0);
  expect(readBlob(ops.bare, 'pins/go-sample-app.sha')).toBe(`${world.app.commits[2]}\n`);
  expect(YAML.parse(readBlob(ops.bare, ops.params['image-file'])).spec.source.git.revision).toBe(world.app.commits[2]);
  expect(driftAfterPin(ops.bare)).toEqual([]);

  const second = await pin(ops, world.app.commits[3]);
  expect(second.status).toBe(0);
  expect(readBlob(ops.bare, 'pins/go-sample-app.sha')).toBe(`${world.app.commits[3]}\n`);
  expect(driftAfterPin(ops.bare)).toEqual([]);
});

test('an older commit after a newer one leaves the pin and dist/ alone', async () => {
  const ops = createSynthesizedOps(world.app.commits[3]);
  const before = readBlob(ops.bare, 'dist/go-sample-app/kpack/image-go-sample-app.yaml');
  const run = await pin(ops, world.app.commits[1]);
  expect(run.status).toBe(0);
  expect(run.stderr + run.stdout).toContain(`newer commit ${world.app.commits[3]} already pinned for go-sample-app`);
  expect(readBlob(ops.bare, 'dist/go-sample-app/kpack/image-go-sample-app.yaml')).toBe(before);
  expect(driftAfterPin(ops.bare)).toEqual([]);
});
