// The init container that holds kpush back until the API server serves both lists it watches: its script runs
// for real (bash, curl) against an HTTPS server on 127.0.0.1 that answers like the API server before and after
// the CRDs are served; the paths it asks for are the ones kpush watches and its ClusterRole lets it list.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { KpackApi } from '../../lib/kpack';
import { KpushController } from '../../lib/operators';
import { KPUSH_WAIT_IMAGE, KPUSH_WAIT_SCRIPT } from '../../lib/operators/kpush-wait';
import { grants } from '../support/rbac';
import { appChart } from './kpush-fixtures';

const TOKEN = 'projected-token-0123456789';

/** A self-signed certificate for 127.0.0.1 (openssl), in `dir`. */
function certificate(dir: string): { key: string; cert: string } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'ca.crt');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);
  return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
}

interface Seen { readonly path: string; readonly authorization?: string }

/**
 * Runs the script against a server that serves `path` from its n-th request on when `served(path, n)`, until the
 * script exits or `stopAfterMs` passes (then the test stops the script it started, by its process).
 */
async function runWait(paths: string[], served: (path: string, n: number) => boolean, stopAfterMs = 20_000): Promise<{ code: number | null; stopped: boolean; output: string; seen: Seen[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpush-wait-'));
  const tls = certificate(dir);
  fs.writeFileSync(path.join(dir, 'token'), TOKEN);
  const seen: Seen[] = [];
  const counts = new Map<string, number>();
  const server = https.createServer(tls, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    seen.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    const n = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, n);
    const ok = req.headers.authorization === `Bearer ${TOKEN}` && served(url.pathname, n);
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' }).end(ok ? '{"kind":"List","items":[]}' : '{"kind":"Status","code":404}');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const child = spawn('bash', ['-c', KPUSH_WAIT_SCRIPT], {
      env: {
        PATH: process.env.PATH, API_PATHS: paths.join(' '), SERVICE_ACCOUNT_DIR: dir, WAIT_INTERVAL_SECONDS: '0.1',
        KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String((server.address() as AddressInfo).port),
      },
    });
    let output = '';
    child.stdout.on('data', d => { output += d; });
    child.stderr.on('data', d => { output += d; });
    let stopped = false;
    const timer = setTimeout(() => { stopped = true; child.kill(); }, stopAfterMs);
    const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
    clearTimeout(timer);
    return { code, stopped, output, seen };
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('kpush waits for the lists it watches', () => {
  const images = '/apis/kpack.io/v1alpha2/images';
  const imageDeploys = '/apis/crd.whizzosoftware.com/v1alpha1/imagedeploys';

  test('asks again while a list answers 404, and ends once both answer 200, sending the token only in the header', async () => {
    const { code, stopped, output, seen } = await runWait([images, imageDeploys], (p, n) => (p === images ? n >= 3 : n >= 2));
    expect({ code, stopped }).toEqual({ code: 0, stopped: false });
    expect(seen.map(s => s.path)).toEqual([
      `${images}?limit=1`, `${images}?limit=1`, `${images}?limit=1`, `${imageDeploys}?limit=1`, `${imageDeploys}?limit=1`,
    ]);
    expect(seen.every(s => s.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(output).toContain(`kpush waits: GET ${images} answered HTTP 404`);
    expect(output).toContain(`kpush may watch: GET ${imageDeploys} answered HTTP 200`);
    expect(output).not.toContain(TOKEN);
    // The token reaches curl on its standard input: no process ever has it in its arguments.
    expect(KPUSH_WAIT_SCRIPT).toMatch(/--config - /);
    expect(KPUSH_WAIT_SCRIPT).not.toMatch(/-H |--header |--oauth2-bearer/);
  }, 30_000);

  test('never ends while a list is not served', async () => {
    const { stopped, seen } = await runWait([images], () => false, 1500);
    expect(stopped).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
  }, 30_000);
});

describe('the controller\'s init container', () => {
  test('waits for exactly the Images\' and ImageDeploys\' lists kpush watches, which its ClusterRole lets it list', () => {
    for (const api of [KpackApi.V1ALPHA2, KpackApi.LEGACY_V1ALPHA1]) {
      const { chart } = appChart();
      const controller = new KpushController(chart, 'kpush', { api });
      const objects = Testing.synth(chart);
      const pod = objects.find(o => o.kind === 'Deployment').spec.template.spec;
      const [init] = pod.initContainers;
      expect(init.image).toBe(KPUSH_WAIT_IMAGE);
      expect(init.command).toEqual(['bash', '-c', KPUSH_WAIT_SCRIPT]);
      const paths = init.env.find((e: any) => e.name === 'API_PATHS').value.split(' ');
      expect(paths).toEqual(controller.watchedPaths);
      expect(paths).toEqual([`/apis/${api.group}/${api.version}/images`, '/apis/crd.whizzosoftware.com/v1alpha1/imagedeploys']);
      // The same group, version and plural kpush watches (its IMAGE_CRD_* variables), and list is granted on each.
      const vars = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
      expect(paths[0]).toBe(`/apis/${vars.IMAGE_CRD_GROUP}/${vars.IMAGE_CRD_VERSION}/${vars.IMAGE_CRD_PLURAL}`);
      const granted = grants(objects.find(o => o.kind === 'ClusterRole'));
      for (const p of paths) {
        const [, , group, , plural] = p.split('/');
        expect(granted).toContain(`${group}/${plural}: list,watch`);
      }
    }
  });
});
