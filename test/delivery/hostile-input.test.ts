// Hostile or mistaken values on the surfaces that reach dist/ or a running system: every one is refused at
// synth (or, for a plain value named like a credential, warned about) in the library's format, with the
// construct path, the field, the value (redacted when it may be secret) and the fix.
import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import {
  Application, ApplicationDestination, ApplicationSource, AppProject, BlobAuth, Cluster, ClusterBuilder, CommandTask, DigestReflectionPolicy,
  Environment, EventListener, FolderChart, GitRef, GitRepository, Image, ImagePolicy, ImageRepository, ImageSource, Interceptor, OpsRepo,
  Pipeline, PipelineTrigger, TagPolicy, Task, TriggerBinding, TriggerTemplate,
} from '../../lib';
import { synthProblems, synthWarnings, thrown } from '../support/synth';
import { delivery, opsRepo, opsRoot, PIN } from './fixtures';

const OUR_FORMAT = /^[^\n:]+: [\w.[\]"-]+( key)? '[^\n]*' [^\n]+\. [^\n]+$/;
const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

/** What building `make` gives: the error it throws, else the problems synthesis reports, one per line; '' when accepted. */
function outcome(make: () => IConstruct | void): string {
  let root: IConstruct | undefined;
  const error = thrown(() => { root = make() ?? undefined; });
  if (error) return error;
  return root ? synthProblems(root).join('\n') : '';
}

/** An AppDelivery of go-sample-app with `over`, in an ops repository of its own. */
function app(over: object): IConstruct {
  const { ops, kpush } = opsRepo(opsRoot());
  delivery(ops, kpush, over as any);
  return ops;
}

function chart(): FolderChart {
  return new FolderChart(Testing.app(), 'c', { folder: 'c', namespace: 'ci' });
}

const builder = ClusterBuilder.fromName('paketo');
const image = (build: object) => ({ image: { tag: 'docker.io/example/go-sample-app', builder, build } });
const prod = (options: object) => ({ environments: [Environment.deployment({ name: 'prod', image: `docker.io/example/app@sha256:${'a'.repeat(64)}`, ...options })] });
const step = (over: object) => () => {
  const c = chart();
  new Task(c, 't').addStep({ name: 's', image: 'docker.io/library/alpine:3.20', script: '#!/bin/sh\ntrue\n', ...over });
  return c;
};
const command = (over: object) => () => {
  const c = chart();
  new CommandTask(c, 'check', { image: 'docker.io/library/alpine:3.20', command: 'make check', ...over });
  return c;
};

type Case = [string, () => IConstruct | void, string];

const CLUSTERS_AND_URLS: Case[] = [
  ['a cluster URL with a password', () => app(prod({ cluster: Cluster.server('https://admin:hunter2@prod.example.com:6443') })),
    "go-sample-app: environments[prod].cluster.server 'https://***@prod.example.com:6443' carries credentials in the URL"],
  ['a cluster URL with a trailing newline', () => app(prod({ cluster: Cluster.server('https://prod.example.com:6443\n') })),
    "go-sample-app: environments[prod].cluster.server 'https://prod.example.com:6443\\n' contains whitespace or a control character"],
  ['a cluster URL over plain http', () => app(prod({ cluster: Cluster.server('http://prod.example.com:6443') })),
    "go-sample-app: environments[prod].cluster.server 'http://prod.example.com:6443' is plain http://, so Argo CD would send the cluster's bearer token unencrypted"],
  ['a cluster URL with a trailing slash', () => app(prod({ cluster: Cluster.server('https://prod.example.com:6443/') })),
    "environments[prod].cluster.server 'https://prod.example.com:6443/' ends with '/', which Argo CD trims"],
  ['a cluster name with a newline', () => app(prod({ cluster: Cluster.named('prod-eu\n') })),
    "go-sample-app: environments[prod].cluster.name 'prod-eu\\n' is not the name of a cluster"],
  ['a cluster given as a string', () => app(prod({ cluster: 'https://prod.example.com' })),
    "go-sample-app: environments[prod].cluster 'https://prod.example.com' is a string, not a Cluster. Use Cluster.inCluster()"],
  ['an Application destination with a token', () => {
    const c = chart();
    new Application(c, 'a', { source: ApplicationSource.fromGitPath('https://github.com/org/other.git', 'deploy'), destination: ApplicationDestination.server(`https://${TOKEN}@prod.example.com`, 'shop') });
    return c;
  }, "c/a: spec.destination.server 'https://***@prod.example.com' carries credentials in the URL"],
  ['an Application source with a newline', () => {
    const c = chart();
    new Application(c, 'a', { source: ApplicationSource.fromGitPath('https://github.com/org/other.git\n', 'deploy'), destination: ApplicationDestination.inCluster('shop') });
    return c;
  }, "c/a: spec.source.repoURL 'https://github.com/org/other.git\\n' contains whitespace or a control character"],
  ['an AppProject source glob with a token', () => { new AppProject(chart(), 'p', { sourceRepos: [`https://${TOKEN}@github.com/org/*`] }); },
    "c/p: spec.sourceRepos 'https://***@github.com/org/*' carries credentials in the URL"],
  ['an AppProject destination with a tab', () => { new AppProject(chart(), 'p', { destinations: [{ server: 'https://prod.example.com\t', namespace: 'shop' }] }); },
    "c/p: spec.destinations[0].server 'https://prod.example.com\\t' contains whitespace or a control character"],
  ['a private app repository over plain http', () => app({ repository: { url: 'http://git.example.com/org/app.git', private: true }, triggers: { fluxPolling: {} } }),
    "go-sample-app: repository.url 'http://git.example.com/org/app.git' is plain http://, so the git credentials offered to its host would cross the network unencrypted"],
  ['an ops repository over plain http', () => new OpsRepo({ url: 'http://git.example.com/org/ops.git', root: opsRoot() }),
    "(app): url 'http://git.example.com/org/ops.git' is plain http://"],
  ['an ops repository URL with a trailing newline', () => new OpsRepo({ url: 'https://github.com/org/ops.git\n', root: opsRoot() }),
    "(app): url 'https://github.com/org/ops.git\\n' contains whitespace or a control character"],
  ['a Flux source with a Secret over plain http', () => {
    new GitRepository(chart(), 'g', { url: 'http://git.example.com/org/app.git', ref: GitRef.branch('main'), secret: kplus.Secret.fromSecretName(chart(), 's', 'git') });
  }, "c/g: spec.url 'http://git.example.com/org/app.git' is plain http://"],
  ['a Flux source with a trailing newline', () => { new GitRepository(chart(), 'g', { url: 'https://github.com/org/app.git\n', ref: GitRef.branch('main') }); },
    "c/g: spec.url 'https://github.com/org/app.git\\n' contains whitespace or a control character"],
  ['a kpack git source with a newline', () => { new Image(chart(), 'i', { tag: 'docker.io/org/app', builder, source: ImageSource.gitCommit('https://github.com/org/app\n', PIN) }); },
    "c/i: spec.source.git.url 'https://github.com/org/app\\n' contains whitespace or a control character"],
  ['a kpack blob with credentials', () => { new Image(chart(), 'i', { tag: 'docker.io/org/app', builder, source: ImageSource.blob(`https://x:${TOKEN}@example.com/app.tgz`) }); },
    "c/i: spec.source.blob.url 'https://***@example.com/app.tgz' carries credentials in the URL"],
  ['a kpack blob with auth over plain http', () => { new Image(chart(), 'i', { tag: 'docker.io/org/app', builder, source: ImageSource.blob('http://minio.local/app.tgz', { auth: BlobAuth.SECRET }) }); },
    "c/i: spec.source.blob.url 'http://minio.local/app.tgz' is plain http://, so the credentials sent to its host would cross the network unencrypted"],
];

const VALUES: Case[] = [
  ['a build env value with $(params.*)', () => app(image({ env: { BP_GO_TARGETS: '$(params.revision)' } })),
    "go-sample-app/build/go-sample-app: spec.build.env.BP_GO_TARGETS '$(params.revision)' contains '$(', which the kubelet expands as a variable reference in the build pod and Tekton substitutes where the Image is the pin step's template"],
  ['a $(...) elsewhere in the Image template', () => app(image({ schedulerName: '$(context.pipelineRun.name)' })),
    "go-sample-app: image.build.schedulerName '$(context.pipelineRun.name)' contains '$(', which Tekton would substitute in the kpack Image the first pin writes"],
  ['a $(...) in the app repository URL', () => app({ repository: { url: 'https://github.com/example/$(params.revision).git' } }),
    "go-sample-app: repository.url 'https://github.com/example/$(params.revision).git' contains '$('"],
  ['a CommandTask env value with $(params.*)', command({ params: { level: {} }, env: { LEVEL: '$(params.level)' } }),
    "c/check: env.LEVEL '$(params.level)' contains '$(', which Tekton substitutes (and the kubelet expands) before the command sees it"],
  ['a GitHub token in a build env value', () => app(image({ env: { GITHUB_TOKEN: TOKEN } })),
    "go-sample-app/build/go-sample-app: spec.build.env.GITHUB_TOKEN '***' is a GitHub token, which would be committed in plain text"],
  ['an AWS key in an environment\'s env', () => app(prod({ env: { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' } })),
    "go-sample-app/env-prod: env[AWS_ACCESS_KEY_ID] '***' is an AWS access key id, which would be committed in plain text to the ops repository for every reader. Revoke it, keep it in a Secret"],
  ['a private key in a step env value', step({ env: { KEY: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n' } }),
    "c/t: spec.steps[s].env[KEY] '***\\n' is a private key"],
  ['a GitLab token in a CommandTask env value', command({ env: { NPM_TOKEN: 'glpat-0123456789abcdefghij' } }),
    "c/check: spec.steps[run].env[NPM_TOKEN] '***' is a GitLab access token"],
  ['a JWT in a kpush environment\'s env', () => {
    const { ops, kpush } = opsRepo(opsRoot());
    delivery(ops, kpush, { environments: [Environment.kpush({ name: 'dev', controller: kpush, env: { SESSION: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U' } })] });
    return ops;
  }, "go-sample-app/env-dev: env[SESSION] '***' is a JSON Web Token"],
  ['a CommandTask image with a newline', command({ image: 'docker.io/library/alpine:3.20\nrm -rf /' }),
    "c/check: spec.steps[run].image 'docker.io/library/alpine:3.20\\nrm -rf /' contains whitespace, so it is not an image reference the kubelet can pull"],
  ['a CommandTask image with shell metacharacters', command({ image: 'docker.io/library/alpine:3.20;curl${IFS}x|sh' }),
    "c/check: spec.steps[run].image 'docker.io/library/alpine:3.20;curl${IFS}x|sh' has tag '3.20;curl${IFS}x|sh', which is not 1 to 128 letters"],
  ['a step image with $(...) outside the tag and a bad repository', step({ image: '$(params.registry)/Team/app:1' }),
    "c/t: spec.steps[s].image '$(params.registry)/Team/app:1' has repository part 'Team'"],
  ['an environment\'s memory request above its limit', () => app(prod({ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } })),
    "go-sample-app/env-prod: resources.requests.memory '2Gi' is more than the limit 1Gi, which the API server refuses, so the pod is never created. Make the request at most the limit, or raise the limit to 2Gi"],
  ['an environment\'s CPU request above the default limit', () => app(prod({ resources: { cpuMillis: { request: 2000 } } })),
    "go-sample-app/env-prod: resources.requests.cpu '2000m' is more than the limit 500m"],
  ['an environment\'s ephemeral storage request above its limit', () => app(prod({ resources: { ephemeralStorage: { request: Size.gibibytes(4), limit: Size.gibibytes(1) } } })),
    "go-sample-app/env-prod: resources.requests.ephemeral-storage '4Gi' is more than the limit 1Gi"],
  ['a step\'s memory request above its limit', step({ computeResources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(1) } } }),
    "c/t: spec.steps[s].computeResources.requests.memory '4Gi' is more than the limit 1Gi"],
  ['a step\'s ephemeral storage request above its limit', step({ computeResources: { ephemeralStorage: { request: Size.gibibytes(4), limit: Size.mebibytes(512) } } }),
    "c/t: spec.steps[s].computeResources.requests.ephemeral-storage '4Gi' is more than the limit 512Mi"],
  ['a CommandTask\'s CPU request above its limit', command({ computeResources: { cpu: { request: kplus.Cpu.units(4), limit: kplus.Cpu.millis(500) } } }),
    "c/check: spec.steps[run].computeResources.requests.cpu '4000m' is more than the limit 500m"],
  ['a build\'s memory request above its limit', () => app(image({ resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(2) } } })),
    "go-sample-app/build/go-sample-app: spec.build.resources.requests.memory '4Gi' is more than the limit 2Gi"],
  ['an invalid nodeSelector key', () => app(image({ nodeSelector: { 'disk type': 'ssd' } })),
    "go-sample-app/build/go-sample-app: spec.build.nodeSelector key 'disk type' has a name part that is not letters"],
  ['an invalid nodeSelector value', () => app(image({ nodeSelector: { disktype: 'ssd;rm' } })),
    "go-sample-app/build/go-sample-app: spec.build.nodeSelector[\"disktype\"] 'ssd;rm' is not letters, digits"],
  ['an invalid runLabels key', () => {
    const c = chart();
    const source = new GitRepository(c, 'g', { url: 'https://github.com/org/app.git', ref: GitRef.branch('main') });
    new PipelineTrigger(c, 'pt', { source, pipeline: Pipeline.fromName('p'), runLabels: { '-team': 'shop' } });
    return c;
  }, "c/pt: runLabels key '-team' has a name part that is not letters"],
  ['an invalid runAnnotations key', () => {
    const c = chart();
    const source = new GitRepository(c, 'g', { url: 'https://github.com/org/app.git', ref: GitRef.branch('main') });
    new PipelineTrigger(c, 'pt', { source, pipeline: Pipeline.fromName('p'), runAnnotations: { 'a/b/c': 'x' } });
    return c;
  }, "c/pt: runAnnotations key 'a/b/c' has a name part that is not letters"],
  ['an invalid label of a TriggerTemplate\'s run', () => {
    const c = chart();
    const template = new TriggerTemplate(c, 'tt');
    template.addPipelineRun({ pipeline: Pipeline.fromName('p'), labels: { app: 'shop app' } });
    new EventListener(c, 'el').addTrigger('push', {
      interceptors: [Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes: ['push'] })], bindings: [new TriggerBinding(c, 'b')], template,
    });
    return c;
  }, "c/tt: spec.resourcetemplates[0].metadata.labels[\"app\"] 'shop app' is not letters, digits"],
  ['an invalid namespace selector of an ImageRepository', () => { new ImageRepository(chart(), 'r', { image: 'docker.io/library/golang', accessFrom: [{ 'team!': 'shop' }] }); },
    "c/r: spec.accessFrom.namespaceSelectors[0].matchLabels key 'team!' has a name part that is not letters"],
  ['a 1 ms Flux polling interval of an app', () => app({ triggers: { fluxPolling: { interval: Duration.millis(1) } } }),
    "go-sample-app/flux/go-sample-app: spec.interval '1ms' is shorter than 1m, the shortest interval Flux polls a Git host or a registry at here"],
  ['a 30 s base image interval of an app', () => app({ triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } }, baseImageUpdates: { image: 'docker.io/library/golang', policy: TagPolicy.semver('1.25.x'), interval: Duration.seconds(30) } } }),
    "go-sample-app/flux/go-sample-app-base-image: spec.interval '30s' is shorter than 1m"],
  ['a 1 ms GitRepository interval', () => { new GitRepository(chart(), 'g', { url: 'https://github.com/org/app.git', ref: GitRef.branch('main'), interval: Duration.millis(1) }); },
    "c/g: spec.interval '1ms' is shorter than 1m"],
  ['a NaN GitRepository interval', () => { new GitRepository(chart(), 'g', { url: 'https://github.com/org/app.git', ref: GitRef.branch('main'), interval: Duration.minutes(NaN) }); },
    "c/g: interval 'Duration of NaN' is not a finite duration"],
  ['a 1 ms ImagePolicy digest interval', () => {
    const c = chart();
    const repo = new ImageRepository(c, 'r', { image: 'docker.io/library/golang' });
    new ImagePolicy(c, 'p', { imageRepository: repo, policy: TagPolicy.semver('1.x'), digestReflectionPolicy: DigestReflectionPolicy.ALWAYS, interval: Duration.millis(1) });
  }, "c/p: spec.interval '1ms' is shorter than 1m"],
  ['the webhook secret being the git credentials', () => app({ triggers: { githubWebhook: { secret: { secretName: 'github-credentials', key: 'secret' } } } }),
    "go-sample-app: triggers.githubWebhook.secret.secretName 'github-credentials' names the Secret with which the Pipeline clones the app repository and pushes pins to the ops repository (ci.gitCredentialsSecret), of type kubernetes.io/basic-auth, in namespace 'go-sample-app-ci'; here it is the one with which the EventListener checks GitHub's webhook signature, of type Opaque: one Secret has one type, so one of the two would fail. Give each use a Secret of its own"],
  ['registry credentials being the git credentials of a private repository', () => app({
    repository: { url: 'https://github.com/example/go-sample-app.git', private: true },
    image: { tag: 'docker.io/example/go-sample-app', builder, registrySecret: 'github-credentials' },
  }), "go-sample-app: ci.gitCredentialsSecret 'github-credentials' names the Secret with which kpack pushes docker.io/example/go-sample-app (image.registrySecret), of type kubernetes.io/dockerconfigjson"],
  ['the webhook secret being the registry credentials in one namespace', () => app({
    namespaces: { ci: 'shop', build: 'shop' },
    image: { tag: 'docker.io/example/go-sample-app', builder, registrySecret: 'github-webhook' },
  }), "go-sample-app: triggers.githubWebhook.secret.secretName 'github-webhook' names the Secret with which kpack pushes docker.io/example/go-sample-app (image.registrySecret), of type kubernetes.io/dockerconfigjson, in namespace 'shop'"],
];

describe.each([['clusters and URLs', CLUSTERS_AND_URLS], ['values that reach a running system', VALUES]] as Array<[string, Case[]]>)('%s', (_what, cases) => {
  test.each(cases)('%s is refused in our format', (_name, make, expected) => {
    const message = outcome(make);
    expect(message).toContain(expected);
    for (const line of message.split('\n')) expect(line).toMatch(OUR_FORMAT);
    expect(message).not.toMatch(/hunter2|ghp_0123|AKIAIOSFODNN7|glpat-0123|b3BlbnNzaC1r|eyJzdWIi/);
  });
});

describe('values that are fine stay accepted', () => {
  test.each<[string, () => IConstruct | void]>([
    ['a registered cluster by URL and by name', () => app({ environments: [
      Environment.deployment({ name: 'prod', image: `docker.io/example/app@sha256:${'a'.repeat(64)}`, cluster: Cluster.server('https://prod.example.com:6443') }),
      Environment.deployment({ name: 'eu', image: `docker.io/example/app@sha256:${'a'.repeat(64)}`, cluster: Cluster.named('prod-eu') }),
    ] })],
    ['an ssh app repository polled by Flux', () => app({ repository: { url: 'ssh://git@github.com/example/go-sample-app.git', private: true }, triggers: { fluxPolling: { interval: Duration.minutes(5) } } })],
    ['buildpack env, node labels and resources within limits', () => app(image({
      env: { BP_GO_TARGETS: './cmd/server', BP_OCI_AUTHORS: 'shop team' }, nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      resources: { memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) } },
    }))],
    ['a step env that references a declared param', () => {
      const c = chart();
      const t = new Task(c, 't');
      t.addStep({ name: 's', image: 'docker.io/library/alpine:3.20', env: { URL: t.addParam('url') }, script: '#!/bin/sh\ntrue\n' });
      return c;
    }],
    ['a step image whose tag a param fills in', () => {
      const c = chart();
      const t = new Task(c, 't', { params: { version: { default: '1.25' } } });
      t.addStep({ name: 's', image: 'docker.io/library/golang:$(params.version)', script: '#!/bin/sh\ntrue\n' });
      return c;
    }],
  ])('%s', (_name, make) => {
    expect(outcome(make)).toBe('');
  });

  test('a plain env value named like a credential is a warning pointing to a Secret, in every place that takes env', () => {
    const ops = app({ ...image({ env: { BP_NPM_TOKEN: 'abc' } }), ...prod({ env: { DB_PASSWORD: 'hunter3' } }) });
    const c = step({ env: { API_KEY: 'k' } })() as IConstruct;
    expect([...synthWarnings(ops), ...synthWarnings(c)].filter(w => w.includes('named like a credential'))).toEqual([
      "go-sample-app/build/go-sample-app: spec.build.env.BP_NPM_TOKEN 'abc' is named like a credential but is a plain value, committed to the ops repository for every reader. If it is one, keep it in a Secret and read it from there: kpack reads build-time secrets as service bindings (kpack docs/servicebindings.md), never from spec.build.env",
      "go-sample-app/env-prod: env[DB_PASSWORD] 'hunter3' is named like a credential but is a plain value, committed to the ops repository for every reader. If it is one, keep it in a Secret and read it from there: secretEnv: { DB_PASSWORD: { secretName, key } }",
      "c/t: spec.steps[s].env[API_KEY] 'k' is named like a credential but is a plain value, committed to the ops repository for every reader. If it is one, keep it in a Secret and read it from there: env: { API_KEY: EnvValue.fromSecretValue({ secret, key }) }",
    ]);
  });
});
