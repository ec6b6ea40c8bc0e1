// The fast JSON rendering against cdk8s's own ApiObject.toJson(), object by object.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext } from 'cdk8s';
import { renderJson } from '../../lib/core/render-json';
import { buildFleet } from '../../scripts/bench/fleet';
import { app as main } from '../../main';

function everyObject(root: App): ApiObject[] {
  return root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

describe('renderJson', () => {
  test('equals toJson(), key order included, for every object of main.ts and of a fleet of apps in teams', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'render-json-'));
    try {
      const objects = [...everyObject(main), ...everyObject(buildFleet({ apps: 4, root, teamSize: 2 }))];
      expect(objects.length).toBeGreaterThan(100);
      for (const o of objects) expect({ path: o.node.path, json: JSON.stringify(renderJson(o)) }).toEqual({ path: o.node.path, json: JSON.stringify(o.toJson()) });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('resolves Lazy values, implicit tokens and number-or-string unions, drops nulls, sorts keys, applies patches', () => {
    const chart = new Chart(new App(), 'c', { namespace: 'ns' });
    const union = new (class Quantity { public readonly value = '1Gi'; })();
    const token = { resolve: () => ['b', Lazy.any({ produce: () => 'c' })] };
    const obj = new ApiObject(chart, 'o', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { z: '1', a: '2' } },
      spec: { b: Lazy.any({ produce: () => ({ y: 1, x: null }) }), a: token, q: union, e: [], n: undefined },
    } as any);
    obj.addJsonPatch(JsonPatch.add('/spec/patched', true));
    expect(JSON.stringify(renderJson(obj))).toBe(JSON.stringify(obj.toJson()));
    expect(renderJson(obj).spec).toEqual({ a: ['b', 'c'], b: { y: 1 }, e: [], patched: true, q: { value: '1Gi' } });
  });

  test('an App with resolvers of its own gets exactly what its resolvers make', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('up:')) context.replaceValue(context.value.slice(3).toUpperCase());
      }
    }
    const chart = new Chart(new App({ resolvers: [new Upper()] }), 'c');
    const obj = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'up:yes' } } as any);
    expect(renderJson(obj).data).toEqual({ a: 'YES' });
  });
});
