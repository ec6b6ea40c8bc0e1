// One metadata convention across the constructs (lib/core/resource.ts): every construct that renders one
// object takes `metadata`, renders it, and reports its object's name, namespace, kind and apiVersion.
import { ApiObject, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppProject, Application, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource, Builder,
  BuildpackRef, ClusterBuilder, ClusterStack, ClusterStore, ClusterTriggerBinding, EventListener, GitCloneTask, GitOpsRepo,
  GitRef, GitRepository, GitHubPush, Image, ImageDeploy, ImagePolicy, ImageRepository, ImageSource, IResource, KpushController,
  Pipeline, PipelineRun, PipelineTrigger, RegistryServiceAccount, TagPolicy, Task, TriggerBinding,
  TriggerTemplate,
} from '../../lib';
import { FolderChart } from '../../lib/output/folder-chart';
import { thrown } from '../support/synth';

const labels = { team: 'payments' };
const annotations = { 'example.com/owner': 'payments' };
const SHA = '0123456789abcdef0123456789abcdef01234567';
const ALPINE = 'docker.io/library/alpine:3.20';

/** Metadata with a name, labels and annotations, and the namespace `other` unless the kind is cluster-scoped. */
function meta(name: string, namespaced = true) {
  return { name, labels, annotations, ...(namespaced ? { namespace: 'other' } : {}) };
}

/** One construct of each kind that renders one object, each given `meta(...)`. */
function everyResource(): Array<IResource & Construct> {
  const app = Testing.app();
  const chart = new FolderChart(app, 'ci', { folder: 'ci', namespace: 'ci' });
  const task = new Task(chart, 'task', { metadata: meta('t-task'), steps: [{ name: 's', image: ALPINE, script: '#!/bin/sh\ntrue\n' }] });
  const pipeline = new Pipeline(chart, 'pipeline', { metadata: meta('t-pipeline') });
  pipeline.addTask('run', task);
  const stack = new ClusterStack(chart, 'stack', {
    metadata: meta('t-stack', false), id: 'io.buildpacks.stacks.jammy',
    buildImage: 'docker.io/paketobuildpacks/build-jammy-base:0.1.150', runImage: 'docker.io/paketobuildpacks/run-jammy-base:0.1.150',
  });
  const bot = new RegistryServiceAccount(chart, 'bot', { metadata: meta('t-bot'), secrets: ['regcred'] });
  const order = [[BuildpackRef.id('paketo-buildpacks/go')]];
  const template = new TriggerTemplate(chart, 'template', { metadata: meta('t-template') });
  const revision = template.addParam('revision');
  template.addPipelineRun({ pipeline, params: { revision } });
  const image = new Image(chart, 'image', {
    metadata: meta('t-image'), tag: 'registry.example.com/team/app', builder: ClusterBuilder.fromName('default'),
    source: ImageSource.gitCommit('https://github.com/example/app', SHA),
  });
  const gitRepository = new GitRepository(chart, 'git', { metadata: meta('t-git'), url: 'https://github.com/example/app.git', ref: GitRef.branch('main') });
  const images = new ImageRepository(chart, 'images', { metadata: meta('t-images'), image: 'docker.io/library/golang' });
  const ops = GitOpsRepo.of({ url: 'https://github.com/example/ops.git', targetRevision: 'main' });
  return [
    task,
    new GitCloneTask(chart, 'clone', { metadata: meta('t-clone') }),
    pipeline,
    new PipelineRun(chart, 'run', { metadata: meta('t-run'), pipeline }),
    template,
    new TriggerBinding(chart, 'binding', { metadata: meta('t-binding'), params: { revision: GitHubPush.headCommitId } }),
    new ClusterTriggerBinding(chart, 'cluster-binding', { metadata: meta('t-cluster-binding', false), params: { revision: GitHubPush.headCommitId } }),
    new EventListener(chart, 'listener', { metadata: meta('t-listener') }),
    stack,
    new ClusterStore(chart, 'store', { metadata: meta('t-store', false), sources: ['docker.io/paketobuildpacks/go:4.15.3'] }),
    new Builder(chart, 'builder', { metadata: meta('t-builder'), tag: 'registry.example.com/team/builder', stack, order }),
    new ClusterBuilder(chart, 'cluster-builder', {
      metadata: meta('t-cluster-builder', false), tag: 'registry.example.com/team/builder', stack, order, serviceAccount: bot,
    }),
    bot,
    image,
    new ImageDeploy(chart, 'deploy', {
      metadata: meta('t-deploy'), controller: new KpushController(chart, 'kpush'), containers: [{ name: 'app', image }],
    }),
    gitRepository,
    images,
    new ImagePolicy(chart, 'policy', { metadata: meta('t-policy'), imageRepository: images, policy: TagPolicy.semver('1.x') }),
    new PipelineTrigger(chart, 'trigger', { metadata: meta('t-trigger'), source: gitRepository, pipeline }),
    new Application(chart, 'application', {
      metadata: meta('t-application'), source: ApplicationSource.fromGitPath(ops, 'dist/app'), destination: ApplicationDestination.inCluster('dev'),
    }),
    new AppProject(chart, 'project', { metadata: meta('t-project') }),
    new ApplicationSet(chart, 'set', {
      metadata: meta('t-set'), generators: [ApplicationSetGenerator.list([{ env: 'dev' }])],
      template: { name: 'app-{{.env}}', source: ApplicationSource.fromGitPath(ops, 'dist/{{.env}}'), destination: ApplicationDestination.inCluster('{{.env}}') },
    }),
  ];
}

describe('ResourceProps and IResource', () => {
  const resources = everyResource();

  test.each(resources.map(r => [r.node.id, r] as const))('%s renders its metadata and reports its object', (_id, r) => {
    const json = ApiObject.of(r).toJson();
    expect([r.kind, r.apiVersion]).toEqual([json.kind, json.apiVersion]);
    // A PipelineRun run as an Argo CD hook has only a generateName: its name is the prefix.
    expect(r.name).toBe(json.metadata.name ?? json.metadata.generateName.replace(/-$/, ''));
    expect(r.name).toBe(`t-${r.node.id}`);
    expect(r.namespace).toBe(json.metadata.namespace);
    expect(json.metadata.labels).toMatchObject(labels);
    expect(json.metadata.annotations).toMatchObject(annotations);
  });

  test('namespaced kinds take the namespace of their metadata, cluster-scoped kinds have none', () => {
    const namespaces = Object.fromEntries(resources.map(r => [r.kind, r.namespace]));
    expect(namespaces).toEqual({
      Task: 'other', Pipeline: 'other', PipelineRun: 'other', TriggerTemplate: 'other', TriggerBinding: 'other',
      ClusterTriggerBinding: undefined, EventListener: 'other', ClusterStack: undefined, ClusterStore: undefined,
      Builder: 'other', ClusterBuilder: undefined, ServiceAccount: 'other', Image: 'other', ImageDeploy: 'other',
      GitRepository: 'other', ImageRepository: 'other', ImagePolicy: 'other', PipelineTrigger: 'other',
      Application: 'other', AppProject: 'other', ApplicationSet: 'other',
    });
  });

  test.each([
    ['Task', (c: Construct) => new Task(c, 's', { metadata: { namespace: 'Bad_NS' } })],
    ['TriggerTemplate', (c: Construct) => new TriggerTemplate(c, 's', { metadata: { namespace: 'Bad_NS' } })],
    ['Image', (c: Construct) => new Image(c, 's', {
      metadata: { namespace: 'Bad_NS' }, tag: 'registry.example.com/team/app', builder: ClusterBuilder.fromName('default'),
      source: ImageSource.gitCommit('https://github.com/example/app', SHA),
    })],
  ])('a %s refuses a namespace that is not a DNS-1123 label', (_kind, make) => {
    const chart = new FolderChart(Testing.app(), 'c', { folder: 'c' });
    expect(thrown(() => make(chart))).toBe("c/s: metadata.namespace 'Bad_NS' is not a DNS-1123 label (lower-case letters, digits and '-', "
      + "starting and ending with a letter or digit). Choose a name of lower-case letters, digits and '-'");
  });

  test.each([
    ['ClusterStack', (c: Construct) => new ClusterStack(c, 's', {
      metadata: { namespace: 'ci' }, id: 'io.buildpacks.stacks.jammy',
      buildImage: 'docker.io/paketobuildpacks/build-jammy-base:0.1.150', runImage: 'docker.io/paketobuildpacks/run-jammy-base:0.1.150',
    })],
    ['ClusterStore', (c: Construct) => new ClusterStore(c, 's', { metadata: { namespace: 'ci' } })],
    ['ClusterBuilder', (c: Construct) => new ClusterBuilder(c, 's', { metadata: { namespace: 'ci' }, tag: 'registry.example.com/team/builder', stack: ClusterStack.fromName('base') })],
    ['ClusterTriggerBinding', (c: Construct) => new ClusterTriggerBinding(c, 's', { metadata: { namespace: 'ci' } })],
  ])('a %s refuses a namespace', (kind, make) => {
    const chart = new FolderChart(Testing.app(), 'c', { folder: 'c' });
    expect(thrown(() => make(chart))).toBe(`c/s: metadata.namespace 'ci' is set, but a ${kind} is cluster-scoped and has no namespace. Remove it`);
  });
});
