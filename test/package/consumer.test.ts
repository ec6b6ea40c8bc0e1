// The package as a team outside this repository gets it: `npm pack`, a fresh app (test/package/consumer/)
// that installs the tarball offline from the npm cache, compiles with tsc under strict settings and runs
// through the package's bin with plain node, its manifests held to the checks of our own dist/.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CrdSchemas } from '../support/crd-schemas';
import { readManifests } from '../support/manifests';
import { formatFindings, podSecurityFindings } from '../support/pod-security';
import { rbacFindings } from '../support/rbac';
import { tektonLint } from '../support/tekton-lint';
import { ROOT } from '../support/drift';
import { thrown } from '../support/synth';
import { pack, Packed, run, Run, succeeded, writeProject } from './consumer-app';

const BIN = path.join('node_modules', '.bin', 'cdk8s-push-delivery');

let work: string;
let app: string;
let packed: Packed;
let compiled: Run;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
  app = path.join(work, 'stranger-ops');
  packed = pack(work);
  fs.cpSync(path.join(__dirname, 'consumer'), app, { recursive: true });
  writeProject(app, packed, ['cdk8s', 'cdk8s-plus-27', 'constructs'], ['typescript', '@types/node']);
  const install = run(app, 'npm', 'install', '--offline', '--no-audit', '--no-fund');
  if (install.status !== 0) {
    throw new Error(`${thrown(() => succeeded(install))}\nThe app installs from the npm cache only, which npm ci of this repository fills: run npm ci first.`);
  }
  compiled = run(app, process.execPath, path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false');
  succeeded(run(app, process.execPath, BIN, 'synth', 'main.js'));
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the compiled library, its declarations, the bin, README and LICENSE: no sources, tests or manifests', () => {
  const outside = packed.files.filter(f => !/^build\/(lib|imports)\/.+\.(js|d\.ts)$/.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f));
  expect(outside).toEqual([]);
  expect(packed.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/cli/bin.js']));
  expect(packed.files.filter(f => /^(test|dist|pins|examples|schemas|scripts|lib|imports)\//.test(f))).toEqual([]);
});

test('the installed package writes a large output on its worker thread, with the YAML writer it ships', () => {
  // 600 objects: over the threshold at which the YAML and the files are written on a worker thread, which
  // rebuilds the writer from the installed build/lib/output/yaml-writer.js.
  const script = [
    "const { ApiObject } = require('cdk8s');",
    "const { OpsApp, FolderChart } = require('cdk8s-push-delivery');",
    "const app = new OpsApp({ outdir: 'large-out' });",
    "const chart = new FolderChart(app, 'c', { folder: 'ci', namespace: 'ci' });",
    "for (let i = 0; i < 600; i++) new ApiObject(chart, 'cm' + i, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-' + i }, data: { sha: '0123456789abcdef0123456789abcdef01234567' } });",
    'const report = app.synthesize();',
    'console.log(report.files.size, report.plan.added.length);',
  ].join('\n');
  expect(succeeded(run(app, process.execPath, '-e', script)).stdout.trim()).toBe('601 601');
  expect(fs.readFileSync(path.join(app, 'large-out', 'ci', 'configmap-cm-599.yaml'), 'utf8')).toBe(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-599\n  namespace: ci\ndata:\n  sha: "0123456789abcdef0123456789abcdef01234567"\n');
});

test('tsc compiles the app with strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and skipLibCheck false', () => {
  const errors = compiled.stdout.split('\n').filter(l => /: error TS\d+:/.test(l));
  // cdk8s-plus-27's own declarations break exactOptionalPropertyTypes (upstream src/base.ts: the getter
  // `resourceName: string | undefined` implements `IApiResource.resourceName?: string`); nothing else may.
  const upstream = (l: string) => l.startsWith('node_modules/cdk8s-plus-27/lib/') && l.includes('error TS2420:');
  expect(errors.filter(l => !upstream(l))).toEqual([]);
  expect(compiled.stdout.split('\n').filter(l => l.startsWith('  ') && l.includes("Types of property '") && !l.includes("'resourceName'"))).toEqual([]);
  expect(fs.existsSync(path.join(app, 'main.js'))).toBe(true);
});

describe('the manifests the bin synthesizes from the compiled app', () => {
  const dist = () => path.join(app, 'dist');

  test('deliver both services to staging and production, with the team\'s own Task among the checks', () => {
    const objects = readManifests(dist()).map(m => m.object);
    const applications = objects.filter(o => o.kind === 'Application').map(o => `${o.metadata.name} -> ${o.spec.destination.name ?? o.spec.destination.server}`);
    expect(applications).toEqual(expect.arrayContaining([
      'ledger-staging -> staging', 'ledger-prod -> https://prod.example.com:6443',
      'storefront-staging -> staging', 'storefront-prod -> https://prod.example.com:6443',
    ]));
    const pipeline = objects.find(o => o.kind === 'Pipeline' && o.metadata.name === 'storefront-delivery');
    expect(pipeline.spec.tasks.map((t: any) => `${t.name}:${t.taskRef.name}`)).toEqual(expect.arrayContaining(['test:storefront-test', 'audit:storefront-audit']));
    expect(objects.filter(o => o.kind === 'Task').map(o => o.metadata.name)).toContain('storefront-audit');
  });

  test('validate against the upstream CRD schemas', () => {
      const report = new CrdSchemas().checkDirectory(dist());
    expect(report.errors).toEqual([]);
    expect(report.checked.size).toBeGreaterThan(0);
  });

  test('pass @ibm/tekton-lint with no errors and no warnings', () => {
      const { files, findings } = tektonLint(dist());
    expect(files).toBeGreaterThan(0);
    expect(findings.map(f => `${f.path}:${f.line} ${f.level} ${f.rule}: ${f.message}`)).toEqual([]);
  });

  test('run every pod and step under the restricted Pod Security Standard, and grant only what each controller calls', () => {
      const manifests = readManifests(dist());
    expect(formatFindings(podSecurityFindings(manifests))).toEqual([]);
    expect(rbacFindings(manifests)).toEqual([]);
  });
});

test('cdk8s synth compiles main.ts and runs the bin as the app\'s cdk8s.yaml says: dist/ is written through the writer, the CLI\'s folder is scratch', () => {
  const before = fs.readFileSync(path.join(app, 'dist', '.generated-files'), 'utf8');
  // An edit of main.ts since the last compile reaches dist/: cdk8s.yaml's app compiles before it synthesizes.
  const main = path.join(app, 'main.ts');
  fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('cluster: production, replicas: 2', 'cluster: production, replicas: 3'));
  // The CLI asks the npm registry whether it is current unless its cache (~/.cdk8s-cli.version) says so.
  const home = path.join(work, 'home');
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, '.cdk8s-cli.version'), require(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'package.json')).version);
  const cli = run(app, 'env', `HOME=${home}`, 'CDK8S_OUTDIR=', path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), 'synth');
  succeeded(cli);
  expect(cli.stderr).toContain('dist: ');
  expect(cli.stderr).toContain('0 added, 2 changed, 0 removed');
  const prod = readManifests(path.join(app, 'dist')).map(m => m.object).filter(o => o.kind === 'Deployment' && o.metadata.namespace === o.metadata.name);
  expect(prod.map(o => `${o.metadata.name}: ${o.spec.replicas}`).sort()).toEqual(['ledger: 3', 'storefront: 3']);
  expect(fs.readdirSync(path.join(app, '.cdk8s-out'))).toEqual(['README.md']);
  expect(fs.readFileSync(path.join(app, 'dist', '.generated-files'), 'utf8')).toBe(before);
}, 120_000);

test('plan and promote run on the compiled entry: promote loads it again after writing the pin', () => {
  const plan = run(app, process.execPath, BIN, 'plan', '--entry', 'main.js');
  expect(`${plan.status} ${plan.stdout}`).toContain('0 No changes: the synthesis equals dist.');
  const staging = fs.readFileSync(path.join(app, 'pins', 'storefront.staging.image'), 'utf8').trim();
  succeeded(run(app, process.execPath, BIN, 'promote', 'storefront', 'staging', 'prod', '--no-commit', '--entry', 'main.js'));
  expect(fs.readFileSync(path.join(app, 'pins', 'storefront.prod.image'), 'utf8')).toBe(`${staging}\n`);
  const prod = readManifests(path.join(app, 'dist')).map(m => m.object).find(o => o.kind === 'Deployment' && o.metadata.namespace === 'storefront');
  expect(prod.spec.template.spec.containers[0].image).toBe(staging);
});

test('a wrong entry fails with the message and the fix, no stack trace, exit 1', () => {
  const ts = run(app, process.execPath, BIN, 'synth', 'main.ts');
  expect(ts.status).toBe(1);
  expect(ts.stderr).toBe("entry 'main.ts' is TypeScript, and esbuild, which runs it without a compile step, is not installed. "
    + 'Compile it first (npx tsc) and give the .js file, or install esbuild: npm install --save-dev esbuild\n');
  fs.writeFileSync(path.join(app, 'empty.js'), 'exports.notTheApp = 1;\n');
  const empty = run(app, process.execPath, BIN, 'plan', '--entry', 'empty.js');
  expect(empty.status).toBe(1);
  expect(empty.stderr).toBe("plan: empty.js: export 'app' is missing. Export the app the file builds: export const app = new OpsRepo({ ... })\n");
});
