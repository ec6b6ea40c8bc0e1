// RBAC of dist/ and of every example ops repo, held to the allow-list of what each controller calls.
import * as path from 'path';
import { RBAC_FOR_LABEL, RbacFor } from '../../lib/core/rbac';
import { ROOT } from '../support/drift';
import { Manifest, readManifests } from '../support/manifests';
import { outputFolders } from '../support/output-folders';
import { rbacFindings } from '../support/rbac';

describe.each(outputFolders().map(d => [path.relative(ROOT, d), d]))('RBAC of %s', (_, dir) => {
  test('every Role and ClusterRole grants only what its controller calls, and every binding refers to one of them', () => {
    const manifests = readManifests(dir);
    expect(manifests.some(m => m.object.kind === 'Role' || m.object.kind === 'ClusterRole')).toBe(true);
    expect(rbacFindings(manifests)).toEqual([]);
  });

  test('nothing reads Secrets, and no grant uses a wildcard', () => {
    const rules = readManifests(dir).filter(m => m.object.kind === 'Role' || m.object.kind === 'ClusterRole').flatMap(m => m.object.rules ?? []);
    expect(rules.filter((r: any) => (r.resources ?? []).includes('secrets'))).toEqual([]);
    expect(rules.filter((r: any) => [r.apiGroups, r.resources, r.verbs].some(l => (l ?? []).includes('*')))).toEqual([]);
  });
});

const role = (kind: string, who: string | undefined, rules: any[], name = 'r'): Manifest => ({
  file: 'x.yaml', index: 0,
  object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, namespace: kind === 'Role' ? 'ci' : undefined, ...(who ? { labels: { [RBAC_FOR_LABEL]: who } } : {}) }, rules },
});

describe('the RBAC allow-list check', () => {
  test('passes the grants a controller needs', () => {
    expect(rbacFindings([role('Role', RbacFor.KPUSH_DEPLOYMENTS, [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create', 'list', 'patch'] }])])).toEqual([]);
  });

  test('fails a widened grant, an unknown owner, the wrong kind and a binding to a role not rendered', () => {
    expect(rbacFindings([
      role('ClusterRole', RbacFor.EVENT_LISTENER_CLUSTER, [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }], 'a'),
      role('Role', RbacFor.KPUSH_DEPLOYMENTS, [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create', 'list', 'patch', 'delete'] }], 'b'),
      role('Role', undefined, [], 'c'),
      role('ClusterRole', RbacFor.KPUSH_DEPLOYMENTS, [], 'd'),
      role('Role', RbacFor.EVENT_LISTENER, [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }], 'e'),
      { file: 'x.yaml', index: 0, object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'f' },
        roleRef: { kind: 'ClusterRole', name: 'tekton-triggers-eventlistener-clusterroles' } } },
    ])).toEqual([
      'x.yaml ClusterRole/a rules[0]: /secrets is not needed by event-listener-cluster',
      'x.yaml Role/ci/b rules[0]: apps/deployments verbs delete are not needed by kpush-deployments',
      "x.yaml Role/ci/c: label cdk8s-push-delivery.dev/rbac-for 'undefined' names no controller of the allow-list",
      'x.yaml ClusterRole/d: is a ClusterRole, but kpush-deployments is granted only by a Role',
      'x.yaml Role/ci/e rules[0]: /serviceaccounts is granted for every object, not only the named ones',
      'x.yaml ClusterRoleBinding/f: roleRef ClusterRole tekton-triggers-eventlistener-clusterroles is not a role of this output, so its grants are not checked',
    ]);
  });
});
