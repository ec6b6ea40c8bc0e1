import { problem } from '../core/errors';
import { renderReference } from './event-value';
import { payloadHasPath } from './github-payload';
import { ITriggerBinding } from './binding';
import { GitHubInterceptor, Interceptor } from './interceptor';
import { LISTENER_CREATABLE_KINDS } from './listener-rbac';
import { ITriggerTemplate } from './template';

/** One trigger of an EventListener, as the checks see it. */
export interface TriggerSpec {
  /** The trigger name. */
  readonly name: string;
  /** Its bindings. */
  readonly bindings: ITriggerBinding[];
  /** Its template. */
  readonly template: ITriggerTemplate;
  /** Its interceptors, in order. */
  readonly interceptors: Interceptor[];
}

/** What the cross-resource checks of one trigger found. */
export interface TriggerReport {
  /** Problems that stop synthesis. */
  readonly problems: string[];
  /** Problems that do not. */
  readonly warnings: string[];
}

/**
 * Checks one trigger against the objects it references: namespaces, that the bindings supply every
 * template param without a default (and nothing twice), that every `$(extensions.x)` is added by one of its
 * interceptors, that typed GitHub fields belong to an event type its GitHub interceptor accepts, and that
 * the listener's role may create what the template makes.
 */
export function checkTrigger(t: TriggerSpec, namespace: string): TriggerReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const at = `spec.triggers.${t.name}`;

  for (const b of t.bindings) {
    if (b.kind === 'TriggerBinding' && b.namespace && b.namespace !== namespace) {
      problems.push(problem(`${at}.bindings`, b.name, `is a TriggerBinding in namespace '${b.namespace}', but the EventListener reads bindings from its own namespace '${namespace}'`,
        'Create the binding in the EventListener\'s namespace, or use a ClusterTriggerBinding'));
    }
  }
  if (t.template.namespace && t.template.namespace !== namespace) {
    problems.push(problem(`${at}.template`, t.template.name, `is in namespace '${t.template.namespace}', but the EventListener reads templates from its own namespace '${namespace}'`,
      'Create the template in the EventListener\'s namespace'));
  }

  const bound = new Map<string, string>();
  for (const b of t.bindings) {
    for (const name of b.paramNames ?? []) {
      const other = bound.get(name);
      if (other !== undefined) {
        problems.push(problem(`${at}.bindings`, name, `is bound by both '${other}' and '${b.name}'; Triggers rejects duplicate params`, 'Bind each param in one binding of the trigger'));
      }
      bound.set(name, b.name);
    }
  }

  const specs = t.template.paramSpecs;
  if (specs) {
    const allKnown = t.bindings.every(b => b.paramNames !== undefined);
    for (const p of specs) {
      if (!p.hasDefault && allKnown && !bound.has(p.name)) {
        problems.push(problem(`${at}.bindings`, p.name, `is a param of TriggerTemplate '${t.template.name}' without a default, but no binding of the trigger supplies it`,
          `Bind it, e.g. binding.addParam(template.param('${p.name}'), GitHubPush.headCommitId), or give it a default`));
      }
    }
    const declared = new Set(specs.map(p => p.name));
    for (const [name, binding] of bound) {
      if (!declared.has(name)) {
        warnings.push(problem(`${at}.bindings`, name, `is bound by '${binding}' but TriggerTemplate '${t.template.name}' has no such param, so it is ignored`,
          'Remove it from the binding or declare it in the template'));
      }
    }
  }

  const github = t.interceptors.filter((i): i is GitHubInterceptor => i instanceof GitHubInterceptor);
  for (const b of t.bindings) {
    for (const p of b.params ?? []) {
      for (const ref of p.value.references) {
        // A path written as text (typed helpers are checked by the compiler): against GitHub's schema of each
        // event the trigger accepts, since Triggers fails the whole event on a field the payload lacks.
        if (ref.root === 'body' && p.value.events.length === 0 && ref.path.length > 0) {
          for (const event of new Set(github.flatMap(g => g.eventTypes))) {
            if (payloadHasPath(event, ref.path) === false) {
              problems.push(problem(`${at}.bindings`, renderReference(ref), `is read by param '${p.name}' of '${b.name}', but GitHub's '${event}' payload has no such field, so Triggers fails every such event`,
                'Fix the path (GitHub\'s webhook payload reference lists the fields), or use a typed field such as GitHubPush.field(\'head_commit.id\'), which the compiler checks'));
            }
          }
        }
        if (ref.root === 'extensions' && !t.interceptors.some(i => i.providesExtension(ref.path))) {
          problems.push(problem(`${at}.bindings`, renderReference(ref), `is read by param '${p.name}' of '${b.name}', but no interceptor of the trigger adds it`,
            'Add a CEL interceptor with that overlay key to the trigger, or bind another value'));
        }
      }
      for (const event of p.value.events) {
        const missing = github.find(g => !g.eventTypes.includes(event));
        if (missing) {
          problems.push(problem(`${at}.bindings`, p.value.toString(), `is a field of GitHub '${event}' events (param '${p.name}' of '${b.name}'), but the trigger's GitHub interceptor accepts only ${missing.eventTypes.join(', ') || 'no events'}`,
            `Accept '${event}' in eventTypes, or bind a field of the accepted events`));
        }
      }
    }
  }
  if (github.length === 0) {
    warnings.push(problem(`${at}.interceptors`, t.interceptors.map(i => i.interceptorName), 'has no GitHub interceptor, so the trigger accepts unsigned events from anyone who can reach the Service',
      'Add Interceptor.github({ secret, eventTypes }) first'));
  }

  for (const kind of t.template.createdKinds ?? []) {
    if (!LISTENER_CREATABLE_KINDS.includes(kind)) {
      problems.push(problem(`${at}.template`, kind, `is created by TriggerTemplate '${t.template.name}', but an EventListener's Role grants create only on ${LISTENER_CREATABLE_KINDS.join(', ')}`,
        'Grant the EventListener\'s ServiceAccount create on that kind with an extra Role, or create a PipelineRun instead'));
    }
  }
  return { problems, warnings };
}
