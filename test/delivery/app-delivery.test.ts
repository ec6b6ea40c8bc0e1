import * as fs from 'fs';
import * as YAML from 'yaml';
import { renderApp } from '../../lib/output/render';
import { Warnings } from '../../lib/core/warnings';
import { Environment } from '../../lib/delivery';
import { TagPolicy } from '../../lib/flux';
import { ClusterBuilder } from '../../lib/kpack';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { delivery, opsRepo, opsRoot, PIN, PROD_IMAGE } from './fixtures';

let root: string;
beforeEach(() => { root = opsRoot(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Renders the app and returns its objects by output file. */
function render(over: Parameters<typeof delivery>[2] = {}): Map<string, any> {
  const { ops, kpush } = opsRepo(root);
  delivery(ops, kpush, over);
  const files = renderApp(ops);
  files.delete('.generated-files');
  return new Map([...files].filter(([f]) => f.endsWith('.yaml')).map(([f, content]) => [f, YAML.parse(content)]));
}

describe('AppDelivery', () => {
  test('synthesizes the whole flow (snapshot)', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush);
    expect(Object.fromEntries(renderApp(ops))).toMatchSnapshot();
  });

  test('every object passes the CRD schemas and tekton-lint', () => {
    const objects = [...render().values()];
    expect(crdViolations(objects)).toEqual([]);
    expect(tektonLintFindings(objects)).toEqual([]);
  });

  test('the kpack Image builds exactly the pinned commit', () => {
    const image = render().get('go-sample-app/kpack/image-go-sample-app.yaml');
    expect(image.spec.source.git).toEqual({ url: 'https://github.com/example/go-sample-app.git', revision: PIN });
  });

  test('the pin step writes the pin file synthesis reads and the Image file synthesis writes', () => {
    const files = render();
    const pipeline = files.get('go-sample-app/tekton/pipeline-go-sample-app-delivery.yaml');
    const pin = pipeline.spec.tasks.find((t: any) => t.name === 'pin-revision');
    const param = (name: string) => pin.params.find((p: any) => p.name === name).value;
    expect(param('pin-file')).toBe('pins/go-sample-app.sha');
    expect(fs.existsSync(`${root}/${param('pin-file')}`)).toBe(true);
    const imageFile = param('image-file') as string;
    expect(imageFile.startsWith('dist/')).toBe(true);
    expect(files.get(imageFile.slice('dist/'.length))?.kind).toBe('Image');
    // the commit pinned is the one the clone task checked out and lint/test ran on
    expect(param('revision')).toBe('$(tasks.fetch-source.results.commit)');
    expect(pin.runAfter).toEqual(['lint', 'test']);
  });

  test('lint and test run in parallel after the fetch, each on a copy of its own', () => {
    const pipeline = render().get('go-sample-app/tekton/pipeline-go-sample-app-delivery.yaml');
    const after = Object.fromEntries(pipeline.spec.tasks.map((t: any) => [t.name, t.runAfter ?? []]));
    expect(after).toEqual({
      'fetch-source': [], 'copy-checkout': ['fetch-source'], 'lint': ['copy-checkout'], 'test': ['copy-checkout'], 'pin-revision': ['lint', 'test'],
    });
  });

  test('the GitHub trigger accepts pushes of this repository to the tracked branch only, verified by the webhook secret', () => {
    const listener = render().get('go-sample-app/tekton/eventlistener-go-sample-app-github.yaml');
    const [github, cel] = listener.spec.triggers[0].interceptors;
    expect(github.ref.name).toBe('github');
    expect(github.params).toContainEqual({ name: 'secretRef', value: { secretName: 'github-webhook', secretKey: 'secret' } });
    expect(cel.params[0].value).toBe("(body.ref == 'refs/heads/master' && !body.deleted) && (body.repository.full_name == 'example/go-sample-app')");
  });

  test('the Flux path starts the same Pipeline with the new commit, from a folder and Application of its own', () => {
    const files = render({ triggers: { fluxPolling: {} } });
    const trigger = files.get('go-sample-app/flux/pipelinetrigger-go-sample-app-on-commit.yaml');
    expect(files.get('argocd/application-go-sample-app-flux.yaml').spec.source.path).toBe('dist/go-sample-app/flux');
    expect([...files.keys()].filter(f => f.startsWith('go-sample-app/tekton/') && /gitrepository|pipelinetrigger/.test(f))).toEqual([]);
    expect(trigger.spec.pipelineRun.metadata.annotations).toEqual({ 'tekton.dev/auto-cleanup-pvc': 'true' });
    expect(trigger.spec.source).toEqual({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: 'go-sample-app' });
    expect(trigger.spec.pipelineRun.spec.pipelineRef.name).toBe('go-sample-app-delivery');
    expect(trigger.spec.pipelineRun.spec.params).toContainEqual({ name: 'revision', value: '$.commitId' });
  });

  test('each folder is synced by exactly one Application, each environment by its own', () => {
    const files = render();
    const folders = [...new Set([...files.keys()].map(f => f.slice(0, f.lastIndexOf('/'))))].sort();
    const objects = [...files.values()];
    const apps = objects.filter(o => o.kind === 'Application');
    expect(objects.filter(o => o.kind === 'ApplicationSet')).toEqual([]);
    expect(apps.map(a => a.spec.source.path).sort()).toEqual(folders.map(f => `dist/${f}`));
    const byName = new Map(apps.map(a => [a.metadata.name, a]));
    expect(byName.get('go-sample-app-dev').spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'go-sample-app-dev' });
    expect(byName.get('go-sample-app-prod').spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'go-sample-app-prod' });
    for (const a of apps) expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('base-image updates: Flux watches the image and runs the Pipeline on the tracked branch', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush, { triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } },
      baseImageUpdates: { image: 'docker.io/library/golang', policy: TagPolicy.semver('1.25.x') } } });
    const files = new Map([...renderApp(ops)].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c)]));
    expect(files.get('go-sample-app/flux/imagerepository-go-sample-app-base-image.yaml').spec)
      .toEqual({ image: 'docker.io/library/golang', interval: '1h' });
    expect(files.get('go-sample-app/flux/imagepolicy-go-sample-app-base-image-policy.yaml').spec.policy).toEqual({ semver: { range: '1.25.x' } });
    const trigger = files.get('go-sample-app/flux/pipelinetrigger-go-sample-app-on-base-image.yaml');
    expect(trigger.spec.source).toEqual({ apiVersion: 'image.toolkit.fluxcd.io/v1', kind: 'ImagePolicy', name: 'go-sample-app-base-image-policy' });
    expect(trigger.spec.pipelineRun.spec.params).toEqual([
      { name: 'repo-url', value: 'https://github.com/example/go-sample-app.git' },
      { name: 'revision', value: 'master' },
      { name: 'base-image-tag', value: '$.imageVersion' },
    ]);
    // The Pipeline passes the tag to the pin, which records it in the Image's build variable BASE_IMAGE.
    const pipeline = files.get('go-sample-app/tekton/pipeline-go-sample-app-delivery.yaml');
    expect(pipeline.spec.params).toContainEqual(expect.objectContaining({ name: 'base-image-tag', default: '' }));
    const pin = pipeline.spec.tasks.find((t: any) => t.name === 'pin-revision');
    expect(pin.params).toEqual(expect.arrayContaining([
      { name: 'base-image-env', value: 'BASE_IMAGE' }, { name: 'base-image', value: 'docker.io/library/golang' },
      { name: 'base-image-tag', value: '$(params.base-image-tag)' }, { name: 'base-image-file', value: 'pins/go-sample-app.base-image' },
    ]));
    expect(files.get('go-sample-app/kpack/image-go-sample-app.yaml').spec.build.env).toEqual([{ name: 'BASE_IMAGE', value: 'unrecorded' }]);
    expect(crdViolations([...files.values()])).toEqual([]);
  });

  test('no secret value appears anywhere: Secrets are referenced by name', () => {
    const objects = [...render().values()];
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
    const run = objects.find(o => o.kind === 'TriggerTemplate').spec.resourcetemplates[0];
    expect(run.spec.workspaces).toContainEqual({ name: 'git-credentials', secret: { secretName: 'github-credentials' } });
    for (const task of objects.filter(o => o.kind === 'Task')) {
      for (const step of task.spec.steps) expect(step.env?.filter((e: any) => /TOKEN|PASSWORD/i.test(e.name)) ?? []).toEqual([]);
    }
  });

  test('prod is a Deployment and Service of the promoted image; dev follows kpack builds through kpush', () => {
    const files = render();
    const deployment = files.get('go-sample-app/prod/deployment-go-sample-app.yaml');
    expect(deployment.spec.template.spec.containers[0].image).toBe(PROD_IMAGE);
    expect(files.get('go-sample-app/prod/service-go-sample-app.yaml').spec.selector).toEqual({ app: 'go-sample-app' });
    const dev = files.get('go-sample-app/dev/imagedeploy-go-sample-app.yaml');
    expect(dev.spec.deployment.spec.template.spec.containers[0].image).toBe('REF=go-sample-app');
    // kpush patches only the image of the Deployment committed beside it; Argo CD leaves that field alone.
    const devDeployment = files.get('go-sample-app/dev/deployment-go-sample-app.yaml');
    expect(devDeployment.spec.template.spec.containers[0].image).toBe('docker.io/example/go-sample-app');
    expect(files.get('go-sample-app/dev/service-go-sample-app.yaml').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    const devApp = files.get('argocd/application-go-sample-app-dev.yaml');
    expect(devApp.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', name: 'go-sample-app', namespace: 'go-sample-app-dev', jsonPointers: ['/spec/template/spec/containers/0/image'] }]);
    expect(devApp.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
    expect(files.get('argocd/application-go-sample-app-prod.yaml').spec.ignoreDifferences).toBeUndefined();
  });

  test('both modes run with the same restricted defaults', () => {
    const files = render();
    for (const env of ['dev', 'prod']) {
      const pod = files.get(`go-sample-app/${env}/deployment-go-sample-app.yaml`).spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      const [c] = pod.containers;
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      });
      expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
      expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    }
  });

  test('synthesizes without warnings', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush);
    renderApp(ops);
    expect(Warnings.collect(ops)).toEqual([]);
  });
});

describe('AppDelivery options', () => {
  test('folder and service account names', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush, {
      folder: 'apps/go', ci: { gitCredentialsSecret: 'creds', serviceAccountName: 'runner' },
      image: { tag: 'docker.io/example/go-sample-app', builder: ClusterBuilder.fromName('paketo-go'), serviceAccountName: 'pusher', registrySecret: 'hub' },
    });
    const files = new Map([...renderApp(ops)].filter(([f]) => f.endsWith('.yaml')).map(([f, c]) => [f, YAML.parse(c)]));
    expect(files.get('apps/go/kpack/serviceaccount-pusher.yaml').secrets).toEqual([{ name: 'hub' }]);
    expect(files.get('apps/go/kpack/image-go-sample-app.yaml').spec.serviceAccountName).toBe('pusher');
    expect(files.has('apps/go/tekton/serviceaccount-runner.yaml')).toBe(true);
    const pin = files.get('apps/go/tekton/pipeline-go-sample-app-delivery.yaml').spec.tasks.find((t: any) => t.name === 'pin-revision');
    expect(pin.params).toContainEqual({ name: 'image-file', value: 'dist/apps/go/kpack/image-go-sample-app.yaml' });
    expect(files.get('argocd/application-go-sample-app-dev.yaml').spec.source.path).toBe('dist/apps/go/dev');
    expect(files.get('argocd/application-go-sample-app-prod.yaml').spec.source.path).toBe('dist/apps/go/prod');
  });
});

describe('AppDelivery bad input', () => {
  test('no trigger', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush, { triggers: {} });
    expect(() => renderApp(ops)).toThrow("go-sample-app: triggers '{}' starts nothing on a push, so no new commit is ever tested or pinned. Give githubWebhook, or fluxPolling where GitHub cannot reach the cluster");
  });

  test('two commit triggers would start two runs per push', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush, { triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } }, fluxPolling: {} } });
    expect(() => renderApp(ops)).toThrow("go-sample-app: triggers 'githubWebhook + fluxPolling' would start two runs for every push (the webhook and Flux polling). Give githubWebhook where GitHub can reach the cluster, else fluxPolling");
  });

  test('no environment', () => {
    const { ops, kpush } = opsRepo(root);
    delivery(ops, kpush, { environments: [] });
    expect(() => renderApp(ops)).toThrow("go-sample-app: environments '[]' is empty, so the built image runs nowhere. Add Environment.kpush(...) or Environment.deployment(...)");
  });

  test('a GitHub webhook for a repository that is not on GitHub', () => {
    const { ops, kpush } = opsRepo(root);
    expect(() => delivery(ops, kpush, { repository: { url: 'https://gitlab.com/example/app.git' } })).toThrow(
      "go-sample-app: repository.url 'https://gitlab.com/example/app.git' is not a GitHub repository URL, so a GitHub webhook cannot deliver its pushes. Use https://github.com/<owner>/<repo>.git, or trigger with fluxPolling instead of githubWebhook");
  });

  test('the same environment twice', () => {
    const { ops, kpush } = opsRepo(root);
    expect(() => delivery(ops, kpush, { environments: [Environment.kpush({ name: 'dev', controller: kpush }), Environment.kpush({ name: 'dev', controller: kpush })] }))
      .toThrow("go-sample-app: environments[].name 'dev' is given twice. Give each environment its own name");
  });

  test('an unpinned prod image', () => {
    const { ops, kpush } = opsRepo(root);
    expect(() => delivery(ops, kpush, { environments: [Environment.deployment({ name: 'prod', image: 'docker.io/example/go-sample-app' })] }))
      .toThrow("go-sample-app/env-prod: environments[].image 'docker.io/example/go-sample-app' has no digest and no fixed tag, so it changes whenever the image is pushed. "
        + 'Give the image promoted to this environment by digest, e.g. docker.io/org/app@sha256:<digest>');
  });

  test('a missing pin file says how to create it', () => {
    fs.rmSync(`${root}/pins`, { recursive: true });
    const { ops, kpush } = opsRepo(root);
    expect(() => delivery(ops, kpush)).toThrow(/^pins\/go-sample-app\.sha: pin file of app 'go-sample-app' does not exist\. Write the full 40-hex SHA/);
  });

  test('a malformed pin file', () => {
    fs.writeFileSync(`${root}/pins/go-sample-app.sha`, 'abc123\n');
    const { ops, kpush } = opsRepo(root);
    expect(() => delivery(ops, kpush)).toThrow("pins/go-sample-app.sha: pin 'abc123' is not a full lower-case 40-hex commit SHA on one line. Write the commit's full SHA followed by a newline");
  });

  test('an app name that is not a DNS label', () => {
    const { ops, kpush } = opsRepo(root);
    expect(() => delivery(ops, kpush, { name: 'Go_App' })).toThrow(/go-sample-app: name 'Go_App' is not a DNS-1123 label/);
  });
});
