// Labels and annotations as the API server checks them, on every object of the output.
import { ApiObject } from 'cdk8s';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { qualifiedNameProblem, labelValueProblem } from '../../lib/core/metadata-rules';
import { FolderChart } from '../../lib/output/folder-chart';
import { OpsApp } from '../../lib/output/ops-app';
import { renderApp } from '../../lib/output/render';
import { synthProblems } from '../support/synth';

function objectWith(metadata: { labels?: { [k: string]: string }; annotations?: { [k: string]: string } }) {
  const app = new OpsApp({ outdir: 'unused' });
  const chart = new FolderChart(app, 'c', { folder: 'f', namespace: 'ns' });
  new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', ...metadata } });
  return app;
}

const alnum = fc.constantFrom(...'abcXYZ019');
const middle = fc.constantFrom(...'abcXYZ019-_.');
/** Valid label names and values from the grammar: [a-zA-Z0-9] ([-_.a-zA-Z0-9]* [a-zA-Z0-9])?, at most 63. */
const labelName = fc.tuple(alnum, fc.array(middle, { maxLength: 40 }), alnum).map(([a, m, z]) => `${a}${m.join('')}${z}`);
const prefix = fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/), { minLength: 1, maxLength: 3 }).map(p => p.join('.'));
const labelKey = fc.oneof(labelName, fc.tuple(prefix, labelName).map(([p, n]) => `${p}/${n}`));

describe('labels and annotations', () => {
  test('valid keys and values synthesize and read back as given (1,000 cases)', () => {
    fc.assert(fc.property(fc.dictionary(labelKey, fc.oneof(labelName, fc.constant(''))), fc.dictionary(labelKey, fc.string()), (labels, annotations) => {
      const files = renderApp(objectWith({ labels, annotations }));
      const o = YAML.parse(files.get('f/configmap-x.yaml')!);
      expect(o.metadata.labels ?? {}).toEqual(labels);
      expect(o.metadata.annotations ?? {}).toEqual(annotations);
    }), { numRuns: 1000 });
  });

  test('any key or value with a character outside the grammar is refused in our format (2,000 cases)', () => {
    const bad = fc.tuple(labelName, fc.constantFrom(' ', '\n', '\t', ':', '/x/', '@', 'ü', '"', '#'), labelName).map(([a, b, c]) => `${a}${b}${c}`);
    fc.assert(fc.property(bad, value => {
      expect(labelValueProblem(value)).toBeDefined();
      const problems = synthProblems(objectWith({ labels: { app: value } }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^c: metadata\.labels\["app"\] '.*' of the ConfigMap at c\/cm is not letters, digits/);
      expect(problems[0]).not.toContain('\n');
    }), { numRuns: 2000 });
  });

  test.each([
    [{ labels: { 'app': 'line\nbreak' } }, "c: metadata.labels[\"app\"] 'line\\nbreak' of the ConfigMap at c/cm is not letters, digits, '-', '_' and '.' starting and ending with a letter or digit (or empty)"],
    [{ labels: { 'app': 'with space' } }, "c: metadata.labels[\"app\"] 'with space' of the ConfigMap at c/cm is not letters"],
    [{ labels: { 'app': 'x'.repeat(64) } }, 'is 64 characters long, more than the 63 a label value may have'],
    [{ labels: { 'my key': 'v' } }, "c: metadata.labels key 'my key' of the ConfigMap at c/cm has a name part that is not letters"],
    [{ labels: { 'Example.com/x': 'v' } }, "has a prefix 'Example.com' that is not a DNS-1123 subdomain"],
    [{ annotations: { 'k/': 'v' } }, "c: metadata.annotations key 'k/' of the ConfigMap at c/cm has an empty name"],
    [{ annotations: { big: 'x'.repeat(300 * 1024) } }, "c: metadata.annotations '307203 bytes' of the ConfigMap at c/cm are larger than the 262144 bytes (256 KiB) the API server allows all annotations of an object together. Keep large data out of annotations"],
  ])('%# refused: %s', (metadata, message) => {
    expect(synthProblems(objectWith(metadata)).join('\n')).toContain(message);
  });

  test('qualified names: the rules of IsQualifiedName', () => {
    expect(qualifiedNameProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(qualifiedNameProblem('argocd.argoproj.io/sync-wave')).toBeUndefined();
    expect(qualifiedNameProblem('a/b/c')).toBeDefined();
    expect(qualifiedNameProblem(`${'a'.repeat(254)}/x`)).toBeDefined();
    expect(qualifiedNameProblem('x'.repeat(64))).toBeDefined();
  });
});
