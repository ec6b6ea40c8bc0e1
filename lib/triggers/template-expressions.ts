import { problem } from '../core/errors';

/** What {@link checkTemplateExpressions} found. */
export interface TemplateExpressionReport {
  /** Problems, each as `<field> '<value>' <what is wrong>. <fix>`. */
  readonly problems: string[];
  /** The template params used as `$(tt.params.<name>)`. */
  readonly used: Set<string>;
}

const EXPRESSION = /\$\(([^()]*)\)/g;
const TT_PARAM = /^tt\.params\.([_a-zA-Z][_a-zA-Z0-9.-]*)$/;

/**
 * Checks the `$(...)` expressions in a TriggerTemplate's resource templates the way Triggers substitutes
 * them: only `$(tt.params.<name>)` of a declared param and `$(uid)` are replaced. `$(params.<name>)` (the form
 * Triggers dropped in v0.7) and event values (`$(body...)`) would reach the created resource unchanged.
 */
export function checkTemplateExpressions(resources: unknown[], declared: ReadonlySet<string>): TemplateExpressionReport {
  const problems: string[] = [];
  const used = new Set<string>();
  resources.forEach((resource, i) => visit(resource, `spec.resourcetemplates[${i}]`, (text, field) => {
    for (const m of text.matchAll(EXPRESSION)) {
      const inner = m[1];
      const tt = TT_PARAM.exec(inner);
      if (tt) {
        used.add(tt[1]);
        if (!declared.has(tt[1])) {
          problems.push(problem(field, m[0], `uses param '${tt[1]}', which this template does not declare`,
            `Declare it with addParam('${tt[1]}'), or use a param handle of this template`));
        }
      } else if (inner.startsWith('params.')) {
        const name = inner.slice('params.'.length);
        problems.push(problem(field, m[0], 'is not substituted: since Triggers v0.7 a template param is written $(tt.params.<name>), and $(params.<name>) reaches the run unchanged',
          `Use the template param's handle, which renders $(tt.params.${name})`));
      } else if (/^(body|header|extensions)([.[]|$)/.test(inner)) {
        problems.push(problem(field, m[0], 'reads the event, which only a TriggerBinding can; a template sees only its params',
          'Bind the value to a template param in a TriggerBinding and use the param here'));
      }
    }
  }));
  return { problems, used };
}

function visit(node: unknown, field: string, onString: (text: string, field: string) => void): void {
  if (typeof node === 'string') {
    onString(node, field);
  } else if (Array.isArray(node)) {
    node.forEach((child, i) => visit(child, `${field}[${i}]`, onString));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) visit(child, `${field}.${key}`, onString);
  }
}
