import { Chart } from 'cdk8s';
import { problem } from '../core/errors';
import { annotationProblems, labelProblems } from '../core/metadata-rules';
import { TreeIndex } from '../core/tree-index';
import { ownerPath } from './identities';

/**
 * Problems the API server would refuse in the objects of `chart`: label and annotation keys and values,
 * and the total size of annotations, in `metadata` and in a pod template's `metadata`. Each names the
 * object's construct path; long values are shortened in messages.
 */
export function objectRuleProblems(chart: Chart): string[] {
  const index = TreeIndex.of(chart);
  const out: string[] = [];
  for (const obj of index.objectsOf(chart)) {
    const json = index.json(obj);
    const where = `of the ${obj.kind} at ${ownerPath(obj)}`;
    // A pod template's metadata becomes a Pod's (Deployment, Job...); other templates (an ApplicationSet's) are not objects yet.
    const podTemplate = json.spec?.template?.spec?.containers !== undefined ? json.spec.template.metadata : undefined;
    const places: Array<[string, any]> = [['metadata', json.metadata], ['spec.template.metadata', podTemplate]];
    for (const [at, metadata] of places) {
      if (!metadata) continue;
      const found = [...labelProblems(metadata.labels, `${at}.labels`), ...annotationProblems(metadata.annotations, `${at}.annotations`)];
      for (const [field, value, wrong] of found) {
        out.push(problem(field, shorten(value), `${where} ${wrong}`,
          field.endsWith(' key') ? 'Use a key such as \'app.kubernetes.io/name\': an optional DNS prefix, \'/\', and a name of at most 63 letters, digits, \'-\', \'_\' or \'.\''
            : field.endsWith('.annotations') ? 'Keep large data out of annotations: put it in a ConfigMap and reference it'
              : 'Use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit'));
      }
    }
  }
  return out;
}

/** A value as messages show it: at most 80 characters, control characters escaped. */
function shorten(value: string): string {
  const visible = JSON.stringify(value).slice(1, -1);
  return visible.length > 80 ? `${visible.slice(0, 77)}...` : visible;
}
