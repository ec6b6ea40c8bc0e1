// GitHub push -> EventListener -> TriggerBinding -> TriggerTemplate -> PipelineRun, played through the
// synthesized manifests with GitHub's own example payloads.
import { Testing } from 'cdk8s';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { BUILD_PIPELINE_OBJECTS, chartInCi, pushFlow, SECRETS, WEBHOOK_SECRET } from './support/fixtures';
import { BRANCH_PUSHES, branchDeletion, pushToOtherBranch, PULL_REQUEST_EXAMPLES, TAG_PUSHES } from './support/payloads';
import { resolveBindingValue } from './support/jsonpath';
import { deliver } from './support/simulate';

function synthFlow() {
  const { chart } = chartInCi();
  pushFlow(chart);
  return Testing.synth(chart);
}

describe('GitHub push flow', () => {
  const objects = synthFlow();

  test.each(BRANCH_PUSHES.map((p, i) => [i, p] as const))('push example %i to the tracked branch creates a PipelineRun of its head commit', (_i, payload) => {
    const [outcome] = deliver(objects, 'github', { event: 'push', payload, signWith: WEBHOOK_SECRET }, SECRETS);
    expect(outcome).toMatchObject({ trigger: 'push', accepted: true });
    if (!outcome.accepted) return;
    expect(outcome.resources).toHaveLength(1);
    const run = outcome.resources[0];
    expect(run).toMatchObject({ apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { generateName: 'build-run-' }, spec: { pipelineRef: { name: 'build' } } });
    expect(run.spec.params).toEqual([
      { name: 'revision', value: payload.head_commit!.id },
      { name: 'repo-url', value: payload.repository.clone_url },
    ]);
    expect(JSON.stringify(run)).not.toMatch(/\$\(/);
  });

  test('a push to another branch is dropped by the CEL filter', () => {
    const [outcome] = deliver(objects, 'github', { event: 'push', payload: pushToOtherBranch('feature/x'), signWith: WEBHOOK_SECRET }, SECRETS);
    expect(outcome).toEqual({ trigger: 'push', accepted: false, reason: "expression body.ref == 'refs/heads/master' && !body.deleted did not return true" });
  });

  test.each(TAG_PUSHES.map((p, i) => [i, p.deleted ? 'deletes' : 'creates', p] as const))('tag push example %i (%s a tag) is dropped', (_i, _what, payload) => {
    const [outcome] = deliver(objects, 'github', { event: 'push', payload, signWith: WEBHOOK_SECRET }, SECRETS);
    expect(outcome.accepted).toBe(false);
  });

  test('deleting the tracked branch is dropped: it has no head commit to build', () => {
    const deletion = branchDeletion();
    const [outcome] = deliver(objects, 'github', { event: 'push', payload: deletion, signWith: WEBHOOK_SECRET }, SECRETS);
    expect(outcome).toEqual({ trigger: 'push', accepted: false, reason: "expression body.ref == 'refs/heads/master' && !body.deleted did not return true" });
    // Without the guard the binding would fail on the event: head_commit is null.
    expect(() => resolveBindingValue('$(body.head_commit.id)', { body: deletion, header: {} })).toThrow('$(body.head_commit.id): body.head_commit.id is not found');
  });

  test('a pull_request event is rejected by the GitHub interceptor', () => {
    const [outcome] = deliver(objects, 'github', { event: 'pull_request', payload: PULL_REQUEST_EXAMPLES[0], signWith: WEBHOOK_SECRET }, SECRETS);
    expect(outcome).toEqual({ trigger: 'push', accepted: false, reason: 'event type pull_request is not allowed' });
  });

  test('a delivery signed with another secret, or unsigned, is rejected', () => {
    for (const signWith of ['wrong-secret', undefined]) {
      const [outcome] = deliver(objects, 'github', { event: 'push', payload: BRANCH_PUSHES[0], signWith }, SECRETS);
      expect(outcome).toEqual({ trigger: 'push', accepted: false, reason: 'signature does not match' });
    }
  });

  test('the webhook secret never appears in the manifests, only its Secret reference', () => {
    expect(JSON.stringify(objects)).not.toContain(WEBHOOK_SECRET);
    const el = objects.find(o => o.kind === 'EventListener');
    expect(el.spec.triggers[0].interceptors[0].params[0]).toEqual({ name: 'secretRef', value: { secretName: 'github-webhook', secretKey: 'secret' } });
  });

  test('the output passes tekton-lint with the Pipeline it starts, and the CRD check', () => {
    expect(tektonLintFindings([...objects, ...BUILD_PIPELINE_OBJECTS])).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
  });
});
