// The Node.js, Java and generic command Tasks: conformant objects, typed params and results, restricted steps.
import { Testing } from 'cdk8s';
import { CommandTask, CopyCheckoutTask, JavaBuildTool, JavaCheckTask, NodeCheckTask, NodePackageManager } from '../../lib/catalog';
import { JAVA_STEP_IMAGE, NODE_STEP_IMAGE } from '../../lib/catalog/scripts';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { newChart, synthProblems, synthWarnings } from './fixtures';

const RESTRICTED = (user: number) => ({
  runAsNonRoot: true, runAsUser: user, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
});

describe('ecosystem Tasks', () => {
  test('snapshot', () => {
    const { chart } = newChart();
    new NodeCheckTask(chart, 'node');
    new JavaCheckTask(chart, 'java');
    new CommandTask(chart, 'shellcheck', { image: 'docker.io/koalaman/shellcheck-alpine:v0.11.0', command: 'shellcheck -- *.sh' });
    new CopyCheckoutTask(chart, 'copy');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('pass tekton-lint and the Tekton v1 CRD schema, with no synth problem or warning', () => {
    const { chart } = newChart();
    new NodeCheckTask(chart, 'node', { packageManager: NodePackageManager.PNPM, scripts: 'lint test:unit' });
    new JavaCheckTask(chart, 'java', { buildTool: JavaBuildTool.GRADLE, goals: 'check -x integrationTest' });
    new CommandTask(chart, 'cmd', {
      image: 'docker.io/library/alpine:3.22.2', command: 'test "$(wc -l < go.mod)" -gt "$PARAM_MIN_LINES"\necho ok > "$RESULT_VERDICT_PATH"',
      params: { 'min-lines': { default: '1' } }, results: { verdict: { description: 'ok' } },
    });
    new CopyCheckoutTask(chart, 'copy');
    const objects = Testing.synth(chart);
    expect(tektonLintFindings(objects)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    expect(synthProblems(chart)).toEqual([]);
    expect(synthWarnings(chart)).toEqual([]);
  });

  test('each step runs non-root under the restricted profile, with resources, on a pinned image', () => {
    const { chart } = newChart();
    new NodeCheckTask(chart, 'node');
    new JavaCheckTask(chart, 'java');
    new CommandTask(chart, 'cmd', { image: 'docker.io/library/alpine:3.22.2', command: 'true', runAsUser: 1001 });
    const steps = Object.fromEntries(Testing.synth(chart).map(o => [o.metadata.name, o.spec.steps[0]]));
    expect(steps['node-check'].securityContext).toEqual(RESTRICTED(65532));
    expect(steps['java-check'].securityContext).toEqual(RESTRICTED(65532));
    expect(steps.cmd.securityContext).toEqual(RESTRICTED(1001));
    expect([steps['node-check'].image, steps['java-check'].image]).toEqual([NODE_STEP_IMAGE, JAVA_STEP_IMAGE]);
    for (const s of Object.values(steps) as any[]) {
      expect(s.computeResources.requests.cpu).toBeDefined();
      expect(s.computeResources.limits.memory).toBeDefined();
      expect(s.script).not.toMatch(/\$\((params|results|workspaces)\./);
    }
  });

  test('params and results are typed handles with the given defaults', () => {
    const { chart } = newChart();
    const node = new NodeCheckTask(chart, 'node', { scripts: 'test' });
    const java = new JavaCheckTask(chart, 'java', { goals: 'verify -Pci' });
    const cmd = new CommandTask(chart, 'cmd', { image: 'docker.io/library/alpine:3.22.2', command: 'true', params: { level: { default: 'high' } }, results: { report: {} } });
    expect(node.params.map(p => [p.name, p.default])).toEqual([['package-manager', 'auto'], ['scripts', 'test']]);
    expect([node.scripts.ref, node.source.path, node.usedPackageManager.path])
      .toEqual(['$(params.scripts)', '$(workspaces.source.path)', '$(results.package-manager.path)']);
    expect(java.params.map(p => [p.name, p.default])).toEqual([['build-tool', 'auto'], ['goals', 'verify -Pci']]);
    expect(java.usedBuildTool.name).toBe('build-tool');
    expect(cmd.param('level').default).toBe('high');
    const step = Testing.synth(chart).find(o => o.metadata.name === 'cmd').spec.steps[0];
    expect(step.env).toEqual([
      { name: 'HOME', value: '/tmp' }, { name: 'PARAM_LEVEL', value: '$(params.level)' }, { name: 'RESULT_REPORT_PATH', value: '$(results.report.path)' },
    ]);
  });

  test('mistakes are refused with the construct path and a fix', () => {
    const { chart } = newChart();
    expect(() => new NodeCheckTask(chart, 'a', { packageManager: 'bun' as any })).toThrow(/ci\/a: packageManager 'bun' is not a package manager this Task runs\. Use NodePackageManager/);
    expect(() => new NodeCheckTask(chart, 'b', { scripts: 'test; rm -rf /' })).toThrow(/ci\/b: scripts 'test; rm -rf \/' is not a list of package.json script names/);
    expect(() => new JavaCheckTask(chart, 'c', { buildTool: 'ant' as any })).toThrow(/ci\/c: buildTool 'ant' is not a build tool/);
    expect(() => new CommandTask(chart, 'd', { image: 'docker.io/library/alpine:3.22.2', command: '  ' })).toThrow(/ci\/d: command '  ' runs nothing/);
    expect(() => new CommandTask(chart, 'e', { image: 'alpine', command: 'true' })).toThrow(/has no tag or digest/);
    expect(() => new CommandTask(chart, 'f', { image: 'docker.io/library/alpine:3.22.2', command: 'true', params: { Level: {} } })).toThrow(/ci\/f: params 'Level' is not lower-case words/);
    expect(() => new JavaCheckTask(chart, 'g', { runAsUser: 0 })).toThrow(/ci\/g: spec\.steps\[check\]\.securityContext\.runAsUser '0' is root/);
  });

  test('a param pasted into a command is a synth warning that names the step and shows the env form', () => {
    const { chart } = newChart();
    new CommandTask(chart, 'cmd', { image: 'docker.io/library/alpine:3.22.2', command: 'echo "$(params.level)"', params: { level: {} } });
    expect(synthWarnings(chart).join('\n')).toMatch(/spec\.steps\[run\]\.script '\$\(params\.level\)' is pasted into the script text.*env: \{ LEVEL: \$\(params\.level\) \}/);
  });
});
