import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { gitCloneScript, GIT_STEP_IMAGE, pinRevisionScript, renderInputs, StepScript } from '../../../lib/catalog/scripts';
import { crdViolations, tektonLintFindings } from '../../support/conformance';
import { credentialsWorkspace, runStepScript, stepScriptOf, substituteTekton, tempDir } from '../../support/git-fixtures';

const SCRIPTS: Array<[string, string, () => StepScript]> = [
  ['git-clone', 'clone', gitCloneScript],
  ['pin-revision', 'pin', pinRevisionScript],
];

/** A Task carrying the script as its one step, declared the way the script says. */
function taskOf(name: string, step: string, s: StepScript): any {
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'Task',
    metadata: { name },
    spec: {
      params: s.params.map(p => ({ name: p.name, type: 'string', description: p.description, ...(p.default !== undefined ? { default: p.default } : {}) })),
      workspaces: s.workspaces.map(w => ({ name: w.name, description: w.description, ...(w.optional ? { optional: true } : {}), ...(w.readOnly ? { readOnly: true } : {}) })),
      ...(s.results.length ? { results: s.results.map(r => ({ name: r.name, description: r.description })) } : {}),
      steps: [{ name: step, image: s.image, script: s.script }],
    },
  };
}

/** The Tekton references in a script, as `kind.name` (e.g. `params.url`, `workspaces.output`). */
function references(script: string): string[] {
  return [...script.matchAll(/\$\((params|workspaces|results)\.([^.)]+)[^)]*\)/g)].map(m => `${m[1]}.${m[2]}`);
}

describe.each(SCRIPTS)('%s step script', (name, step, make) => {
  const s = make();

  test('snapshot', () => {
    expect(s).toMatchSnapshot();
  });

  test('is the same on every call', () => {
    expect(make()).toEqual(s);
  });

  test('starts with a bash hashbang and strict mode, ends with a newline, and parses', () => {
    const lines = s.script.split('\n');
    const strict = lines.indexOf('set -euo pipefail');
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    expect(strict).toBeGreaterThan(0);
    expect(lines.slice(1, strict).every(l => l.startsWith('# '))).toBe(true);
    expect(s.script.endsWith('\n')).toBe(true);
    expect(s.script).not.toMatch(/[ \t]+$|\r/m);
    const check = spawnSync('bash', ['-n'], { input: s.script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  test('reads each declared param, workspace and result, and nothing else, once, at the top', () => {
    const declared = [
      ...s.params.map(p => `params.${p.name}`),
      ...s.workspaces.map(w => `workspaces.${w.name}`),
      ...s.results.map(r => `results.${r.name}`),
    ];
    expect([...new Set(references(s.script))].sort()).toEqual([...declared].sort());
    const lines = s.script.split('\n');
    const withReference = lines.filter(l => references(l).length > 0);
    expect(withReference.every(l => /^[A-Z_]+='\$\([a-z.-]+\)'$/.test(l))).toBe(true);
    expect(new Set(withReference).size).toBe(withReference.length);
    expect(lines.indexOf(withReference[withReference.length - 1]) - lines.indexOf(withReference[0])).toBe(withReference.length - 1);
  });

  test('a Task declaring it passes tekton-lint and the Tekton CRD schema', () => {
    const task = taskOf(name, step, s);
    expect(tektonLintFindings([task])).toEqual([]);
    expect(crdViolations([task])).toEqual([]);
    expect(stepScriptOf(task, step)).toBe(s.script);
    // The linter does look at these params: one the script does not read is reported.
    task.spec.params.push({ name: 'unused', type: 'string' });
    expect(tektonLintFindings([task])).toEqual([expect.stringContaining("Task '" + name + "' defines parameter 'unused', but it's not used anywhere in the spec")]);
  });

  test('runs in a pinned image with bash and git', () => {
    expect(s.image).toBe(GIT_STEP_IMAGE);
    expect(s.image).toMatch(/^[a-z0-9.-]+\/[a-z0-9/._-]+:[a-z0-9._-]+$/);
    expect(s.image).not.toMatch(/:latest$/);
  });
});

describe('renderInputs', () => {
  test('quotes each reference once, so the value stays literal in the shell', () => {
    expect(renderInputs([{ variable: 'URL', reference: 'params.url' }, { variable: 'DIR', reference: 'workspaces.output.path' }]))
      .toBe("URL='$(params.url)'\nDIR='$(workspaces.output.path)'");
  });
});

describe('substituteTekton', () => {
  const script = "A='$(params.a)'\nB='$(workspaces.w.path)'\nC='$(workspaces.o.bound)'\nD='$(results.r.path)'\n";

  test('replaces params, workspace paths and bound flags, and result paths in one pass', () => {
    expect(substituteTekton(script, { params: { a: '$(params.a)x' }, workspaces: { w: '/ws' }, unboundWorkspaces: ['o'], results: { r: '/res' } }))
      .toBe("A='$(params.a)x'\nB='/ws'\nC='false'\nD='/res'\n");
  });

  test('fails on a reference without a value', () => {
    expect(() => substituteTekton(script, { params: {}, workspaces: { w: '/ws' }, results: { r: '/res' } }))
      .toThrow('unsubstituted Tekton references: $(params.a), $(workspaces.o.bound)');
  });

  test('fails on a malformed reference', () => {
    expect(() => substituteTekton('echo $(params.a', {})).toThrow('unsubstituted Tekton references: 1 malformed');
  });
});

describe('pin-revision script: params are checked before any git command', () => {
  let dir: string;
  let creds: string;
  beforeAll(() => {
    dir = tempDir('params-');
    creds = credentialsWorkspace(path.join(dir, 'credentials'), 'pin-bot', 'token');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const VALID = {
    'app': 'go-sample-app', 'revision': 'a'.repeat(40), 'ops-url': 'http://127.0.0.1:9/ops.git', 'ops-branch': 'main',
    'pin-file': '', 'image-file': '', 'author-name': 'Pin Bot', 'author-email': 'pin-bot@example.com',
    'max-attempts': '5', 'backoff-seconds': '0', 'dry-run': 'false',
  };
  const run = (params: { [name: string]: string }) => runStepScript(pinRevisionScript().script, {
    params: { ...VALID, ...params },
    workspaces: { 'app-source': dir, 'ops-checkout': dir, 'git-credentials': creds },
  });

  test('a short SHA fails with the message and the fix', async () => {
    const result = await run({ revision: '5d4c3b2' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("pin-revision: error: param revision '5d4c3b2' is not a full 40-character commit SHA. Pass the tested commit, e.g. the git-clone task's result commit\n");
  });

  test('property: anything but 40 hex digits is refused with exit 1, the value shown as given', async () => {
    const notSha = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.stringMatching(/^[0-9a-f]{1,60}$/),
      fc.stringMatching(/^[0-9a-f]{39}[g-z ;$`"]$/),
    ).filter(v => !/^[0-9a-fA-F]{40}$/.test(v) && !v.includes("'") && !v.includes('\0'));
    await fc.assert(fc.asyncProperty(notSha, async revision => {
      const result = await run({ revision });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`pin-revision: error: param revision '${revision}' is not a full 40-character commit SHA. Pass the tested commit, e.g. the git-clone task's result commit\n`);
    }), { numRuns: 40 });
  });

  test.each([
    [{ 'app': 'Go_App' }, "param app 'Go_App' is not a DNS-1123 label. Pass the app's name as in the ops repo, e.g. go-sample-app"],
    [{ 'ops-url': 'https://bot:tok@example.com/ops.git' }, "param ops-url 'https://example.com/ops.git' has a password in it. Pass the plain URL and put the credentials in the git-credentials workspace"],
    [{ 'ops-branch': 'a..b' }, "param ops-branch 'a..b' is not a valid branch name. Pass the branch Argo CD syncs, e.g. main"],
    [{ 'pin-file': '/etc/passwd' }, "param pin-file '/etc/passwd' is not a relative path inside the repository. Use a path such as pins/go-sample-app.sha"],
    [{ 'image-file': 'dist/../../x.yaml' }, "param image-file 'dist/../../x.yaml' is not a relative path inside the repository. Use a path such as dist/go-sample-app/kpack/image-go-sample-app.yaml"],
    [{ 'author-name': '' }, "param author-name '' is empty. Pass the name to commit the pin as"],
    [{ 'author-email': 'bot' }, "param author-email 'bot' is not an e-mail address. Pass one such as pin-bot@example.com"],
    [{ 'max-attempts': '0' }, "param max-attempts '0' is not a whole number from 1 to 999. Use e.g. 5"],
    [{ 'backoff-seconds': '1.5' }, "param backoff-seconds '1.5' is not a whole number from 0 to 999. Use e.g. 2"],
    [{ 'dry-run': 'yes' }, 'param dry-run \'yes\' is neither true nor false. Pass "true" or "false"'],
  ])('bad param %p fails with the message and the fix', async (params, message) => {
    const result = await run(params);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`pin-revision: error: ${message}\n`);
  });

  test('an app-source that is not a git clone fails with the fix', async () => {
    const result = await run({});
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`pin-revision: error: workspace app-source '${dir}' is not the top of a git clone. Bind the workspace the app was cloned into (with subPath if it was cloned into a subdirectory)\n`);
  });
});
