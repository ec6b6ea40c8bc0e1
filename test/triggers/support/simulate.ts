// Plays a GitHub webhook delivery through synthesized Triggers objects the way an EventListener does:
// interceptors in order (github: signature and event type; cel: filter and overlays), then the bindings'
// values, then the template with $(tt.params.x) replaced. Works on the JSON cdk8s synthesizes, so it tests
// the manifests, not the constructs' view of them.
import * as crypto from 'crypto';
import { celFilterAccepts, evaluateCel } from './cel-runtime';
import { resolveBindingValue } from './jsonpath';

/** One webhook delivery. */
export interface Delivery {
  /** `X-GitHub-Event`. */
  readonly event: string;
  readonly payload: object;
  /** The webhook secret GitHub signs with; omit to send an unsigned delivery. */
  readonly signWith?: string;
}

/** What one trigger made of a delivery. */
export type TriggerOutcome =
  | { readonly trigger: string; readonly accepted: true; readonly params: { [name: string]: string }; readonly resources: any[] }
  | { readonly trigger: string; readonly accepted: false; readonly reason: string };

/** Secret values by Secret name and key: the cluster's Secrets, which never appear in the manifests. */
export type Secrets = { [name: string]: { [key: string]: string } };

/** Delivers to the EventListener `listener` among `objects`; returns the outcome of each of its triggers. */
export function deliver(objects: any[], listener: string, delivery: Delivery, secrets: Secrets = {}): TriggerOutcome[] {
  const el = find(objects, 'EventListener', listener);
  const raw = JSON.stringify(delivery.payload);
  const header: { [name: string]: string } = {
    'Content-Type': 'application/json',
    'X-GitHub-Event': delivery.event,
    'X-GitHub-Delivery': '00000000-0000-0000-0000-000000000001',
  };
  if (delivery.signWith !== undefined) header['X-Hub-Signature-256'] = sign(raw, delivery.signWith);
  return (el.spec.triggers ?? []).map((trigger: any) => runTrigger(objects, el, trigger, JSON.parse(raw), raw, header, secrets));
}

function runTrigger(objects: any[], el: any, trigger: any, body: any, raw: string, header: { [name: string]: string }, secrets: Secrets): TriggerOutcome {
  const extensions: { [key: string]: unknown } = {};
  for (const interceptor of trigger.interceptors ?? []) {
    const params = Object.fromEntries((interceptor.params ?? []).map((p: any) => [p.name, p.value]));
    if (interceptor.ref.name === 'github') {
      const secret = secrets[params.secretRef.secretName]?.[params.secretRef.secretKey];
      if (secret === undefined) return rejected(trigger, `secret ${params.secretRef.secretName}/${params.secretRef.secretKey} not found`);
      if (header['X-Hub-Signature-256'] !== sign(raw, secret)) return rejected(trigger, 'signature does not match');
      if (!params.eventTypes.includes(header['X-GitHub-Event'])) return rejected(trigger, `event type ${header['X-GitHub-Event']} is not allowed`);
    } else if (interceptor.ref.name === 'cel') {
      const request = { body, header, extensions };
      if (params.filter !== undefined && !celFilterAccepts(params.filter, request)) {
        return rejected(trigger, `expression ${params.filter} did not return true`);
      }
      for (const overlay of params.overlays ?? []) setPath(extensions, overlay.key, evaluateCel(overlay.expression, request));
    } else {
      throw new Error(`the simulation knows no interceptor '${interceptor.ref.name}'`);
    }
  }
  const bound: { [name: string]: string } = {};
  for (const ref of trigger.bindings ?? []) {
    const binding = find(objects, ref.kind, ref.ref, ref.kind === 'TriggerBinding' ? el.metadata.namespace : undefined);
    for (const p of binding.spec.params) {
      if (p.name in bound) throw new Error(`param ${p.name} is bound twice`);
      bound[p.name] = resolveBindingValue(p.value, { body, header, extensions });
    }
  }
  const template = find(objects, 'TriggerTemplate', trigger.template.ref, el.metadata.namespace);
  const params: { [name: string]: string } = {};
  for (const p of template.spec.params ?? []) {
    const value = bound[p.name] ?? p.default;
    if (value === undefined) throw new Error(`template param ${p.name} has no value`);
    params[p.name] = value;
  }
  const resources = template.spec.resourcetemplates.map((r: any) => {
    let json = JSON.stringify(r);
    for (const [name, value] of Object.entries(params)) json = json.split(`$(tt.params.${name})`).join(JSON.stringify(value).slice(1, -1));
    return JSON.parse(json.split('$(uid)').join('uid-1'));
  });
  return { trigger: trigger.name, accepted: true, params, resources };
}

function rejected(trigger: any, reason: string): TriggerOutcome {
  return { trigger: trigger.name, accepted: false, reason };
}

function find(objects: any[], kind: string, name: string, namespace?: string): any {
  const found = objects.find(o => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (!found) throw new Error(`${kind} ${namespace ? `${namespace}/` : ''}${name} is not among the objects`);
  return found;
}

/** GitHub's `X-Hub-Signature-256`: HMAC-SHA256 of the raw body with the webhook secret. */
export function sign(raw: string, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(raw).digest('hex')}`;
}

function setPath(target: { [key: string]: unknown }, key: string, value: unknown): void {
  const parts = key.split('.');
  let current: any = target;
  for (const part of parts.slice(0, -1)) current = current[part] ??= {};
  current[parts[parts.length - 1]] = value;
}
