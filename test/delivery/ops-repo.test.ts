import * as fs from 'fs';
import * as YAML from 'yaml';
import { ApiObject } from 'cdk8s';
import { UNPINNED } from '../../lib/catalog/scripts';
import { OpsRepo, PinFiles } from '../../lib/delivery';
import { FolderChart } from '../../lib/output/folder-chart';
import { renderApp } from '../../lib/output/render';
import { crdViolations } from '../support/conformance';
import { opsRoot } from './fixtures';

let root: string;
beforeEach(() => { root = opsRoot(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function repo(): OpsRepo {
  return new OpsRepo({ url: 'https://github.com/example/ops.git', root, outdir: `${root}/dist` });
}

describe('OpsRepo', () => {
  test('an empty ops repository: the AppProject and the root Application (snapshot)', () => {
    expect(Object.fromEntries(renderApp(repo()))).toMatchSnapshot();
  });

  test('the root Application syncs the argocd folder that holds every Application, itself included', () => {
    const ops = repo();
    const files = renderApp(ops);
    const root = YAML.parse(files.get('argocd/application-delivery-root.yaml')!);
    expect(root.spec.source).toEqual({ repoURL: 'https://github.com/example/ops.git', path: 'dist/argocd', targetRevision: 'main' });
    expect(root.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io/foreground']);
    expect(YAML.parse(files.get('argocd/appproject-delivery.yaml')!).spec.sourceRepos).toEqual(['https://github.com/example/ops.git']);
    expect(crdViolations([...files].filter(([f]) => f.endsWith('.yaml')).map(([, c]) => YAML.parse(c)))).toEqual([]);
  });

  test('syncFolder derives the path from the chart and is idempotent', () => {
    const ops = repo();
    const chart = new FolderChart(ops, 'c', { folder: 'team/app', namespace: 'app' });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    const a = ops.syncFolder(chart, { syncWave: 2 });
    expect(ops.syncFolder(chart)).toBe(a);
    const app = YAML.parse(renderApp(ops).get('argocd/application-team-app.yaml')!);
    expect(app.spec.source.path).toBe('dist/team/app');
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'app' });
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '2' });
  });

  test('a folder that no Application syncs fails synthesis', () => {
    const ops = repo();
    new FolderChart(ops, 'orphan', { folder: 'orphan' });
    expect(() => renderApp(ops)).toThrow("(app): folder 'orphan' is not synced by any Argo CD Application, so it never reaches the cluster. Call syncFolder() on the OpsRepo for chart 'orphan'");
  });
});

describe('PinFiles', () => {
  test('reads the pin and the unpinned marker', () => {
    expect(new PinFiles(root).read('go-sample-app')).toBe('0123456789abcdef0123456789abcdef01234567');
    fs.writeFileSync(`${root}/pins/go-sample-app.sha`, `${UNPINNED}\n`);
    expect(new PinFiles(root).read('go-sample-app')).toBe(UNPINNED);
  });

  test('refuses upper case and a missing newline', () => {
    fs.writeFileSync(`${root}/pins/go-sample-app.sha`, `${'A'.repeat(40)}\n`);
    expect(() => new PinFiles(root).read('go-sample-app')).toThrow(/is not a full lower-case 40-hex commit SHA/);
    fs.writeFileSync(`${root}/pins/go-sample-app.sha`, 'a'.repeat(40));
    expect(() => new PinFiles(root).read('go-sample-app')).toThrow(/on one line/);
  });
});

describe('PinFiles, careless edits', () => {
  test('a CRLF line ending is named as such, not as a bad SHA', () => {
    fs.writeFileSync(`${root}/pins/go-sample-app.sha`, '0123456789abcdef0123456789abcdef01234567\r\n');
    expect(() => new PinFiles(root).read('go-sample-app')).toThrow(
      "pins/go-sample-app.sha: pin file of app 'go-sample-app' ends its line with CRLF (a Windows line ending, e.g. from an editor or git's autocrlf). Write it with a plain \\n ending");
  });
});
