import { md } from '../core/markdown';
import { ApplicationPlan, ObjectChange, ObjectChangeKind, Plan } from './plan';
import { FieldChange } from './structural-diff';

/** Exit code of `npm run plan` when nothing changes. */
export const PLAN_NO_CHANGES = 0;
/** Exit code of `npm run plan` when something changes (1 is left to errors). */
export const PLAN_CHANGES = 2;

const MARK: { [k in ObjectChangeKind]: string } = { 'added': '+', 'moved-in': '>', 'changed': '~', 'moved-out': '<', 'removed': '-' };
const MAX_VALUE = 160;

/** Whether the plan changes anything. */
export function planHasChanges(p: Plan): boolean {
  return p.applications.length > 0;
}

/** One line of counts: `2 Applications change: 1 object added, 1 changed, 0 removed`. */
export function planSummary(p: Plan): string {
  if (!planHasChanges(p)) return `No changes: the synthesis equals ${p.against}.`;
  const all = p.applications.flatMap(a => a.changes);
  const n = (k: ObjectChangeKind) => all.filter(c => c.kind === k).length;
  const apps = p.applications.length;
  const moved = n(ObjectChangeKind.MOVED_IN);
  return `${apps} Application${apps === 1 ? '' : 's'} change${apps === 1 ? 's' : ''} against ${p.against}: `
    + `${n(ObjectChangeKind.ADDED)} object(s) added, ${n(ObjectChangeKind.CHANGED)} changed, ${n(ObjectChangeKind.REMOVED)} removed`
    + `${moved ? `, ${moved} moved between Applications` : ''}.`;
}

/** The plan for a terminal. */
export function formatPlanText(p: Plan): string {
  const lines: string[] = [];
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  for (const app of p.applications) {
    lines.push(`Application ${app.application} (${app.folder}) on cluster ${app.cluster}`);
    for (const c of app.changes) lines.push(...changeLines(c, '  '));
  }
  lines.push(planSummary(p));
  return `${lines.join('\n')}\n`;
}

/**
 * The plan as a pull-request comment: a summary, then one collapsible section per Application with its
 * changes as a `diff` block (added green, removed red).
 */
export function formatPlanMarkdown(p: Plan): string {
  const out: string[] = ['### Plan', '', planSummary(p), ''];
  if (p.warnings.length) {
    out.push('<details><summary>Warnings</summary>', '', ...p.warnings.map(w => `- ${md.text(w)}`), '', '</details>', '');
  }
  for (const app of p.applications) {
    out.push(`<details><summary><code>${escapeHtml(app.application)}</code> on <code>${escapeHtml(app.cluster)}</code> — ${counts(app)}</summary>`, '');
    out.push(`Folder ${md.code(app.folder)}, cluster ${md.code(app.cluster)}`, '');
    out.push(...md.fence('diff', app.changes.flatMap(c => changeLines(c, '').map(l => diffMarker(c, l)))));
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

function counts(app: ApplicationPlan): string {
  return (Object.values(ObjectChangeKind))
    .map(k => [k, app.changes.filter(c => c.kind === k).length] as const)
    .filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
}

function changeLines(c: ObjectChange, indent: string): string[] {
  const moved = c.movedFrom !== undefined ? ` (moved from Application ${c.movedFrom})` : c.movedTo !== undefined ? ` (moved to Application ${c.movedTo})` : '';
  return [`${indent}${MARK[c.kind]} ${c.object}${moved}`, ...c.fields.map(f => `${indent}    ${fieldLine(f)}`)];
}

function fieldLine(f: FieldChange): string {
  if (f.before === undefined) return `${f.path}: (none) → ${value(f.after)}`;
  if (f.after === undefined) return `${f.path}: ${value(f.before)} → (none)`;
  return `${f.path}: ${value(f.before)} → ${value(f.after)}`;
}

function value(v: unknown): string {
  const s = typeof v === 'string' ? (v === '' || /\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** A line of a `diff` block: added green, removed red, a changed object's head `!`; a move is context. */
function diffMarker(c: ObjectChange, line: string): string {
  if (c.kind === ObjectChangeKind.ADDED) return `+${line.slice(1)}`;
  if (c.kind === ObjectChangeKind.REMOVED) return `-${line.slice(1)}`;
  return line.startsWith('~') ? `!${line.slice(1)}` : ` ${line}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
