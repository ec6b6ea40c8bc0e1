// Mistakes only a JavaScript caller, a loose type or a careless edit makes: each is an error in the
// library's format (construct path, field, value, fix), never a bare TypeError, and never echoes a secret.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import {
  AppDelivery, ClusterBuilder, ClusterStack, EventListener, FolderChart, Image, InlineTask, Interceptor, OpsRepo, Pipeline,
  PipelineTriggerOperator, TriggerBinding, TriggerTemplate,
} from '../../lib';
import { synthProblems, thrown } from '../support/synth';

let root: string;
beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-')); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const OUR_FORMAT = /^[^:]+: [\w.[\]"-]+( key)? '.*' .+\. .+/s;

function ops(over: object = {}): OpsRepo {
  return new OpsRepo({ url: 'https://github.com/example/ops.git', root, outdir: path.join(root, 'dist'), ...over });
}

describe('the ops repository and the app repository', () => {
  test('a token in the ops repository URL is refused, and the message does not show it', () => {
    const message = thrown(() => ops({ url: 'https://ghp_0123456789abcdefghijklmnopqrstuvwxyz@github.com/example/ops.git' }));
    expect(message).toBe("(app): url 'https://***@github.com/example/ops.git' carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them. Give the clone URL of the ops repository; the pin step reads its credentials from a Secret");
  });

  test.each(['main; curl evil | sh', 'release 2.0', '--upload-pack=touch x', ''])('ops branch %p is refused', branch => {
    expect(thrown(() => ops({ branch }))).toMatch(/^\(app\): branch '.*' (contains|starts|is empty).*\. Give the name of the branch Argo CD syncs/);
  });

  test.each([
    [{ url: 'https://user:pass@github.com/example/app.git' }, "app: repository.url 'https://***@github.com/example/app.git' carries credentials"],
    [{ url: 'https://github.com/example/app.git', branch: 'release 2.0' }, "app: repository.branch 'release 2.0' contains a space"],
    [{ url: 42 }, "app: repository.url '42' is a number, not a string. Give the clone URL"],
  ])('app repository %p is refused', (repository, message) => {
    const repo = ops();
    fs.mkdirSync(path.join(root, 'pins'));
    fs.writeFileSync(path.join(root, 'pins', 'app.sha'), `${'a'.repeat(40)}\n`);
    expect(thrown(() => new AppDelivery(repo, 'app', {
      repository: repository as any,
      image: { tag: 'docker.io/example/app', builder: ClusterBuilder.fromName('paketo') },
      ci: { gitCredentialsSecret: 'git' },
      triggers: { githubWebhook: { secret: { secretName: 'github-webhook', key: 'secret' } } },
      environments: [],
    }))).toContain(message);
  });

  test.each([
    [{ environments: 'dev' }, "app: environments 'dev' is a string, not an array. Give a list"],
    [{ environments: [{ name: 'dev' }] }, "app: environments[0] '{\"name\":\"dev\"}' is a plain object, not an Environment. Use Environment.kpush({...}) or Environment.deployment({...})"],
    [{ ci: undefined }, "app: ci 'undefined' is missing, not an object. Give ci: { gitCredentialsSecret: 'github-credentials' }"],
    [{ image: { builder: ClusterBuilder.fromName('x') } }, "app: image.tag 'undefined' is missing, not a string"],
  ])('AppDelivery props %p: our format', (over, message) => {
    const repo = ops();
    expect(thrown(() => new AppDelivery(repo, 'app', {
      repository: { url: 'https://github.com/example/app.git' },
      image: { tag: 'docker.io/example/app', builder: ClusterBuilder.fromName('paketo') },
      ci: { gitCredentialsSecret: 'git' },
      triggers: {},
      environments: [],
      ...over,
    } as any))).toContain(message);
  });
});

describe('constructs given the wrong thing', () => {
  const chart = () => new FolderChart(Testing.app(), 'c', { folder: 'c', namespace: 'ci' });
  const SHA = '0123456789abcdef0123456789abcdef01234567';

  test('runAfter with a task name instead of the handle', () => {
    const c = chart();
    const p = new Pipeline(c, 'p');
    const step = { name: 's', image: 'docker.io/library/alpine:3.20', script: '#!/bin/sh\ntrue\n' };
    p.addTask('fetch', new InlineTask(c, 'fetch', { steps: [step] }));
    const message = thrown(() => p.addTask('test', new InlineTask(c, 'test', { steps: [step] }), { runAfter: ['fetch'] as any }));
    expect(message).toBe("c/p: spec.tasks[test].runAfter 'fetch' is a string, not a task of this Pipeline. Pass the handle addTask returned, e.g. const fetch = pipeline.addTask('fetch', ...); ... runAfter: [fetch]");
  });

  test('a kpack source written as a plain object', () => {
    expect(thrown(() => new Image(chart(), 'app', {
      tag: 'docker.io/example/app', builder: ClusterBuilder.fromName('b'), source: { git: { url: 'https://github.com/example/app', revision: SHA } } as any,
    }))).toBe("c/app: source '{\"git\":{\"url\":\"https://github.com/example/app\",\"revision\":\"0123456789abcdef0123456789abcdef01234567\"}}' is a plain object, not an ImageSource. Use ImageSource.gitCommit(url, sha), ImageSource.gitBranch(url, branch), ImageSource.blob(url) or ImageSource.registry(image)");
  });

  test('a ClusterStack passed as the builder', () => {
    const c = chart();
    const stack = new ClusterStack(c, 'stack', { id: 'io.buildpacks.stacks.jammy', buildImage: 'docker.io/paketobuildpacks/build-jammy-base:0.1.150', runImage: 'docker.io/paketobuildpacks/run-jammy-base:0.1.150' });
    const message = thrown(() => new Image(c, 'app', { tag: 'docker.io/example/app', builder: stack as any, source: { } as any }));
    expect(message).toMatch(/^c\/app: builder '.*' is a ClusterStack, not a kpack Builder or ClusterBuilder\. Pass a Builder or ClusterBuilder construct/);
  });

  test.each([
    [{ eventTypes: ['push'] }, "c/el: spec.triggers.push.interceptors[0].secret 'undefined' is not a Secret, so GitHub's signature cannot be verified and anyone can start a run. Give the webhook secret"],
    [{ eventTypes: ['push'], secret: 'github-webhook' }, "c/el: spec.triggers.push.interceptors[0].secret 'github-webhook' is not a Secret"],
    [{}, "c/el: spec.triggers.push.interceptors[0].eventTypes '[]' is empty, so every event is rejected"],
  ])('a GitHub interceptor %p: an error in our format, not a crash', (options, message) => {
    const c = chart();
    const template = new TriggerTemplate(c, 't');
    const binding = new TriggerBinding(c, 'b');
    const error = thrown(() => new EventListener(c, 'el').addTrigger('push', { interceptors: [Interceptor.github(options as any)], bindings: [binding], template }));
    expect(error).toContain(message);
    expect(error).toMatch(OUR_FORMAT);
  });

  test('a MySQL password given as a string, not a Secret', () => {
    expect(thrown(() => new PipelineTriggerOperator(chart(), 'pto', {
      image: 'ghcr.io/jquad-group/pipeline-trigger-operator:v0.3.9', // the last version with cross-datacenter leader election
      crossDatacenterLeaderElection: { host: 'mysql', username: 'pto', passwordSecret: 'hunter2' as any },
    } as any))).toBe("c/pto: crossDatacenterLeaderElection.passwordSecret 'hunter2' is a string, not a Secret (cdk8s-plus ISecret). Keep the password in a Secret and pass it: passwordSecret: kplus.Secret.fromSecretName(chart, 'mysql', 'pto-mysql')");
  });
});

describe('a TriggerBinding path written as text', () => {
  const listener = (value: string, eventTypes: string[] = ['push']) => {
    const chart = new FolderChart(Testing.app(), 'c', { folder: 'c', namespace: 'ci' });
    const template = new TriggerTemplate(chart, 't');
    template.addParam('revision');
    const binding = new TriggerBinding(chart, 'b');
    binding.addParam('revision', value);
    new EventListener(chart, 'el').addTrigger('push', {
      interceptors: [Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes: eventTypes as any })], bindings: [binding], template,
    });
    return chart.node.root;
  };
  /** The problems of the trigger's bindings (the template here has no run: that is another check). */
  const bindingProblems = (root: any) => synthProblems(root).filter(p => p.includes('.bindings'));

  test('a field GitHub\'s payload does not have is refused, naming the event', () => {
    expect(bindingProblems(listener('$(body.head_commit.idd)'))).toEqual([
      "c/el: spec.triggers.push.bindings '$(body.head_commit.idd)' is read by param 'revision' of 'b', but GitHub's 'push' payload has no such field, so Triggers fails every such event. Fix the path (GitHub's webhook payload reference lists the fields), or use a typed field such as GitHubPush.field('head_commit.id'), which the compiler checks",
    ]);
  });

  test('fields the payload has are accepted, for every accepted event', () => {
    expect(bindingProblems(listener('$(body.head_commit.id)'))).toEqual([]);
    expect(bindingProblems(listener('$(body.commits[0].id)'))).toEqual([]);
    expect(bindingProblems(listener('$(body.repository.full_name)', ['push', 'pull_request']))).toEqual([]);
    expect(bindingProblems(listener('$(body.pull_request.head.sha)', ['push', 'pull_request'])).join('\n')).toContain("GitHub's 'push' payload has no such field");
  });
});
