import { App, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AppProject } from '../../lib/argocd/app-project';
import { Application, ApplicationProps } from '../../lib/argocd/application';
import { ApplicationDestination } from '../../lib/argocd/destination';
import { GitOpsRepo } from '../../lib/argocd/gitops-repo';
import { ApplicationSource } from '../../lib/argocd/source';
import { PrunePropagationPolicy, SyncOption } from '../../lib/argocd/sync';
import { FolderChart } from '../../lib/output/folder-chart';
import { OpsApp } from '../../lib/output/ops-app';
import { renderApp } from '../../lib/output/render';
import { crdViolations } from '../support/conformance';
import { problems, warnings } from '../flux/helpers';

const OPS_URL = 'https://github.com/springone-tour-2020-cicd/go-sample-app-ops.git';
const ops = GitOpsRepo.of({ url: OPS_URL, targetRevision: 'main' });

/** An app with a tekton folder and an argocd folder, as the ops repo has. */
function opsApp(app: App = Testing.app()) {
  const tekton = new FolderChart(app, 'tekton', { folder: 'go-sample-app/tekton', namespace: 'ci' });
  const argocd = new FolderChart(app, 'argocd', { folder: 'argocd' });
  return { app, tekton, argocd };
}

function application(props: Partial<ApplicationProps> = {}) {
  const { app, tekton, argocd } = opsApp();
  const application = new Application(argocd, 'go-sample-app-tekton', {
    source: ApplicationSource.fromFolderChart(tekton, ops),
    destination: ApplicationDestination.inCluster('ci'),
    ...props,
  });
  return { app, tekton, argocd, application };
}

describe('Application', () => {
  test('snapshot', () => {
    const { argocd } = application({
      automated: { prune: true, selfHeal: true },
      syncOptions: [SyncOption.createNamespace(), SyncOption.prunePropagationPolicy(PrunePropagationPolicy.FOREGROUND)],
      retry: { limit: 5, backoff: { duration: Duration.seconds(5), factor: 2, maxDuration: Duration.minutes(3) } },
      ignoreDifferences: [{ group: 'kpack.io', kind: 'Image', jsonPointers: ['/spec/source/git/revision'] }],
      revisionHistoryLimit: 3,
      syncWave: 1,
    });
    expect(Testing.synth(argocd)).toMatchSnapshot();
  });

  test('the source path is derived from the FolderChart; name, namespace, project and finalizer have defaults', () => {
    const { argocd } = application();
    expect(Testing.synth(argocd)).toEqual([{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'go-sample-app-tekton', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io/foreground'] },
      spec: {
        project: 'default',
        source: { repoURL: OPS_URL, path: 'dist/go-sample-app/tekton', targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'ci' },
      },
    }]);
  });

  test('the deletion finalizer has a path, so the API server takes it without a warning; one of Argo CD\'s own is kept', () => {
    const [plain] = Testing.synth(application().argocd);
    // Kubernetes warns on every write of a finalizer without a path (test/upstream/apiserver.test.ts sees it).
    expect(plain.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io/foreground']);
    for (const given of ['resources-finalizer.argocd.argoproj.io', 'resources-finalizer.argocd.argoproj.io/background']) {
      const [own] = Testing.synth(application({ metadata: { finalizers: [given] } }).argocd);
      expect(own.metadata.finalizers).toEqual([given]);
    }
  });

  test('the path does not depend on the output directory (the drift check synthesizes into a temporary one)', () => {
    const { app, tekton, argocd } = opsApp(new OpsApp({ outdir: '/tmp/drift-check-1234' }));
    new Application(argocd, 'a', { source: ApplicationSource.fromFolderChart(tekton, ops), destination: ApplicationDestination.inCluster() });
    const file = renderApp(app).get('argocd/application-a.yaml')!;
    expect(file).toContain('path: dist/go-sample-app/tekton');
    expect(file).not.toContain('drift-check');
  });

  test('a manifestsPath other than dist', () => {
    const { tekton, argocd } = opsApp();
    const repo = GitOpsRepo.of({ url: OPS_URL, manifestsPath: 'deploy/rendered/' });
    new Application(argocd, 'a', { source: ApplicationSource.fromFolderChart(tekton, repo, { recurse: false, include: '*.yaml' }), destination: ApplicationDestination.inCluster() });
    expect(Testing.synth(argocd)[0].spec.source).toEqual({
      repoURL: OPS_URL, path: 'deploy/rendered/go-sample-app/tekton', targetRevision: 'HEAD', directory: { recurse: false, include: '*.yaml' },
    });
  });

  test('finalizer opt-out, sync wave, automated sync with defaults, a cluster by name', () => {
    const { argocd } = application({ resourcesFinalizer: false, syncWave: -2, automated: {}, destination: ApplicationDestination.clusterName('prod-eu', 'shop') });
    const [obj] = Testing.synth(argocd);
    expect(obj.metadata).toEqual({ name: 'go-sample-app-tekton', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '-2' } });
    expect(obj.spec.syncPolicy).toEqual({ automated: {} });
    expect(obj.spec.destination).toEqual({ name: 'prod-eu', namespace: 'shop' });
  });

  test('sync options and ignored differences added after construction are rendered', () => {
    const { argocd, application: a } = application();
    a.addSyncOption(SyncOption.serverSideApply());
    a.addSyncOption(SyncOption.serverSideApply());
    a.addIgnoreDifference({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.replicas'] });
    const spec = Testing.synth(argocd)[0].spec;
    expect(spec.syncPolicy).toEqual({ syncOptions: ['ServerSideApply=true'] });
    expect(spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.replicas'] }]);
  });

  test('output passes the Application CRD schema', () => {
    const { argocd } = application({
      automated: { prune: true, selfHeal: true, allowEmpty: false },
      syncOptions: [SyncOption.respectIgnoreDifferences(), SyncOption.pruneLast(), SyncOption.applyOutOfSyncOnly(), SyncOption.failOnSharedResource(), SyncOption.skipSchemaValidation(), SyncOption.replace()],
      retry: { limit: -1, backoff: { factor: 3 } },
      ignoreDifferences: [{ kind: 'Secret', name: 'x', namespace: 'ci', managedFieldsManagers: ['kube-controller-manager'] }],
      revisionHistoryLimit: 0,
      syncWave: 5,
    });
    expect(crdViolations(Testing.synth(argocd))).toEqual([]);
  });

  test('an ignoreDifferences entry under automated sync without RespectIgnoreDifferences is a warning', () => {
    const { app } = application({ automated: { selfHeal: true }, ignoreDifferences: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] });
    expect(warnings(app)).toEqual([
      'argocd/go-sample-app-tekton: spec.ignoreDifferences is only applied when diffing: an automated sync still overwrites those fields. Add SyncOption.respectIgnoreDifferences() if another controller owns them',
    ]);
    const fixed = application({ automated: { selfHeal: true }, syncOptions: [SyncOption.respectIgnoreDifferences()], ignoreDifferences: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] });
    expect(warnings(fixed.app)).toEqual([]);
  });

  describe('ops repository folders', () => {
    test('a path into the manifests folder that no FolderChart writes fails at synth, listing the folders', () => {
      const { app } = application({ source: ApplicationSource.fromGitPath(ops, 'dist/go-sample-app/tekon') });
      expect(problems(app)).toEqual([
        "argocd/go-sample-app-tekton: spec.source.path 'dist/go-sample-app/tekon' is in the ops repository's manifests folder 'dist' but no FolderChart of this app writes there. Use ApplicationSource.fromFolderChart(chart, repo), or one of: dist/argocd, dist/go-sample-app/tekton",
      ]);
    });

    test('the ops repository is recognised by its URL too, with .git and case differences', () => {
      const { app, argocd } = application();
      new Application(argocd, 'other', {
        source: ApplicationSource.fromGitPath('https://github.com/SpringOne-Tour-2020-CICD/go-sample-app-ops', 'dist/nothing-here', { targetRevision: 'main' }),
        destination: ApplicationDestination.inCluster(),
      });
      expect(problems(app)).toEqual([expect.stringMatching(/^argocd\/other: spec.source.path 'dist\/nothing-here' is in the ops repository's manifests folder 'dist'/)]);
    });

    test('a parent folder is fine with recurse, not without', () => {
      expect(problems(application({ source: ApplicationSource.fromGitPath(ops, 'dist/go-sample-app', { recurse: true }) }).app)).toEqual([]);
      expect(problems(application({ source: ApplicationSource.fromGitPath(ops, 'dist/go-sample-app') }).app)).toEqual([
        expect.stringContaining("spec.source.path 'dist/go-sample-app' is in the ops repository's manifests folder 'dist' but no FolderChart of this app writes there."),
      ]);
    });

    test('paths outside the manifests folder, other repositories and other branches are not checked', () => {
      expect(problems(application({ source: ApplicationSource.fromGitPath(ops, 'legacy/overlays/dev') }).app)).toEqual([]);
      expect(problems(application({ source: ApplicationSource.fromGitPath('https://github.com/org/other.git', 'dist/x') }).app)).toEqual([]);
      expect(problems(application({ source: ApplicationSource.fromGitPath(ops, 'dist/x', { targetRevision: 'release-1' }) }).app)).toEqual([]);
    });

    test('a FolderChart of another app', () => {
      const { argocd } = opsApp();
      const foreign = new FolderChart(Testing.app(), 'foreign', { folder: 'foreign' });
      new Application(argocd, 'a', { source: ApplicationSource.fromFolderChart(foreign, ops), destination: ApplicationDestination.inCluster() });
      expect(problems(argocd.node.root)).toEqual([
        "argocd/a: spec.source 'foreign' is a FolderChart of another app, so this app does not write its folder. Create the chart in the same app as the Application",
        "argocd/a: spec.source.path 'dist/foreign' is in the ops repository's manifests folder 'dist' but no FolderChart of this app writes there. Use ApplicationSource.fromFolderChart(chart, repo), or one of: dist/argocd, dist/go-sample-app/tekton",
      ]);
    });

    test('property: a FolderChart\'s folder always validates, a folder no chart has never does', () => {
      const segment = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);
      fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), segment, (parts, extra) => {
        const app = Testing.app();
        const folder = parts.join('/');
        const chart = new FolderChart(app, 'c', { folder });
        const argocd = new FolderChart(app, 'argocd', { folder: `${folder}-apps` });
        new Application(argocd, 'good', { source: ApplicationSource.fromFolderChart(chart, ops), destination: ApplicationDestination.inCluster() });
        expect(problems(app)).toEqual([]);
        new Application(argocd, 'bad', { source: ApplicationSource.fromGitPath(ops, `dist/${folder}/${extra}`), destination: ApplicationDestination.inCluster() });
        expect(problems(app)).toHaveLength(1);
      }), { numRuns: 100 });
    });
  });

  describe('the project', () => {
    test('admits the repository, destination and namespace, or synth says what to add', () => {
      const { app, tekton, argocd } = opsApp();
      const project = new AppProject(argocd, 'ci', { sourceRepos: ['https://github.com/org/*'], destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'dev' }] });
      const a = new Application(argocd, 'a', { project, source: ApplicationSource.fromFolderChart(tekton, ops), destination: ApplicationDestination.inCluster('ci'), metadata: { namespace: 'team' } });
      expect(problems(app)).toEqual([
        `argocd/a: spec.source.repoURL '${OPS_URL}' is not admitted by AppProject 'ci' (spec.sourceRepos). Add it with addSourceRepo('${OPS_URL}') on the project`,
        'argocd/a: spec.destination \'{"server":"https://kubernetes.default.svc","namespace":"ci"}\' is not admitted by AppProject \'ci\' (spec.destinations). Add it with addDestination({"server":"https://kubernetes.default.svc","namespace":"ci"}) on the project',
        "argocd/a: metadata.namespace 'team' may not use AppProject 'ci' (not its namespace, not in its sourceNamespaces). Put the Application in the project's namespace, or add this namespace to the project's sourceNamespaces",
      ]);
      project.addSourceRepo(OPS_URL);
      project.addDestination({ server: '*', namespace: 'ci' });
      expect(problems(app)).toEqual([expect.stringMatching(/^argocd\/a: metadata.namespace 'team' may not use AppProject 'ci'/)]);
      expect(a.resource.toJson().spec.project).toBe('ci');
    });
  });

  describe('rejects', () => {
    const attempt = (props: Partial<ApplicationProps>) => () => application(props);
    test('a path leaving the repository', () => {
      expect(attempt({ source: ApplicationSource.fromGitPath(ops, 'dist/../secrets') })).toThrow(
        "argocd/go-sample-app-tekton: spec.source.path 'dist/../secrets' is not a relative path inside the repository. Remove the leading '/' and any '..' segment");
    });
    test('a server that is not a URL', () => {
      expect(attempt({ destination: ApplicationDestination.server('kubernetes.default.svc') })).toThrow(
        "argocd/go-sample-app-tekton: spec.destination.server 'kubernetes.default.svc' is not an http(s) URL of a cluster API server. Use e.g. ApplicationDestination.inCluster() or a URL such as 'https://10.0.0.1:6443'");
    });
    test('an empty cluster name', () => {
      expect(attempt({ destination: ApplicationDestination.clusterName(' ') })).toThrow(
        "argocd/go-sample-app-tekton: spec.destination.name ' ' is empty. Give the cluster name registered in Argo CD, e.g. 'in-cluster'");
    });
    test('a namespace that is not a DNS label', () => {
      expect(attempt({ destination: ApplicationDestination.inCluster('Dev_1') })).toThrow(/argocd\/go-sample-app-tekton: spec.destination.namespace 'Dev_1' is not a DNS-1123 label .*\. Give a namespace name such as 'dev'/);
    });
    test('a retry factor that is not a whole number', () => {
      expect(attempt({ retry: { limit: 3, backoff: { factor: 1.5 } } })).toThrow(
        "argocd/go-sample-app-tekton: spec.syncPolicy.retry.backoff.factor '1.5' is not a whole number of at least 1 (Argo CD stores it as an integer). Use e.g. 2");
    });
    test('a retry limit that is not a whole number', () => {
      expect(attempt({ retry: { limit: 2.5 } })).toThrow("argocd/go-sample-app-tekton: spec.syncPolicy.retry.limit '2.5' is not a whole number. Use e.g. 5 (0: no retries, negative: no limit)");
    });
    test('a maxDuration shorter than the duration', () => {
      expect(attempt({ retry: { limit: 3, backoff: { duration: Duration.minutes(5), maxDuration: Duration.minutes(1) } } })).toThrow(
        "argocd/go-sample-app-tekton: spec.syncPolicy.retry.backoff.maxDuration '1m' is shorter than duration (5m). Make maxDuration at least as long as duration");
    });
    test('a backoff under a second', () => {
      expect(attempt({ retry: { limit: 3, backoff: { duration: Duration.millis(500) } } })).toThrow(
        "argocd/go-sample-app-tekton: spec.syncPolicy.retry.backoff.duration '500ms' is shorter than 1s. Use e.g. Duration.seconds(5)");
    });
    test('an ignoreDifferences entry that ignores nothing', () => {
      expect(attempt({ ignoreDifferences: [{ kind: 'Deployment' }] })).toThrow(
        "argocd/go-sample-app-tekton: spec.ignoreDifferences[0] 'Deployment' ignores nothing: it has no jsonPointers, jqPathExpressions or managedFieldsManagers. Give e.g. jsonPointers: ['/spec/replicas']");
    });
    test('a JSON pointer without the leading slash', () => {
      expect(attempt({ ignoreDifferences: [{ kind: 'Deployment', jsonPointers: ['spec/replicas'] }] })).toThrow(
        "argocd/go-sample-app-tekton: spec.ignoreDifferences[0].jsonPointers[0] 'spec/replicas' is not an RFC 6901 JSON pointer. Start it with '/' and write '~1' for '/' and '~0' for '~' inside names, e.g. '/metadata/annotations/a~1b'");
    });
    test('an ignoreDifferences entry without kind', () => {
      expect(attempt({ ignoreDifferences: [{ kind: '', jsonPointers: ['/a'] }] })).toThrow(
        "argocd/go-sample-app-tekton: spec.ignoreDifferences[0].kind '' is empty. Give the kind, e.g. 'Deployment'");
    });
    test('contradicting sync options, also when added later', () => {
      expect(attempt({ syncOptions: [SyncOption.prunePropagationPolicy(PrunePropagationPolicy.ORPHAN), SyncOption.prunePropagationPolicy(PrunePropagationPolicy.BACKGROUND)] })).toThrow(
        "argocd/go-sample-app-tekton: spec.syncPolicy.syncOptions 'PrunePropagationPolicy=background' contradicts PrunePropagationPolicy=orphan, given before. Keep one value of PrunePropagationPolicy");
      const { application: a } = application({ syncOptions: [SyncOption.prunePropagationPolicy(PrunePropagationPolicy.ORPHAN)] });
      expect(() => a.addSyncOption(SyncOption.prunePropagationPolicy(PrunePropagationPolicy.FOREGROUND))).toThrow(/contradicts PrunePropagationPolicy=orphan/);
    });
    test('a negative revision history limit', () => {
      expect(attempt({ revisionHistoryLimit: -1 })).toThrow("argocd/go-sample-app-tekton: spec.revisionHistoryLimit '-1' is not a whole number of at least 0. Use e.g. 10 (0 keeps no history)");
    });
    test('a sync wave that is not a whole number', () => {
      expect(attempt({ syncWave: 0.5 })).toThrow(
        "argocd/go-sample-app-tekton: metadata.annotations[\"argocd.argoproj.io/sync-wave\"] '0.5' is not a whole number. Use e.g. -1, 0 or 1");
    });
    test('a name longer than a label value', () => {
      expect(attempt({ metadata: { name: 'a'.repeat(64) } })).toThrow(/metadata.name 'a{64}' is 64 characters long, more than the 63 allowed/);
    });
  });
});
