import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readManifests } from './manifests';
import { toYaml } from '../../lib/output/render';

/** One finding of `@ibm/tekton-lint`. */
export interface LintFinding {
  readonly rule: string;
  readonly level: 'error' | 'warning';
  readonly message: string;
  /** The file, relative to the directory that was linted. */
  readonly path: string;
  readonly line: number;
}

const LINT = require.resolve('@ibm/tekton-lint/dist/lint.js');
const TEKTON_GROUPS = /^(tekton\.dev|triggers\.tekton\.dev)\//;

/**
 * Runs the real `@ibm/tekton-lint` CLI over every Tekton and Tekton Triggers object under `dir` and returns
 * its findings. The linter sees all documents at once, so cross-resource rules (a Pipeline's taskRef to a
 * Task, a TriggerTemplate's params) work across files.
 *
 * Only Tekton documents are passed on: the linter has no knowledge of other kinds.
 */
export function tektonLint(dir: string): { files: number; findings: LintFinding[] } {
  const tekton = readManifests(dir).filter(m => TEKTON_GROUPS.test(String(m.object.apiVersion)));
  if (tekton.length === 0) return { files: 0, findings: [] };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tekton-lint-'));
  try {
    const names = new Map<string, string>();
    tekton.forEach((m, i) => {
      const name = `${String(i).padStart(4, '0')}.yaml`;
      names.set(name, m.file);
      fs.writeFileSync(path.join(work, name), toYaml(m.object));
    });
    // The linter exits non-zero when it finds errors; its JSON report on stdout is what counts.
    const run = spawnSync(process.execPath, [LINT, '--format', 'json', '--color', 'false', '*.yaml'],
      { cwd: work, encoding: 'utf8', env: { ...process.env, HOME: work } });
    let raw: any[];
    try {
      raw = JSON.parse(run.stdout.trim() || '[]');
    } catch {
      throw new Error(`tekton-lint did not report JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    const findings = raw.map(f => ({
      rule: f.rule,
      level: f.level,
      message: f.message,
      path: names.get(path.basename(f.path)) ?? f.path,
      line: f.loc?.startLine ?? 0,
    }));
    return { files: tekton.length, findings };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
