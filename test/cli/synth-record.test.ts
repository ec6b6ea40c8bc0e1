// The record of a synthesis (lib/cli/synth-record.ts), through the real command (`node scripts/synth.js`)
// on an ops repository of three teams on two clusters (Go, Java, Node.js and Python services): a synthesis
// with nothing changed does not run the app and writes nothing, and anything the app read, or any file of its
// output, that changes makes it synthesize again.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ROOT } from '../support/drift';

const SKIPPED = 'so it was not run again';

let repo: string;
beforeEach(() => {
  repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synth-record-')));
  fs.cpSync(path.join(ROOT, 'examples', 'multi-team'), repo, { recursive: true });
  fs.rmSync(path.join(repo, 'dist'), { recursive: true });
  // node_modules of its own (so that its cache is its own), with the library's packages and one of the repository's
  fs.mkdirSync(path.join(repo, 'node_modules'));
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name !== '.cache') fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(repo, 'node_modules', name));
  }
  write('node_modules/ops-registry/package.json', '{ "name": "ops-registry", "version": "1.0.0", "main": "index.js" }\n');
  write('node_modules/ops-registry/index.js', "exports.host = 'docker.io';\n");
  write('lib/sizes.ts', 'export const catalogReplicas = 2;\n');
  write('settings/a.json', '{ "builder": "paketo-nodejs" }\n');
  write('settings/b.json', '{ "builder": "paketo-nodejs-22" }\n');
  fs.symlinkSync(path.join('settings', 'a.json'), path.join(repo, 'settings.json'));
  write('pins/catalog.sha', `${'c'.repeat(40)}\n`);
  write('pins/catalog.prod.image', `docker.io/example/catalog@sha256:${'ab'.repeat(32)}\n`);
  // A fourth app whose settings come from each kind of input: a file of the repository it imports, a package,
  // a file it reads through a link, a variable of the environment.
  const main = read('main.ts').replace("'../../lib'", `'${path.relative(repo, path.join(ROOT, 'lib'))}'`)
    .replace("import * as path from 'path';", "import * as fs from 'fs';\nimport * as path from 'path';\nimport { catalogReplicas } from './lib/sizes';")
    .replace('if (require.main === module) app.synth();', `
const registry = (require('ops-registry') as { host: string }).host;
const settings = JSON.parse(fs.readFileSync(path.join(__dirname, 'settings.json'), 'utf8')) as { builder: string };
new AppDelivery(web, 'catalog', {
  repository: { url: 'https://github.com/example/catalog.git' },
  image: { tag: \`\${registry}/example/catalog\`, builder: ClusterBuilder.fromName(settings.builder) },
  ci: { gitCredentialsSecret: 'github-credentials', checks: ci => [{ name: 'test', task: new NodeCheckTask(ci, 'test', { scripts: 'test' }) }] },
  triggers: trigger,
  environments: [Environment.deployment({ name: 'prod', namespace: 'catalog', cluster: production, replicas: Number(process.env.CATALOG_REPLICAS ?? catalogReplicas) })],
});
`);
  write('main.ts', main);
  settle();
});
afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

/**
 * Waits until files written now are older than the time stamps' resolution, as they are when edited by hand:
 * a bundle made of files changed while esbuild read them is not kept, nor a synthesis that ran it recorded.
 */
const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  fs.writeFileSync(path.join(repo, rel), text);
}
const read = (rel: string) => fs.readFileSync(path.join(repo, rel), 'utf8');

/** `node scripts/synth.js <args>` in `cwd` (the repository); its stderr. */
function synth(args: string[] = ['main.ts'], env: NodeJS.ProcessEnv = {}, cwd = repo): string {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), ...args], {
    cwd, encoding: 'utf8', env: { ...withoutTestVariables(), ...env },
  });
  if (run.status !== 0 && !env.SYNTH_FAULT) throw new Error(`synth failed (exit ${run.status}):\n${run.stderr}`);
  return run.stderr;
}

function withoutTestVariables(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['CATALOG_REPLICAS', 'CDK8S_OUTDIR', 'SYNTH_FAULT', 'SYNTH_PAUSE']) delete env[name];
  return env;
}

/** Every file and folder below the output directory, with its inode, times and size: what any write changes. */
function disk(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const stat = fs.lstatSync(path.join(repo, 'dist', rel), { bigint: true });
    out.set(rel, `${stat.ino} ${stat.mtimeNs} ${stat.ctimeNs} ${stat.size}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(path.join(repo, 'dist', rel))) walk(path.join(rel, name));
  };
  walk('.');
  return out;
}

const catalogProd = () => YAML.parse(read('dist/web/catalog/prod/deployment-catalog.yaml'));
const catalogImage = () => YAML.parse(read('dist/web/catalog/kpack/image-catalog.yaml'));

/** Synthesizes twice, the second time from the record: what is on disk stays as it is. */
function recorded(): Map<string, string> {
  expect(synth()).not.toContain(SKIPPED);
  const before = disk();
  expect(synth()).toContain(SKIPPED);
  expect(disk()).toEqual(before);
  return before;
}

/** The next synthesis runs the app; the one after it has nothing to do again. */
function runsAgain(env: NodeJS.ProcessEnv = {}): void {
  settle();
  expect(synth(['main.ts'], env)).not.toContain(SKIPPED);
  expect(synth(['main.ts'], env)).toContain(SKIPPED);
}

test('with nothing changed, synth does not run the app and writes nothing: every file and folder keeps its inode and times', () => {
  const before = recorded();
  expect(before.size).toBeGreaterThan(100);
  expect(catalogProd().spec.replicas).toBe(2);
  const stderr = synth();
  expect(stderr).toMatch(new RegExp(`^${repo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/dist: \\d+ files; 0 added, 0 changed, 0 removed \\(nothing the app read has changed`, 'm'));
  expect(disk()).toEqual(before);
  expect(fs.readdirSync(repo).filter(n => n.includes('staging'))).toEqual([]);
}, 120_000);

test('a changed pin file makes it synthesize again, with the new commit', () => {
  recorded();
  write('pins/catalog.sha', `${'d'.repeat(40)}\n`);
  runsAgain();
  expect(catalogImage().spec.source.git.revision).toBe('d'.repeat(40));
}, 120_000);

test('a changed entry, or a file of the repository it imports, makes it synthesize again', () => {
  recorded();
  write('main.ts', read('main.ts').replace("namespace: 'catalog'", "namespace: 'catalog-shop'"));
  runsAgain();
  expect(catalogProd().metadata.namespace).toBe('catalog-shop');
  write('lib/sizes.ts', 'export const catalogReplicas = 4;\n');
  runsAgain();
  expect(catalogProd().spec.replicas).toBe(4);
}, 120_000);

test('a changed package in node_modules makes it synthesize again', () => {
  recorded();
  write('node_modules/ops-registry/index.js', "exports.host = 'ghcr.io';\n");
  runsAgain();
  expect(catalogImage().spec.tag).toBe('ghcr.io/example/catalog');
}, 120_000);

test('a variable of the environment the app reads, set, changed or unset, makes it synthesize again; one it does not read does not', () => {
  recorded();
  runsAgain({ CATALOG_REPLICAS: '5' });
  expect(catalogProd().spec.replicas).toBe(5);
  expect(synth(['main.ts'], { CATALOG_REPLICAS: '5', UNREAD_BY_THE_APP: 'x' })).toContain(SKIPPED);
  runsAgain({ CATALOG_REPLICAS: '6' });
  expect(catalogProd().spec.replicas).toBe(6);
  runsAgain();
  expect(catalogProd().spec.replicas).toBe(2);
}, 120_000);

test('a file the app reads through a link whose target changes makes it synthesize again', () => {
  recorded();
  fs.rmSync(path.join(repo, 'settings.json'));
  fs.symlinkSync(path.join('settings', 'b.json'), path.join(repo, 'settings.json'));
  expect(fs.statSync(path.join(repo, 'settings', 'a.json')).size).toBe(fs.statSync(path.join(repo, 'settings', 'b.json')).size - 3);
  runsAgain();
  expect(catalogImage().spec.builder.name).toBe('paketo-nodejs-22');
}, 120_000);

test('an output file edited, deleted or replaced by a link by hand, or the whole output deleted, makes it synthesize again; a file added beside the output is left alone', () => {
  recorded();
  const rel = 'dist/web/catalog/prod/deployment-catalog.yaml';
  const text = read(rel);
  write(rel, text.replace('replicas: 2', 'replicas: 9'));
  runsAgain();
  expect(read(rel)).toBe(text);
  fs.rmSync(path.join(repo, rel));
  runsAgain();
  expect(read(rel)).toBe(text);
  // a link to a file of the same content: synthesis refuses to write through it
  write('elsewhere.yaml', text);
  fs.rmSync(path.join(repo, rel));
  fs.symlinkSync(path.join(repo, 'elsewhere.yaml'), path.join(repo, rel));
  settle();
  const refused = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), 'main.ts'], { cwd: repo, encoding: 'utf8', env: withoutTestVariables() });
  expect([refused.status, refused.stderr]).toEqual([1, expect.stringContaining('Synthesis stopped, nothing was written: web/catalog/prod/deployment-catalog.yaml: is a symbolic link')]);
  fs.rmSync(path.join(repo, rel));
  runsAgain();
  expect(fs.lstatSync(path.join(repo, rel)).isFile()).toBe(true);
  write('dist/.generated-files', `${read('dist/.generated-files')}web/catalog/old.yaml\n`);
  write('dist/web/catalog/old.yaml', 'kind: ConfigMap\n');
  runsAgain();
  expect(fs.existsSync(path.join(repo, 'dist/web/catalog/old.yaml'))).toBe(false); // named in the list: an earlier synthesis's, pruned
  // not generated, not in the list: synthesis leaves it alone, with or without the record
  write('dist/web/catalog/notes.txt', 'by hand\n');
  expect(synth()).toContain(SKIPPED);
  expect(synth(['main.ts', '--full'])).toMatch(/0 added, 0 changed, 0 removed\n/);
  expect(read('dist/web/catalog/notes.txt')).toBe('by hand\n');
  // the whole output directory deleted
  fs.rmSync(path.join(repo, 'dist'), { recursive: true });
  runsAgain();
  expect(read(rel)).toBe(text);
}, 120_000);

test('a killed synthesis leaves no record that could stand for what it left', () => {
  recorded();
  const before = read('dist/web/catalog/kpack/image-catalog.yaml');
  // killed with everything staged, before the switch: the output is as recorded, but the staging folder is
  // there; the pin comes back as it was (the same file: its time stamps too)
  const pin = path.join(repo, 'pins', 'catalog.sha');
  const kept = `${repo}.kept-pin`;
  fs.linkSync(pin, kept);
  write('pins/catalog.sha.new', `${'d'.repeat(40)}\n`);
  fs.renameSync(`${pin}.new`, pin);
  synth(['main.ts'], { SYNTH_FAULT: 'synth:staged' });
  fs.renameSync(kept, pin);
  expect(fs.readdirSync(repo).filter(n => n.includes('staging'))).toHaveLength(1);
  expect(synth()).not.toContain(SKIPPED);
  expect(fs.readdirSync(repo).filter(n => n.includes('staging'))).toEqual([]);
  expect(synth()).toContain(SKIPPED);
  // killed in the middle of the switch: the next synthesis finishes it, then synthesizes again
  write('pins/catalog.sha', `${'d'.repeat(40)}\n`);
  synth(['main.ts'], { SYNTH_FAULT: 'synth:move@1' });
  write('pins/catalog.sha', `${'c'.repeat(40)}\n`);
  expect(synth()).not.toContain(SKIPPED);
  expect(read('dist/web/catalog/kpack/image-catalog.yaml')).toBe(before);
  expect(synth()).toContain(SKIPPED);
}, 120_000);

test('--full runs the app whatever the record says', () => {
  recorded();
  const stderr = synth(['main.ts', '--full']);
  expect(stderr).not.toContain(SKIPPED);
  expect(stderr).toMatch(/dist: \d+ files; 0 added, 0 changed, 0 removed\n/);
  expect(synth()).toContain(SKIPPED);
}, 120_000);

test('a record is used only for the entry and working directory it was made for', () => {
  recorded();
  write('other.ts', read('main.ts'));
  settle();
  expect(synth(['other.ts'])).not.toContain(SKIPPED);
  expect(synth(['other.ts'])).toContain(SKIPPED);
  const parent = path.dirname(repo);
  expect(synth([path.join(path.basename(repo), 'main.ts')], {}, parent)).not.toContain(SKIPPED);
  expect(synth()).toContain(SKIPPED);
}, 120_000);

test('an app that reads the clock or draws random numbers is never recorded', () => {
  write('main.ts', read('main.ts').replace("replicas: Number(process.env.CATALOG_REPLICAS ?? catalogReplicas)", 'replicas: 1 + (Date.now() % 3)'));
  expect(synth()).not.toContain(SKIPPED);
  expect(synth()).not.toContain(SKIPPED);
  write('main.ts', read('main.ts').replace('replicas: 1 + (Date.now() % 3)', 'replicas: 1 + Math.floor(Math.random() * 3)'));
  expect(synth()).not.toContain(SKIPPED);
  expect(synth()).not.toContain(SKIPPED);
  write('main.ts', read('main.ts').replace('replicas: 1 + Math.floor(Math.random() * 3)', 'replicas: 1 + Math.floor(performance.now()) % 3'));
  expect(synth()).not.toContain(SKIPPED);
  expect(synth()).not.toContain(SKIPPED);
}, 120_000);
