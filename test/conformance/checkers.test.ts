// Each conformance checker is shown to fail on a bad input, so a green dist/ check means something.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CrdSchemas, toJsonSchema } from '../support/crd-schemas';
import { compareOutput, driftMessage, ROOT } from '../support/drift';
import { tektonLint } from '../support/tekton-lint';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

describe('schema check', () => {
  // describe.skip still runs this body: load the CRDs only when a test runs
  let schemas: CrdSchemas;
  beforeAll(() => { schemas = new CrdSchemas(); });

  test('names file, object and JSON path of each violation', () => {
    const report = schemas.checkDirectory(path.join(FIXTURES, 'bad-schema'));
    expect(report.errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^application-bad\.yaml: Application\/argocd\/bad: \/spec: unknown field 'destinations'/),
      expect.stringMatching(/^application-bad\.yaml: Application\/argocd\/bad: \/spec\/syncPolicy\/automated\/prune: must be boolean/),
      expect.stringMatching(/^application-bad\.yaml: Application\/argocd\/bad: \/spec: must have required property 'destination'/),
    ]));
  });

  test('reports kinds without a schema and kinds without a CRD instead of passing them silently', () => {
    const report = schemas.check([
      { file: 'a.yaml', index: 0, object: { apiVersion: 'kpack.io/v1alpha2', kind: 'Image', metadata: { name: 'a' } } },
      { file: 'b.yaml', index: 0, object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b' } } },
    ]);
    expect([...report.schemaless]).toEqual(['kpack.io/v1alpha2 Image']);
    expect([...report.noCrd]).toEqual(['apps/v1 Deployment']);
  });

  test('an object matching one of several releases of a CRD passes; matching none lists each release', () => {
    const v014 = {
      apiVersion: 'pipeline.jquad.rocks/v1alpha1', kind: 'PipelineTrigger', metadata: { name: 'p' },
      spec: {
        source: { kind: 'GitRepository', name: 'repo' },
        pipeline: { name: 'build', serviceAccountName: 'default', maxHistory: 3, retries: 2, workspace: { name: 'w', size: '1Gi', accessMode: 'ReadWriteOnce' }, inputParams: [] },
      },
    };
    expect(schemas.check([{ file: 'p.yaml', index: 0, object: v014 }]).errors).toEqual([]);
    const bad = schemas.check([{ file: 'p.yaml', index: 0, object: { ...v014, spec: { source: { kind: 'Nope', name: 'x' } } } }]);
    expect(bad.errors.some(e => e.includes('[pipeline-trigger-operator/v0.1.4/'))).toBe(true);
    expect(bad.errors.some(e => e.includes('[pipeline-trigger-operator/main-4f0f57d/'))).toBe(true);
  });
});

describe('structural schema semantics', () => {
  test('int-or-string, nullable and preserve-unknown-fields', () => {
    expect(toJsonSchema({ 'x-kubernetes-int-or-string': true })).toEqual({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(toJsonSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'object', properties: { a: { type: 'string' } } }).additionalProperties).toBe(false);
    expect(toJsonSchema({ type: 'object', 'properties': {}, 'x-kubernetes-preserve-unknown-fields': true }).additionalProperties).toBeUndefined();
  });
});

describe('tekton-lint check', () => {
  test('a Task with an unused param is reported', () => {
    const { findings } = tektonLint(path.join(FIXTURES, 'bad-tekton'));
    expect(findings).toEqual([expect.objectContaining({
      rule: 'no-unused-param', level: 'warning', path: 'task-unused-param.yaml',
    })]);
  });
});

describe('drift check', () => {
  test('generated files that are not objects are checked too: the front page and each kustomization.yaml', () => {
    const committed = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
    try {
      fs.cpSync(path.join(ROOT, 'dist'), committed, { recursive: true });
      const kustomization = fs.readFileSync(path.join(ROOT, 'dist', '.generated-files'), 'utf8').split('\n').find(f => f.endsWith('/kustomization.yaml'))!;
      fs.appendFileSync(path.join(committed, 'README.md'), 'edited by hand\n');
      fs.rmSync(path.join(committed, kustomization));
      expect(compareOutput(committed, path.join(ROOT, 'dist'))).toEqual(['differs: README.md', `missing: ${kustomization}`]);
    } finally {
      fs.rmSync(committed, { recursive: true, force: true });
    }
  });

  test('a field deleted from a committed file is reported with the file and the fix', () => {
    const committed = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
    try {
      fs.cpSync(path.join(ROOT, 'dist'), committed, { recursive: true });
      const file = fs.readFileSync(path.join(ROOT, 'dist', '.generated-files'), 'utf8').split('\n').find(f => f.endsWith('.yaml'))!;
      const target = path.join(committed, file);
      fs.writeFileSync(target, fs.readFileSync(target, 'utf8').split('\n').filter(l => !l.includes('name:')).join('\n'));
      const problems = compareOutput(committed, path.join(ROOT, 'dist'));
      expect(problems).toEqual([`differs: ${file}`]);
      expect(driftMessage('dist/', problems)).toMatch(/differs: .*\nRun `npm run synth` and commit the result\./);
    } finally {
      fs.rmSync(committed, { recursive: true, force: true });
    }
  });

  test('a generated file that is missing, or no longer generated, is drift', () => {
    const committed = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
    try {
      fs.cpSync(path.join(ROOT, 'dist'), committed, { recursive: true });
      const list = path.join(committed, '.generated-files');
      const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
      fs.rmSync(path.join(committed, files[0]));
      fs.writeFileSync(path.join(committed, 'old.yaml'), 'kind: Old\n');
      fs.appendFileSync(list, 'old.yaml\n');
      fs.writeFileSync(path.join(committed, 'notes.yaml'), 'kind: Mine\n');
      expect(compareOutput(committed, path.join(ROOT, 'dist'))).toEqual([
        `missing: ${files[0]}`, 'differs: .generated-files', 'no longer generated: old.yaml',
      ]);
    } finally {
      fs.rmSync(committed, { recursive: true, force: true });
    }
  });
});

describe('schema check of a partial CRD schema', () => {
  test('apiVersion, kind and metadata are kept even when the schema lists only spec (kpush)', () => {
    const ok = { apiVersion: 'crd.whizzosoftware.com/v1alpha1', kind: 'ImageDeploy', metadata: { name: 'x' }, spec: { deployment: { spec: { replicas: 1 } } } };
    const schemas = new CrdSchemas();
    expect(schemas.check([{ file: 'x.yaml', index: 0, object: ok }]).errors).toEqual([]);
    const bad = { ...ok, spec: { deployment: { spec: { replicas: 11, strategy: {} } } } };
    expect(schemas.check([{ file: 'x.yaml', index: 0, object: bad }]).errors).toEqual([
      "x.yaml: ImageDeploy/x: /spec/deployment/spec: unknown field 'strategy' (the API server would drop it)",
      'x.yaml: ImageDeploy/x: /spec/deployment/spec/replicas: must be <= 10',
    ]);
  });
});
