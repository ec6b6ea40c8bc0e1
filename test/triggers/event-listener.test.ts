import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Warnings } from '../../lib/core/warnings';
import { validateTree } from '../../lib/output/render';
import {
  Cel, ClusterTriggerBinding, EventListener, GitHubPullRequest, GitHubPush, Interceptor, ITriggerTemplate, TriggerBinding, TriggerTemplate,
} from '../../lib/triggers';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { formatFindings, podSecurityFindings } from '../support/pod-security';
import { grants, rbacFindings } from '../support/rbac';
import { RunWorkspace } from '../../lib/tekton/run';
import { BUILD_PIPELINE, BUILD_PIPELINE_OBJECTS, chartInCi, pushFlow } from './support/fixtures';

const github = (eventTypes: any[] = ['push']) => Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes });

function kinds(objects: any[]): string[] {
  return objects.map(o => `${o.kind}/${o.metadata.name}`);
}

describe('EventListener', () => {
  test('snapshot of the push flow', () => {
    const { chart } = chartInCi();
    pushFlow(chart);
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('exposes the generated Service and its URL', () => {
    const { chart } = chartInCi();
    const { listener } = pushFlow(chart);
    expect(listener.serviceName).toBe('el-github');
    expect(listener.url).toBe('http://el-github.ci.svc.cluster.local:8080');
    expect((listener.node.defaultChild as ApiObject).kind).toBe('EventListener');
    expect(listener.triggerNames).toEqual(['push']);
  });

  test('creates its ServiceAccount with a mounted token and least-privilege RBAC of its own: no Secrets, never cluster-admin', () => {
    const { chart } = chartInCi();
    pushFlow(chart);
    const objects = Testing.synth(chart);
    const sa = objects.find(o => o.kind === 'ServiceAccount');
    expect(sa).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'el-github', namespace: 'ci' }, automountServiceAccountToken: true });
    const subject = { apiGroup: '', kind: 'ServiceAccount', name: 'el-github', namespace: 'ci' };
    const role = objects.find(o => o.kind === 'Role');
    expect(role.metadata).toEqual({ name: 'el-github', namespace: 'ci', labels: { 'cdk8s-push-delivery.dev/rbac-for': 'event-listener' } });
    expect(grants(role)).toEqual([
      ...['eventlisteners', 'interceptors', 'triggerbindings', 'triggers', 'triggertemplates'].map(r => `triggers.tekton.dev/${r}: get,list,watch`),
      '/configmaps: get,list,watch',
      '/events: create,patch',
      'tekton.dev/pipelineruns: create',
    ]);
    expect(objects.find(o => o.kind === 'RoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'el-github', namespace: 'ci' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'el-github' },
      subjects: [subject],
    });
    const clusterRole = objects.find(o => o.kind === 'ClusterRole');
    expect(clusterRole.metadata).toEqual({ name: 'el-github-ci', labels: { 'cdk8s-push-delivery.dev/rbac-for': 'event-listener-cluster' } });
    expect(grants(clusterRole)).toEqual(['triggers.tekton.dev/clustertriggerbindings: get,list,watch', 'triggers.tekton.dev/clusterinterceptors: get,list,watch']);
    expect(objects.find(o => o.kind === 'ClusterRoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'el-github-ci' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'el-github-ci' },
      subjects: [subject],
    });
    expect(rbacFindings(objects.map((object, index) => ({ file: 'ci', index, object })))).toEqual([]);
    expect(JSON.stringify(objects)).not.toContain('secrets');
    expect(JSON.stringify(objects)).not.toContain('cluster-admin');
    const el = objects.find(o => o.kind === 'EventListener');
    expect(el.spec.serviceAccountName).toBe('el-github');
    expect(el.spec.resources).toEqual({ kubernetesResource: { spec: { template: { spec: LISTENER_POD } } } });
  });

  test('its pod is restricted and sets its resources (Triggers copies both into the listener\'s Deployment)', () => {
    const { chart } = chartInCi();
    pushFlow(chart);
    const manifests = Testing.synth(chart).map((object, index) => ({ file: 'ci', index, object }));
    expect(formatFindings(podSecurityFindings(manifests))).toEqual([]);
  });

  test('the Role grants create on what the templates make, whether their runs are added before or after the trigger', () => {
    const { chart } = chartInCi();
    const template = new TriggerTemplate(chart, 'late');
    new EventListener(chart, 'late-listener', { metadata: { name: 'late' }, triggers: { push: { interceptors: [github()], template } } });
    template.addPipelineRun({ pipeline: BUILD_PIPELINE, params: { 'revision': 'main', 'repo-url': 'https://github.com/example/app.git' }, workspaces: { source: RunWorkspace.emptyDir() } });
    // A template outside the app, whose kinds are not known: both Tekton runs.
    new EventListener(chart, 'other', { triggers: { push: { interceptors: [github()], template: TriggerTemplate.fromName('other') } } });
    const created = (name: string) => grants(Testing.synth(chart).find(o => o.kind === 'Role' && o.metadata.name === name)).filter(g => g.startsWith('tekton.dev/'));
    expect(created('el-late')).toEqual(['tekton.dev/pipelineruns: create']);
    expect(created('el-other')).toEqual(['tekton.dev/pipelineruns: create', 'tekton.dev/taskruns: create']);
  });

  test('a given ServiceAccount is used and bound instead of a new one', () => {
    const { chart } = chartInCi();
    const { template, binding } = pushFlow(chart);
    const serviceAccount = kplus.ServiceAccount.fromServiceAccountName(chart, 'bot', 'build-bot');
    new EventListener(chart, 'own', { serviceAccount, triggers: { push: { interceptors: [github()], bindings: [binding], template } } });
    const objects = Testing.synth(chart);
    expect(kinds(objects)).not.toContain('ServiceAccount/el-own');
    expect(objects.find(o => o.kind === 'EventListener' && o.metadata.name === 'own').spec.serviceAccountName).toBe('build-bot');
    // Imported without a namespace (cdk8s-plus would say 'default'), it is bound in the listener's: its pod runs there.
    expect(objects.find(o => o.kind === 'RoleBinding' && o.metadata.name === 'el-own').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'build-bot', namespace: 'ci' }]);
  });

  test('a trigger\'s own ServiceAccount gets a Role that may only create PipelineRuns; the listener may impersonate only it', () => {
    const { chart } = chartInCi();
    const { listener, template, binding } = pushFlow(chart);
    const runner = kplus.ServiceAccount.fromServiceAccountName(chart, 'runner', 'pipeline-runner');
    listener.addTrigger('push-as-runner', { interceptors: [github()], bindings: [binding], template, serviceAccount: runner });
    const objects = Testing.synth(chart);
    const runs = objects.find(o => o.kind === 'Role' && o.metadata.name === 'el-github-trigger-runs');
    expect(runs.metadata).toEqual({ name: 'el-github-trigger-runs', namespace: 'ci', labels: { 'cdk8s-push-delivery.dev/rbac-for': 'trigger-runner' } });
    expect(grants(runs)).toEqual(['tekton.dev/pipelineruns: create']);
    expect(objects.find(o => o.metadata.name === 'el-github-trigger-runs' && o.kind === 'RoleBinding').subjects)
      .toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'pipeline-runner', namespace: 'ci' }]);
    expect(grants(objects.find(o => o.kind === 'Role' && o.metadata.name === 'el-github')).filter(g => g.startsWith('/serviceaccounts')))
      .toEqual(['/serviceaccounts/pipeline-runner: impersonate']);
    expect(rbacFindings(objects.map((object, index) => ({ file: 'ci', index, object })))).toEqual([]);
    const trigger = objects.find(o => o.kind === 'EventListener').spec.triggers[1];
    expect(trigger.serviceAccountName).toBe('pipeline-runner');
  });

  test('Service settings go to resources.kubernetesResource; triggers in props; ClusterTriggerBinding refs', () => {
    const { chart } = chartInCi();
    const { template, binding } = pushFlow(chart);
    const shared = new ClusterTriggerBinding(chart, 'shared', { params: { 'repo-url': GitHubPush.cloneUrl } });
    const own = new TriggerBinding(chart, 'rev', { params: { revision: GitHubPush.after } });
    const listener = new EventListener(chart, 'public', {
      serviceType: kplus.ServiceType.LOAD_BALANCER, servicePort: 9000, replicas: 2,
      triggers: { push: { interceptors: [github()], bindings: [own, shared], template } },
    });
    expect(binding.name).toBe('github-push');
    expect(listener.url).toBe('http://el-public.ci.svc.cluster.local:9000');
    const el = Testing.synth(chart).find(o => o.kind === 'EventListener' && o.metadata.name === 'public');
    expect(el.spec.resources).toEqual({ kubernetesResource: { serviceType: 'LoadBalancer', servicePort: 9000, replicas: 2, spec: { template: { spec: LISTENER_POD } } } });
    expect(el.spec.triggers[0].bindings).toEqual([{ kind: 'TriggerBinding', ref: 'rev' }, { kind: 'ClusterTriggerBinding', ref: 'shared' }]);
    expect(el.spec.triggers[0].template).toEqual({ ref: 'build' });
  });

  test('passes tekton-lint (with its Pipeline) and the CRD check', () => {
    const { chart } = chartInCi();
    pushFlow(chart);
    const objects = Testing.synth(chart);
    expect(tektonLintFindings([...objects, ...BUILD_PIPELINE_OBJECTS])).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
  });

  describe('rejects at once', () => {
    test('a name longer than 60 characters (the Service is el-<name>)', () => {
      const { chart } = chartInCi();
      const name = `a${'b'.repeat(60)}`;
      expect(() => new EventListener(chart, 'el', { metadata: { name } })).toThrow(`test/el: metadata.name '${name}' is 61 characters long, more than the 60 allowed.`);
    });

    test('a listener without a namespace', () => {
      const chart = new Chart(Testing.app(), 'plain');
      expect(() => new EventListener(chart, 'el')).toThrow(
        "plain/el: metadata.namespace 'undefined' is not set, but the RBAC bindings of its ServiceAccount need it. Give the EventListener a namespace, or create it in a chart with a namespace");
    });

    test('bad Service settings', () => {
      const { chart } = chartInCi();
      expect(() => new EventListener(chart, 'a', { servicePort: 0 })).toThrow("test/a: spec.resources.kubernetesResource.servicePort '0' is not a port number. Use a port from 1 to 65535");
      expect(() => new EventListener(chart, 'b', { serviceType: kplus.ServiceType.EXTERNAL_NAME })).toThrow(
        "test/b: spec.resources.kubernetesResource.serviceType 'ExternalName' cannot expose an EventListener. Use ClusterIP (and an Ingress), NodePort or LoadBalancer");
      expect(() => new EventListener(chart, 'c', { replicas: -1 })).toThrow("test/c: spec.resources.kubernetesResource.replicas '-1' is not a non-negative integer. Use e.g. 1");
    });

    test('a trigger name that is no label value, or used twice', () => {
      const { chart } = chartInCi();
      const { listener, template, binding } = pushFlow(chart);
      expect(() => listener.addTrigger('push to main', { bindings: [binding], template })).toThrow(
        "test/github: spec.triggers 'push to main' is not a valid label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit). Rename the trigger, e.g. 'github-push'");
      expect(() => listener.addTrigger('push', { bindings: [binding], template })).toThrow("test/github: spec.triggers 'push' is defined twice. Give each trigger of the listener its own name");
    });

    test.each([
      [() => github(['pushes']), "test/github: spec.triggers.t.interceptors[0].eventTypes 'pushes' is not a GitHub webhook event type. Use one of: branch_protection_configuration,"],
      [() => github([]), "test/github: spec.triggers.t.interceptors[0].eventTypes '[]' is empty, so every event is rejected. List the event types to accept, e.g. ['push']"],
      [() => Interceptor.cel({ filter: "body.ref == 'refs/heads/main" }), "test/github: spec.triggers.t.interceptors[0].filter 'body.ref == 'refs/heads/main' does not compile: <input>:1:10: found = but expecting end of input. Fix the CEL syntax"],
      [() => Interceptor.cel({ filter: "payload.ref == 'x'" }), "test/github: spec.triggers.t.interceptors[0].filter 'payload.ref == 'x'' reads 'payload', which the CEL interceptor does not provide. Read only body, header, extensions, requestURL"],
      [() => Interceptor.cel({ overlays: { sha: 'body.after.sha1()' } }), "test/github: spec.triggers.t.interceptors[0].overlays.sha 'body.after.sha1()' calls 'sha1()', which is not a function of Triggers' CEL environment."],
    ])('an interceptor with bad params (%#)', (interceptor, message) => {
      const { chart } = chartInCi();
      const { listener, template, binding } = pushFlow(chart);
      expect(() => listener.addTrigger('t', { interceptors: [interceptor()], bindings: [binding], template })).toThrow(message);
    });
  });

  describe('reports at synth', () => {
    function listenerWith(setup: (chart: Chart, flow: ReturnType<typeof pushFlow>) => void): App {
      const { app, chart } = chartInCi();
      const flow = pushFlow(chart);
      setup(chart, flow);
      return app;
    }

    test('a listener without triggers', () => {
      const { app, chart } = chartInCi();
      new EventListener(chart, 'idle');
      expect(() => validateTree(app)).toThrow("test/idle: spec.triggers '[]' is empty, so the listener never creates anything. Add a trigger with addTrigger()");
    });

    test('a template param without default that no binding of the trigger supplies', () => {
      const app = listenerWith((chart, { listener, template }) => {
        const partial = new TriggerBinding(chart, 'partial', { params: { revision: GitHubPush.after } });
        listener.addTrigger('partial', { interceptors: [github()], bindings: [partial], template });
      });
      expect(() => validateTree(app)).toThrow(
        "test/github: spec.triggers.partial.bindings 'repo-url' is a param of TriggerTemplate 'build' without a default, but no binding of the trigger supplies it. "
        + "Bind it, e.g. binding.addParam(template.param('repo-url'), GitHubPush.headCommitId), or give it a default");
    });

    test('a param bound by two bindings of one trigger', () => {
      const app = listenerWith((chart, { listener, template, binding }) => {
        const again = new TriggerBinding(chart, 'again', { params: { revision: GitHubPush.after } });
        listener.addTrigger('twice', { interceptors: [github()], bindings: [binding, again], template });
      });
      expect(() => validateTree(app)).toThrow("test/github: spec.triggers.twice.bindings 'revision' is bound by both 'github-push' and 'again'; Triggers rejects duplicate params. Bind each param in one binding of the trigger");
    });

    test('bindings and templates of another namespace', () => {
      const app = listenerWith((chart, { listener, template }) => {
        const elsewhere = new TriggerBinding(chart, 'elsewhere', { metadata: { namespace: 'other' }, params: { 'revision': GitHubPush.after, 'repo-url': GitHubPush.cloneUrl } });
        const foreign: ITriggerTemplate = TriggerTemplate.fromName('build', { namespace: 'other' });
        listener.addTrigger('cross', { interceptors: [github()], bindings: [elsewhere], template: foreign });
        listener.addTrigger('cross-binding', { interceptors: [github()], bindings: [elsewhere], template });
      });
      const run = () => validateTree(app);
      expect(run).toThrow("test/github: spec.triggers.cross.template 'build' is in namespace 'other', but the EventListener reads templates from its own namespace 'ci'. Create the template in the EventListener's namespace");
      expect(run).toThrow("test/github: spec.triggers.cross-binding.bindings 'elsewhere' is a TriggerBinding in namespace 'other', but the EventListener reads bindings from its own namespace 'ci'. Create the binding in the EventListener's namespace, or use a ClusterTriggerBinding");
    });

    test('an extension no interceptor of the trigger adds', () => {
      const app = listenerWith((chart, { listener, template }) => {
        const cel = Interceptor.cel({ overlays: { short_sha: Cel.shortSha('body.after') } });
        const b = new TriggerBinding(chart, 'ext', { params: { 'revision': cel.extension('short_sha'), 'repo-url': '$(extensions.url)' } });
        listener.addTrigger('with-cel', { interceptors: [github(), cel], bindings: [b], template });
        listener.addTrigger('without-cel', { interceptors: [github()], bindings: [b], template });
      });
      const run = () => validateTree(app);
      expect(run).toThrow("test/github: spec.triggers.with-cel.bindings '$(extensions.url)' is read by param 'repo-url' of 'ext', but no interceptor of the trigger adds it. Add a CEL interceptor with that overlay key to the trigger, or bind another value");
      expect(run).toThrow("test/github: spec.triggers.without-cel.bindings '$(extensions.short_sha)' is read by param 'revision' of 'ext'");
      expect(run).not.toThrow("spec.triggers.with-cel.bindings '$(extensions.short_sha)'");
    });

    test('a field of an event type the GitHub interceptor does not accept', () => {
      const app = listenerWith((chart, { listener, template }) => {
        const pr = new TriggerBinding(chart, 'pr', { params: { 'revision': GitHubPullRequest.headSha, 'repo-url': GitHubPullRequest.cloneUrl } });
        listener.addTrigger('pr-on-push', { interceptors: [github(['push'])], bindings: [pr], template });
      });
      expect(() => validateTree(app)).toThrow(
        "test/github: spec.triggers.pr-on-push.bindings '$(body.pull_request.head.sha)' is a field of GitHub 'pull_request' events (param 'revision' of 'pr'), but the trigger's GitHub interceptor accepts only push. "
        + "Accept 'pull_request' in eventTypes, or bind a field of the accepted events");
    });

    test('a template that creates something the listener\'s role cannot create', () => {
      const app = listenerWith((_chart, { listener, binding }) => {
        const deploys: ITriggerTemplate = { name: 'deploy', createdKinds: ['apps/Deployment'] };
        listener.addTrigger('deploy', { interceptors: [github()], bindings: [binding], template: deploys });
      });
      expect(() => validateTree(app)).toThrow(
        "test/github: spec.triggers.deploy.template 'apps/Deployment' is created by TriggerTemplate 'deploy', but an EventListener's Role grants create only on tekton.dev/PipelineRun, tekton.dev/TaskRun. "
        + "Grant the EventListener's ServiceAccount create on that kind with an extra Role, or create a PipelineRun instead");
    });

    test('warns about unsigned triggers and binding params the template ignores', () => {
      const app = listenerWith((chart, { listener, template }) => {
        const extra = new TriggerBinding(chart, 'extra', { params: { 'revision': GitHubPush.after, 'repo-url': GitHubPush.cloneUrl, 'pusher': GitHubPush.pusherName } });
        listener.addTrigger('open', { bindings: [extra], template });
      });
      validateTree(app);
      expect(Warnings.collect(app)).toEqual([
        "test/github: spec.triggers.open.bindings 'pusher' is bound by 'extra' but TriggerTemplate 'build' has no such param, so it is ignored. Remove it from the binding or declare it in the template",
        "test/github: spec.triggers.open.interceptors '[]' has no GitHub interceptor, so the trigger accepts unsigned events from anyone who can reach the Service. Add Interceptor.github({ secret, eventTypes }) first",
      ]);
    });

    test('imported bindings with unknown params are not held against the template', () => {
      const app = listenerWith((_chart, { listener, template }) => {
        listener.addTrigger('catalog', { interceptors: [github()], bindings: [ClusterTriggerBinding.fromName('github-push')], template });
      });
      expect(() => validateTree(app)).not.toThrow();
    });
  });
});

/** The listener's pod template: restricted, with resources. */
const LISTENER_POD = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  }],
};
