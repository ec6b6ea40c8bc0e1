// plan over three teams on three clusters: objects are matched on their cluster (the same namespace and name
// on staging and prod are two objects), each Application names its cluster, and an object that moves from one
// Application's folder to another's shows as a move under both, in text and in Markdown.
import * as fs from 'fs';
import * as path from 'path';
import { formatPlanMarkdown, formatPlanText, Plan } from '../../lib';
import { renderApp } from '../../lib/output/render';
import { comparePlans } from '../../lib/plan/plan';
import { digestOf, PROD_URL, teamsRepo, teamsRoot, TeamsOptions } from '../delivery/teams-fixture';

let root: string;
beforeEach(() => { root = teamsRoot(); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function planOf(before: TeamsOptions, after: TeamsOptions, change: () => void = () => undefined): Plan {
  const old = renderApp(teamsRepo(root, before).ops);
  change();
  return { against: 'dist', applications: comparePlans(old, renderApp(teamsRepo(root, after).ops), 'dist'), warnings: [] };
}

test('a new image in prod only: the Deployment of that namespace and name on the prod cluster changes, staging\'s does not', () => {
  const p = planOf({}, {}, () => fs.writeFileSync(path.join(root, 'pins', 'ledger.prod.image'), `${digestOf('ledger', 5)}\n`));
  expect(formatPlanText(p)).toBe([
    `Application ledger-prod (payments/ledger/prod) on cluster ${PROD_URL}`,
    '  ~ Deployment ledger/ledger',
    `      spec.template.spec.containers[ledger].image: ${digestOf('ledger', 0)} → ${digestOf('ledger', 5)}`,
    '1 Application changes against dist: 0 object(s) added, 1 changed, 0 removed.',
    '',
  ].join('\n'));
});

test('an app removed: the kpush Role of the namespace it shared moves to the other app\'s Application, shown under both', () => {
  const shared = { devNamespace: { ledger: 'payments-dev', invoices: 'payments-dev' } };
  const p = planOf({ apps: ['ledger', 'invoices'], ...shared }, { apps: ['invoices'], ...shared });
  const lines = formatPlanText(p).split('\n');
  const section = (app: string) => lines.slice(lines.indexOf(lines.find(l => l.startsWith(`Application ${app} `))!)).slice(0, 8);
  expect(section('invoices-dev')).toEqual(expect.arrayContaining([
    'Application invoices-dev (payments/invoices/dev) on cluster in-cluster',
    '  > Role payments-dev/kpush-controller (moved from Application ledger-dev)',
    '  > RoleBinding payments-dev/kpush-controller (moved from Application ledger-dev)',
  ]));
  expect(section('ledger-dev')).toEqual(expect.arrayContaining([
    'Application ledger-dev (payments/ledger/dev) on cluster in-cluster',
    '  - Deployment payments-dev/ledger',
    '  < Role payments-dev/kpush-controller (moved to Application invoices-dev)',
  ]));
  expect(lines.filter(l => /^\s+[-+] (Role|RoleBinding) payments-dev\//.test(l))).toEqual([]);
  expect(lines).toContain(`Application ledger-prod (payments/ledger/prod) on cluster ${PROD_URL}`);
  expect(lines).toContain('Application ledger-staging (payments/ledger/staging) on cluster staging');
  expect(lines[lines.length - 2]).toMatch(/, 2 moved between Applications\.$/);
  const markdown = formatPlanMarkdown(p);
  expect(markdown).toContain('<details><summary><code>invoices-dev</code> on <code>in-cluster</code> — 2 moved-in</summary>');
  expect(markdown).toContain('Folder `payments/ledger/dev`, cluster `in-cluster`');
  expect(markdown).toContain(' < Role payments-dev/kpush-controller (moved to Application invoices-dev)');
  expect(markdown).toContain(`<details><summary><code>ledger-prod</code> on <code>${PROD_URL}</code>`);
});
