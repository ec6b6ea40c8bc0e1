import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AppProject } from '../../lib/argocd/app-project';
import { ApplicationSet, ApplicationSetGenerator, ApplicationSetProps, ApplicationTemplate } from '../../lib/argocd/application-set';
import { ApplicationDestination } from '../../lib/argocd/destination';
import { GitOpsRepo } from '../../lib/argocd/gitops-repo';
import { ApplicationSource } from '../../lib/argocd/source';
import { SyncOption } from '../../lib/argocd/sync';
import { expandPlaceholders, placeholdersIn } from '../../lib/argocd/template-params';
import { FolderChart } from '../../lib/output/folder-chart';
import { crdViolations } from '../support/conformance';
import { problems, warnings } from '../flux/helpers';

const ops = GitOpsRepo.of({ url: 'https://github.com/org/go-sample-app-ops.git', targetRevision: 'main' });

function envApp() {
  const app = Testing.app();
  new FolderChart(app, 'dev', { folder: 'go-sample-app/dev' });
  new FolderChart(app, 'prod', { folder: 'go-sample-app/prod' });
  const argocd = new FolderChart(app, 'argocd', { folder: 'argocd' });
  return { app, argocd };
}

const template: ApplicationTemplate = {
  name: 'go-sample-app-{{.env}}',
  source: ApplicationSource.fromGitPath(ops, 'dist/go-sample-app/{{.env}}'),
  destination: ApplicationDestination.inCluster('{{.env}}'),
  automated: { prune: true, selfHeal: true },
  syncOptions: [SyncOption.createNamespace()],
};

function appSet(props: Partial<ApplicationSetProps> = {}) {
  const { app, argocd } = envApp();
  const set = new ApplicationSet(argocd, 'go-sample-app', {
    generators: [ApplicationSetGenerator.list([{ env: 'dev' }, { env: 'prod' }])],
    template,
    ...props,
  });
  return { app, argocd, set };
}

describe('ApplicationSet', () => {
  test('snapshot', () => {
    const { argocd } = appSet({ preserveResourcesOnDeletion: true });
    expect(Testing.synth(argocd)).toMatchSnapshot();
  });

  test('renders a list generator and an Application-shaped template with Go template defaults', () => {
    const { argocd, app } = appSet();
    const [obj] = Testing.synth(argocd);
    expect(obj.metadata).toEqual({ name: 'go-sample-app', namespace: 'argocd' });
    expect(obj.spec.goTemplate).toBe(true);
    expect(obj.spec.goTemplateOptions).toEqual(['missingkey=error']);
    expect(obj.spec.generators).toEqual([{ list: { elements: [{ env: 'dev' }, { env: 'prod' }] } }]);
    expect(obj.spec.template.metadata).toEqual({ name: 'go-sample-app-{{.env}}', finalizers: ['resources-finalizer.argocd.argoproj.io/foreground'] });
    expect(obj.spec.template.spec.source).toEqual({ repoURL: ops.url, path: 'dist/go-sample-app/{{.env}}', targetRevision: 'main' });
    expect(problems(app)).toEqual([]);
  });

  test('output passes the ApplicationSet CRD schema', () => {
    const { argocd } = appSet({ preserveResourcesOnDeletion: false });
    expect(crdViolations(Testing.synth(argocd))).toEqual([]);
  });

  test('fasttemplate syntax when goTemplate is off', () => {
    const { argocd, app } = appSet({
      goTemplate: false,
      template: { ...template, name: 'app-{{env}}', source: ApplicationSource.fromGitPath(ops, 'dist/go-sample-app/{{ env }}'), destination: ApplicationDestination.inCluster('{{env}}') },
    });
    const [obj] = Testing.synth(argocd);
    expect(obj.spec.goTemplate).toBe(false);
    expect(obj.spec.goTemplateOptions).toBeUndefined();
    expect(problems(app)).toEqual([]);
  });

  test('a placeholder missing from an element fails at synth, naming the elements', () => {
    const { app } = appSet({ generators: [ApplicationSetGenerator.list([{ env: 'dev' }, { env: 'prod' }, { stage: 'qa' }])] });
    expect(problems(app)).toEqual([
      "argocd/go-sample-app: spec.template.metadata.name 'go-sample-app-{{.env}}' uses parameter 'env', which spec.generators[0].list.elements[2] does not have. Add 'env' to every element, or use one of: env, stage",
      "argocd/go-sample-app: spec.template.spec.destination.namespace '{{.env}}' uses parameter 'env', which spec.generators[0].list.elements[2] does not have. Add 'env' to every element, or use one of: env, stage",
      "argocd/go-sample-app: spec.template.spec.source.path 'dist/go-sample-app/{{.env}}' uses parameter 'env', which spec.generators[0].list.elements[2] does not have. Add 'env' to every element, or use one of: env, stage",
    ]);
  });

  test('a generator added later is checked too; pipelines and index are read', () => {
    const { app, set } = appSet({ template: { ...template, labels: { team: '{{ .team | lower }}', region: '{{index . "region"}}' } } });
    set.addGenerator(ApplicationSetGenerator.list([{ env: 'dev', team: 'A', region: 'eu' }]));
    expect(problems(app).map(p => p.replace(/ Add '.*$/, ''))).toEqual([
      "argocd/go-sample-app: spec.template.metadata.labels.team '{{ .team | lower }}' uses parameter 'team', which spec.generators[0].list.elements[0], spec.generators[0].list.elements[1] do not have.",
      "argocd/go-sample-app: spec.template.metadata.labels.region '{{index . \"region\"}}' uses parameter 'region', which spec.generators[0].list.elements[0], spec.generators[0].list.elements[1] do not have.",
    ]);
  });

  test('generated Applications are checked: folders exist, names are valid and distinct', () => {
    const { app } = appSet({ generators: [ApplicationSetGenerator.list([{ env: 'dev' }, { env: 'qa' }])] });
    expect(problems(app)).toEqual([
      "argocd/go-sample-app: spec.source.path 'dist/go-sample-app/qa' is in the ops repository's manifests folder 'dist' but no FolderChart of this app writes there. Use ApplicationSource.fromFolderChart(chart, repo), or one of: dist/argocd, dist/go-sample-app/dev, dist/go-sample-app/prod (generated from spec.generators[0].list.elements[1])",
    ]);
    const twins = appSet({ template: { ...template, name: 'go-sample-app' }, generators: [ApplicationSetGenerator.list([{ env: 'dev' }, { env: 'prod' }])] });
    expect(problems(twins.app)).toEqual([
      "argocd/go-sample-app: spec.template.metadata.name 'go-sample-app' is generated by both spec.generators[0].list.elements[0] and spec.generators[0].list.elements[1]. Make the name template tell the elements apart",
    ]);
    const badName = appSet({ generators: [ApplicationSetGenerator.list([{ env: 'dev' }, { env: 'Prod' }])], template: { ...template, source: ApplicationSource.fromGitPath('https://github.com/org/other.git', 'envs/{{.env}}') } });
    expect(problems(badName.app)).toEqual([
      expect.stringMatching(/^argocd\/go-sample-app: spec.template.metadata.name 'go-sample-app-Prod' \(from spec.generators\[0\].list.elements\[1\]\) is not a DNS-1123 subdomain/),
      expect.stringMatching(/^argocd\/go-sample-app: spec.template.spec.destination.namespace 'Prod' \(from spec.generators\[0\].list.elements\[1\]\) is not a DNS-1123 label/),
    ]);
  });

  test('the project is checked for every generated Application', () => {
    const { app, argocd } = envApp();
    const project = new AppProject(argocd, 'envs', { sourceRepos: [ops.url], destinations: [{ server: '*', namespace: 'dev' }] });
    new ApplicationSet(argocd, 'set', { generators: [ApplicationSetGenerator.list([{ env: 'dev' }, { env: 'prod' }])], template: { ...template, project } });
    expect(problems(app)).toEqual([
      'argocd/set: spec.destination \'{"server":"https://kubernetes.default.svc","namespace":"prod"}\' is not admitted by AppProject \'envs\' (spec.destinations). Add it with addDestination({"server":"https://kubernetes.default.svc","namespace":"prod"}) on the project (generated from spec.generators[0].list.elements[1])',
    ]);
  });

  test('a list without elements is a warning', () => {
    const { app } = appSet({ generators: [ApplicationSetGenerator.list([])] });
    expect(warnings(app)).toEqual(["argocd/go-sample-app: spec.generators '[]' have no elements, so no Application is generated. Add elements to a list generator"]);
  });

  describe('rejects', () => {
    test('no generator', () => {
      expect(() => appSet({ generators: [] })).toThrow("argocd/go-sample-app: spec.generators '[]' is empty, so no Application is generated. Give e.g. ApplicationSetGenerator.list([{ env: 'dev' }])");
    });
    test('fasttemplate placeholders with goTemplate', () => {
      expect(() => appSet({ template: { ...template, name: 'app-{{env}}' } })).toThrow(
        "argocd/go-sample-app: spec.template.metadata.name 'app-{{env}}' uses '{{env}}', the fasttemplate syntax, but goTemplate is true. Fix: write {{.env}}: with goTemplate parameters are fields of '.'");
    });
    test('Go template placeholders without goTemplate', () => {
      expect(() => appSet({ goTemplate: false, template: { ...template, name: 'app-{{env}}' } })).toThrow(
        "argocd/go-sample-app: spec.template.spec.destination.namespace '{{.env}}' uses '{{.env}}', the Go template syntax, but goTemplate is false. Fix: write {{env}}, or set goTemplate: true");
    });
    test('an element key that a Go template cannot name', () => {
      expect(() => appSet({ generators: [ApplicationSetGenerator.list([{ 'env-name': 'dev' }])] })).toThrow(
        "argocd/go-sample-app: spec.generators[0].list.elements[0] 'env-name' is not usable as {{.key}} in a Go template (letters, digits and '_' only). Rename the key, e.g. with '_' for '-'");
    });
  });
});

describe('placeholders', () => {
  test('expansion fills simple placeholders and gives up on functions', () => {
    expect(expandPlaceholders('a-{{.env}}-{{ .env }}', { env: 'dev' }, true)).toBe('a-dev-dev');
    expect(expandPlaceholders('{{ .env | upper }}', { env: 'dev' }, true)).toBeUndefined();
    expect(expandPlaceholders('a-{{env}}', { env: 'dev' }, false)).toBe('a-dev');
  });

  test('property: every key used as {{.key}} is found, and expansion removes all of them', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,6}$/);
    fc.assert(fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 5 }).filter(s => !s.includes('{') && !s.includes('}')), (keys, glue) => {
      const text = keys.map(k => `{{.${k}}}`).join(glue);
      expect(placeholdersIn(text, true, new Set()).keys.sort()).toEqual([...keys].sort());
      const element = Object.fromEntries(keys.map(k => [k, `v${k}`]));
      expect(expandPlaceholders(text, element, true)).toBe(keys.map(k => `v${k}`).join(glue));
    }), { numRuns: 200 });
  });
});
