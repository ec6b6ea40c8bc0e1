import { problem } from '../core/errors';
import { forEachExpressionString, variablesIn } from './expressions';

/**
 * Valid Tekton v1 references that `@ibm/tekton-lint` 1.x misreads: it takes everything after `params.` (or
 * after `results.`) up to `)` as the name, so an object key (`$(params.o.key)`), an array index
 * (`$(params.a[0])`) or a whole array or object result (`$(tasks.t.results.r[*])`) reads as an undeclared
 * name and is reported as an error. These are warnings here, so the cause is plain before the lint check
 * over the output fails.
 */
export function lintMisreadings(value: unknown, field: string): string[] {
  const out: string[] = [];
  forEachExpressionString(value, field, (text, fieldOf) => {
    for (const v of variablesIn(text)) {
      if (v.path[0] === 'params' && (v.path.length > 2 || typeof v.selector === 'number')) {
        out.push(note(fieldOf(), v.text, 'no-undefined-param', v.text.slice('$(params.'.length, -1)));
      } else if (v.path[0] === 'tasks' && v.path[2] === 'results' && (v.path.length > 4 || v.selector !== undefined)) {
        out.push(note(fieldOf(), v.text, 'no-undefined-result', v.text.slice(v.text.indexOf('.results.') + '.results.'.length, -1)));
      }
    }
  });
  return out;
}

function note(field: string, text: string, rule: string, name: string): string {
  return problem(field, text, `is valid Tekton, but tekton-lint's ${rule} reads '${name}' as a name and reports an error`,
    'Use a string param or result here if the output must pass tekton-lint');
}
