// A base-image update leads to a new build, for real: Flux's ImagePolicy selects a new tag; the PipelineTrigger's
// run passes it, as the operator does, to the Pipeline; the pin step, run exactly as synthesized against a real
// ops repository of real synthesis output, records <image>:<tag> in the kpack Image's build variable and in
// pins/<app>.base-image, in one commit that synthesis reproduces byte for byte. The only change to the Image is
// its spec.build.env, which kpack compares to decide that a build is needed (buildpacks-community/kpack
// pkg/reconciler/image/build_required.go @v0.17.2, configChange over spec.build.env); Argo CD applies the commit
// (the -kpack Application syncs automatically), kpack builds, and kpush rolls out the build's latestImage.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { TagPolicy } from '../../lib';
import { UNPINNED, UNRECORDED } from '../../lib/catalog/scripts';
import { renderApp } from '../../lib/output/render';
import { writeOutput } from '../../lib/output/writer';
import { GitWorld } from '../catalog/scripts/harness';
import { commitLog, git, readBlob } from '../support/git-fixtures';
import { delivery, driftAfterPin as driftAfterOf, opsRepo, publishOps } from './fixtures';

const APP = 'go-sample-app';
const IMAGE_FILE = `dist/${APP}/kpack/image-${APP}.yaml`;
const BASE_FILE = `pins/${APP}.base-image`;
const GOLANG = 'docker.io/library/golang';

// Each test runs the pin step a few times against real git over HTTP, and synthesizes twice per run.
jest.setTimeout(60_000);

let world: GitWorld;
beforeAll(async () => { world = await GitWorld.start(); });
afterAll(async () => world.stop());
beforeEach(() => jest.spyOn(process.stderr, 'write').mockImplementation(() => true));
afterEach(() => jest.restoreAllMocks());

interface Synthesized { readonly files: Map<string, string>; readonly pinParams: { [name: string]: string }; readonly trigger: any; readonly pipeline: any }

/** Synthesizes the ops repository at `root` (Flux polling and base-image updates) into `outdir`. */
function synth(root: string, outdir: string): Synthesized {
  const { ops, kpush } = opsRepo(root);
  delivery(ops, kpush, { triggers: { fluxPolling: {}, baseImageUpdates: { image: GOLANG, policy: TagPolicy.semver('1.25.x') } } });
  const files = renderApp(ops);
  writeOutput(outdir, files);
  const pipeline = YAML.parse(files.get(`${APP}/tekton/pipeline-${APP}-delivery.yaml`)!);
  const task = pipeline.spec.tasks.find((t: any) => t.name === 'pin-revision');
  const trigger = YAML.parse(files.get(`${APP}/flux/pipelinetrigger-${APP}-on-base-image.yaml`)!);
  return { files, pinParams: Object.fromEntries(task.params.map((p: any) => [p.name, p.value])), trigger, pipeline };
}

/** A bare ops repository on the git server holding pins/ and a synthesized dist/. */
function createOps(pin: string, recorded?: string): { url: string; bare: string; synthesized: Synthesized } {
  const work = world.dir('ops-work-');
  fs.mkdirSync(path.join(work, 'pins'));
  fs.writeFileSync(path.join(work, 'pins', `${APP}.sha`), `${pin}\n`);
  if (recorded) fs.writeFileSync(path.join(work, BASE_FILE), `${recorded}\n`);
  const synthesized = synth(work, path.join(work, 'dist'));
  return { ...publishOps(world, work, 'ops-base-image'), synthesized };
}

/** The drift between the ops repository's dist/ and a fresh synthesis of its checkout. */
function driftAfterPin(bare: string): string[] {
  return driftAfterOf(world, bare, synth);
}

/**
 * The params of the PipelineRun the operator creates for an ImagePolicy event: a value starting with '$' is a
 * JSONPath of the event's details {imageName, imageVersion, repositoryName}, taken whole
 * (jquad-group/pipeline-trigger-operator api/v1alpha1/pipelinetrigger_types.go createParam and
 * imagepolicy_types.go GenerateDetails @4f0f57d).
 */
function runParams(trigger: any, event: { imageName: string; imageVersion: string; repositoryName: string }): { [name: string]: string } {
  return Object.fromEntries(trigger.spec.pipelineRun.spec.params.map((p: any) => [p.name,
    typeof p.value === 'string' && p.value.startsWith('$') ? (event as any)[p.value.replace(/^\$\./, '')] : p.value]));
}

/** Runs the pin step with the Pipeline's pin params, the run's params substituted, as a PipelineRun does. */
async function pinStep(ops: { url: string; synthesized: Synthesized }, run: { [name: string]: string }, commit: string) {
  const params: { [name: string]: string } = {};
  for (const [name, value] of Object.entries(ops.synthesized.pinParams)) {
    if (name === 'revision' || name === 'ops-url' || name === 'author-name' || name === 'author-email') continue;
    params[name] = value.replace(/\$\(params\.([a-z-]+)\)/g, (_, p: string) => run[p] ?? ops.synthesized.pipeline.spec.params.find((x: any) => x.name === p)?.default ?? '');
  }
  return world.pin(ops.url, commit, { params });
}

const imageOf = (bare: string) => YAML.parse(readBlob(bare, IMAGE_FILE));
const baseEnv = (image: any) => image.spec.build.env.find((e: any) => e.name === 'BASE_IMAGE')?.value;

describe('a new base image tag rebuilds the pinned commit', () => {
  test('the trigger passes the tag; the pin records it in the Image\'s build variable and pins/, and nothing else changes', async () => {
    const head = world.app.commits[3];
    const ops = createOps(head);
    const before = imageOf(ops.bare);
    expect(baseEnv(before)).toBe(UNRECORDED);
    expect(ops.synthesized.trigger.spec.source).toEqual({ apiVersion: 'image.toolkit.fluxcd.io/v1', kind: 'ImagePolicy', name: `${APP}-base-image-policy` });

    // The event of a new tag; the run checks the branch head (fetch-source resolves the branch to that commit).
    const run = runParams(ops.synthesized.trigger, { imageName: 'golang', imageVersion: '1.25.4', repositoryName: 'library' });
    expect(run).toEqual({ 'repo-url': 'https://github.com/example/go-sample-app.git', 'revision': 'master', 'base-image-tag': '1.25.4' });
    const result = await pinStep(ops, run, head);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Recording base image ${GOLANG}:1.25.4 (was ${UNRECORDED}): kpack builds ${head} again with it`);

    expect(readBlob(ops.bare, BASE_FILE)).toBe(`${GOLANG}:1.25.4\n`);
    const after = imageOf(ops.bare);
    // The one difference kpack sees: spec.build.env, a CONFIG change that needs a build; the revision stays.
    expect(after.spec.source).toEqual(before.spec.source);
    expect(baseEnv(after)).toBe(`${GOLANG}:1.25.4`);
    expect({ ...after, spec: { ...after.spec, build: undefined } }).toEqual({ ...before, spec: { ...before.spec, build: undefined } });
    const [last] = commitLog(ops.bare);
    expect(last.subject).toBe(`Rebuild ${APP} ${head} with base image ${GOLANG}:1.25.4`);
    expect(last.body).toContain(`Base image: ${GOLANG}:1.25.4`);
    expect(driftAfterPin(ops.bare)).toEqual([]);

    // The same tag again: nothing to do, no commit.
    const again = await pinStep(ops, run, head);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`${APP} is already pinned to ${head} with base image ${GOLANG}:1.25.4; nothing to do`);
    expect(commitLog(ops.bare)[0].sha).toBe(last.sha);

    // A newer tag replaces the record (one line of each file).
    const newer = await pinStep(ops, { ...run, 'base-image-tag': '1.25.5' }, head);
    expect(newer.status).toBe(0);
    expect(readBlob(ops.bare, BASE_FILE)).toBe(`${GOLANG}:1.25.5\n`);
    expect(git(ops.bare, ['diff', '--numstat', 'HEAD~1', 'HEAD']).trim().split('\n').sort())
      .toEqual([`1\t1\t${IMAGE_FILE}`, `1\t1\t${BASE_FILE}`]);
    expect(driftAfterPin(ops.bare)).toEqual([]);
  });

  test('a commit run moves the pin and keeps the record; a base-image run on a newer head pins and records in one commit', async () => {
    const [, c2, c3, c4] = world.app.commits;
    const ops = createOps(c2, `${GOLANG}:1.25.3`);
    expect(baseEnv(imageOf(ops.bare))).toBe(`${GOLANG}:1.25.3`);

    // Flux polling's run passes no tag (the Pipeline's default ''): the record stays.
    const commitRun = await pinStep(ops, { 'repo-url': 'x', 'revision': c3 }, c3);
    expect(commitRun.status).toBe(0);
    expect(readBlob(ops.bare, `pins/${APP}.sha`)).toBe(`${c3}\n`);
    expect(readBlob(ops.bare, BASE_FILE)).toBe(`${GOLANG}:1.25.3\n`);
    expect(commitLog(ops.bare)[0].subject).toBe(`Pin ${APP} to ${c3}`);
    expect(driftAfterPin(ops.bare)).toEqual([]);

    const both = await pinStep(ops, { 'base-image-tag': '1.25.4' }, c4);
    expect(both.status).toBe(0);
    expect(commitLog(ops.bare)[0].subject).toBe(`Pin ${APP} to ${c4} with base image ${GOLANG}:1.25.4`);
    expect(git(ops.bare, ['diff', '--numstat', 'HEAD~1', 'HEAD']).trim().split('\n').sort())
      .toEqual([`1\t1\t${BASE_FILE}`, `1\t1\tpins/${APP}.sha`, `2\t2\t${IMAGE_FILE}`]);
    expect(driftAfterPin(ops.bare)).toEqual([]);
  });

  test('a base-image run of an older commit than the pin records nothing: the record goes with what was tested', async () => {
    const [c1, , , c4] = world.app.commits;
    const ops = createOps(c4);
    const before = commitLog(ops.bare)[0].sha;
    const run = await pinStep(ops, { 'base-image-tag': '1.25.4' }, c1);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`newer commit ${c4} already pinned for ${APP}`);
    expect(commitLog(ops.bare)[0].sha).toBe(before);
    expect(() => readBlob(ops.bare, BASE_FILE)).toThrow();
  });

  test('from nothing pinned, a base-image run writes the Image from the template with the commit and the record', async () => {
    const head = world.app.commits[3];
    const ops = createOps(UNPINNED);
    expect(() => readBlob(ops.bare, IMAGE_FILE)).toThrow();
    const run = await pinStep(ops, { 'base-image-tag': '1.25.4' }, head);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const image = imageOf(ops.bare);
    expect(image.spec.source.git.revision).toBe(head);
    expect(baseEnv(image)).toBe(`${GOLANG}:1.25.4`);
    expect(driftAfterPin(ops.bare)).toEqual([]);
  });

  test('from nothing pinned with a base image recorded, a commit run writes the Image with that record', async () => {
    const head = world.app.commits[3];
    const ops = createOps(UNPINNED, `${GOLANG}:1.25.3`);
    const run = await pinStep(ops, {}, head);
    expect(run.status).toBe(0);
    expect(baseEnv(imageOf(ops.bare))).toBe(`${GOLANG}:1.25.3`);
    expect(driftAfterPin(ops.bare)).toEqual([]);
  });

  test('a tag that is no image tag is refused before anything is cloned', async () => {
    const ops = createOps(world.app.commits[3]);
    const run = await pinStep(ops, { 'base-image-tag': '1.25;rm -rf /' }, world.app.commits[3]);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("param base-image-tag '1.25;rm -rf /' is not an image tag. Pass the tag the ImagePolicy selected");
  });
});
