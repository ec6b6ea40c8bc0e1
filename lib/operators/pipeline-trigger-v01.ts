import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { RunWorkspace } from '../tekton/run';

/** Run settings only the v0.1.x operator has. */
export interface V01RunSettings {
  /** How many runs the operator keeps, 1 to 10. */
  readonly maxHistory: number;
  /** How many times it retries a failed run, 1 to 10. */
  readonly retries: number;
}

/**
 * The `spec.pipeline` of a v0.1.x PipelineTrigger, from a rendered `tekton.dev/v1` PipelineRun body: the
 * operator builds the run itself from these fields, with one `volumeClaimTemplate` workspace.
 */
export function toV01Spec(scope: Construct, body: any, workspaces: { [name: string]: RunWorkspace } | undefined, settings: V01RunSettings): any {
  for (const [field, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < 1 || value > 10) {
      fail(scope, field, value, 'is out of range: the v0.1 CRD accepts a whole number from 1 to 10', 'Use a value from 1 to 10');
    }
  }
  const bindings: any[] = body.spec.workspaces ?? [];
  if (bindings.length !== 1) {
    fail(scope, 'workspaces', Object.keys(workspaces ?? {}), `has ${bindings.length} workspaces, but the v0.1 operator binds exactly one`,
      'Bind one workspace with RunWorkspace.volumeClaimTemplate({ size })');
  }
  const ws = bindings[0];
  const claim = ws.volumeClaimTemplate?.spec;
  if (!claim) {
    fail(scope, `workspaces.${ws.name}`, Object.keys(ws).filter(k => k !== 'name')[0], 'is not a volumeClaimTemplate: the v0.1 operator only creates a claim per run',
      'Use RunWorkspace.volumeClaimTemplate({ size })');
  }
  if (claim.accessModes.length !== 1 || claim.storageClassName !== undefined) {
    fail(scope, `workspaces.${ws.name}`, claim, 'has more than one access mode or a storage class, which the v0.1 operator cannot express',
      'Give one access mode and no storageClassName');
  }
  return {
    name: body.spec.pipelineRef.name,
    serviceAccountName: body.spec.taskRunTemplate?.serviceAccountName ?? 'default',
    maxHistory: settings.maxHistory,
    retries: settings.retries,
    workspace: { name: ws.name, size: claim.resources.requests.storage, accessMode: claim.accessModes[0] },
    inputParams: (body.spec.params ?? []).map((p: { name: string; value: string }) => ({ name: p.name, value: p.value })),
  };
}
