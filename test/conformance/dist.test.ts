// Conformance of the committed dist/: CRD schemas, tekton-lint, and drift against a fresh synthesis.
import * as fs from 'fs';
import * as path from 'path';
import { CrdSchemas } from '../support/crd-schemas';
import { compareOutput, driftMessage, ROOT, synthToTemp } from '../support/drift';
import { tektonLint } from '../support/tekton-lint';

const DIST = path.join(ROOT, 'dist');
describe('dist/ against the upstream CRD schemas', () => {
  test('every object with a CRD schema validates against it', () => {
    const report = new CrdSchemas().checkDirectory(DIST);
    if (report.schemaless.size > 0) {
      // eslint-disable-next-line no-console
      console.info(`CRDs without a schema (checked by our constructs instead): ${[...report.schemaless].sort().join(', ')}`);
    }
    expect(report.errors).toEqual([]);
    expect(report.checked.size).toBeGreaterThan(0);
  });
});

describe('dist/ under @ibm/tekton-lint', () => {
  test('no errors and no warnings', () => {
    const { files, findings } = tektonLint(DIST);
    expect(files).toBeGreaterThan(0);
    expect(findings.map(f => `${f.path}:${f.line} ${f.level} ${f.rule}: ${f.message}`)).toEqual([]);
  });
});

describe('dist/ drift', () => {
  test('a fresh synthesis gives byte-identical files', () => {
    const fresh = synthToTemp();
    try {
      const problems = compareOutput(DIST, fresh);
      if (problems.length > 0) throw new Error(driftMessage('dist/', problems));
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
