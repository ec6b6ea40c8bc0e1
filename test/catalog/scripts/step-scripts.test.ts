import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import {
  GIT_STEP_IMAGE, gitCloneScript, goLintScript, goTestScript, inputEnv, inputEnvName, pinRevisionScript, renderInputs, StepScript,
} from '../../../lib/catalog/scripts';
import { variablesIn } from '../../../lib/tekton/expressions';
import { credentialsWorkspace, tempDir } from '../../support/git-fixtures';
import { runTaskStep, substituteTekton, taskRunSubstitutions, taskStep } from '../task-run';
import { TASKS } from './harness';

const SCRIPTS: Array<[string, () => StepScript]> = [
  ['git-clone', gitCloneScript],
  ['pin-revision', pinRevisionScript],
  ['golangci-lint', goLintScript],
  ['golang-test', goTestScript],
];

/** The Tekton references in a text, as `kind.name` (e.g. `params.url`, `workspaces.output`). */
function references(text: string): string[] {
  return [...text.matchAll(/\$\((params|workspaces|results|context|tasks|steps|credentials)\.([^.)]+)[^)]*\)/g)].map(m => `${m[1]}.${m[2]}`);
}

describe.each(SCRIPTS)('%s step script', (name, make) => {
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

  test('the script text holds no Tekton variable: Tekton has nothing to paste into it', () => {
    expect(references(s.script)).toEqual([]);
    expect(variablesIn(s.script)).toEqual([]);
    const values = { params: Object.fromEntries(s.params.map(p => [p.name, "'; touch /tmp/x; '$(id)`id`"])) };
    expect(substituteTekton(s.script, { ...values, workspaces: {}, results: {} })).toBe(s.script);
  });

  test('the env carries each declared param, workspace and result, and nothing else, each as one whole reference', () => {
    const declared = [
      ...s.params.map(p => `params.${p.name}`),
      ...s.workspaces.map(w => `workspaces.${w.name}`),
      ...s.results.map(r => `results.${r.name}`),
    ];
    const values = Object.values(s.env);
    expect([...new Set(values.flatMap(references))].sort()).toEqual([...declared].sort());
    for (const v of values) {
      if (v.includes('$(')) expect(v).toMatch(/^\$\([a-z.-]+\)$/);
    }
    for (const [variable, value] of Object.entries(s.env).filter(([, v]) => v.startsWith('$('))) {
      expect(variable).toBe(inputEnvName(value.slice(2, -1)));
    }
    // Optional workspaces are also read as bound or not.
    for (const w of s.workspaces.filter(x => x.optional)) expect(values).toContain(`$(workspaces.${w.name}.bound)`);
  });

  test('reads each input variable once, in one block at the top', () => {
    const inputs = Object.entries(s.env).filter(([, v]) => v.startsWith('$(')).map(([k]) => k);
    const lines = s.script.split('\n');
    const reading = lines.filter(l => inputs.some(i => l.includes(i)));
    expect(reading).toHaveLength(inputs.length);
    expect(reading.every(l => /^[A-Z_]+="\$\{[A-Z_]+\}"$/.test(l))).toBe(true);
    expect(lines.indexOf(reading[reading.length - 1]) - lines.indexOf(reading[0])).toBe(reading.length - 1);
    expect(lines.indexOf(reading[0])).toBe(lines.indexOf('set -euo pipefail') + 2);
  });

  test('runs in an image pinned by tag', () => {
    expect(s.image).toMatch(/^[a-z0-9.-]+\/[a-z0-9/._-]+:[a-z0-9._-]+$/);
    expect(s.image).not.toMatch(/:latest$/);
    if (name === 'git-clone' || name === 'pin-revision') expect(s.image).toBe(GIT_STEP_IMAGE);
  });
});

describe('script inputs', () => {
  test('each kind of reference has its own variable', () => {
    expect(['params.ops-url', 'workspaces.app-source.path', 'workspaces.git-credentials.bound', 'results.commit.path'].map(inputEnvName))
      .toEqual(['PARAM_OPS_URL', 'WORKSPACE_APP_SOURCE_PATH', 'WORKSPACE_GIT_CREDENTIALS_BOUND', 'RESULT_COMMIT_PATH']);
  });

  test.each(['params.url.path', 'workspaces.output', 'results.commit', 'context.taskRun.name', 'params.Url'])('%p is refused', reference => {
    expect(() => inputEnvName(reference)).toThrow(`script input '${reference}' is not params.<name>, workspaces.<name>.path|bound or results.<name>.path. Use one of these forms`);
  });

  test('renderInputs copies each variable from the environment, quoted; inputEnv maps it to the reference', () => {
    const inputs = [{ variable: 'URL', reference: 'params.url' }, { variable: 'DIR', reference: 'workspaces.output.path' }];
    expect(renderInputs(inputs)).toBe('URL="${PARAM_URL}"\nDIR="${WORKSPACE_OUTPUT_PATH}"');
    expect(inputEnv(inputs)).toEqual({ PARAM_URL: '$(params.url)', WORKSPACE_OUTPUT_PATH: '$(workspaces.output.path)' });
  });

  test('one reference read into two variables is refused', () => {
    expect(() => inputEnv([{ variable: 'A', reference: 'params.a-b' }, { variable: 'B', reference: 'params.a-b' }]))
      .toThrow("script inputs '$(params.a-b)' and '$(params.a-b)' both use PARAM_A_B. Read each input once");
  });
});

describe('substituteTekton', () => {
  const text = "A='$(params.a)'\nB='$(workspaces.w.path)'\nC='$(workspaces.o.bound)'\nD='$(results.r.path)'\n";

  test('replaces params, result paths, workspace paths and bound flags, each kind in one pass, in Tekton\'s order', () => {
    expect(substituteTekton(text, { params: { a: '$(params.a)x' }, workspaces: { w: '/ws' }, unboundWorkspaces: ['o'], results: { r: '/res' } }))
      .toBe("A='$(params.a)x'\nB='/ws'\nC='false'\nD='/res'\n");
    // A workspace variable inside a param value is replaced in the later workspace pass, as Tekton does.
    expect(substituteTekton('$(params.a)', { params: { a: '$(workspaces.w.path)/$(params.b)' }, workspaces: { w: '/ws' } })).toBe('/ws/$(params.b)');
  });

  test('fails on a reference without a value', () => {
    expect(() => substituteTekton(text, { params: {}, workspaces: { w: '/ws' }, results: { r: '/res' } }))
      .toThrow('unsubstituted Tekton references: $(params.a), $(workspaces.o.bound)');
  });

  test('fails on a malformed reference', () => {
    expect(() => substituteTekton('echo $(params.a', {})).toThrow('unsubstituted Tekton references: 1 malformed');
  });
});

describe('a TaskRun of a synthesized Task', () => {
  test('takes the script and env of the step as the Task object carries them', () => {
    const step = taskStep(TASKS.clone, 'clone');
    expect(step.script).toBe(TASKS.clone.spec.steps[0].script);
    expect(step.env.PARAM_URL).toBe('$(params.url)');
    expect(() => taskStep(TASKS.clone, 'nope')).toThrow("Task git-clone has no step 'nope' with a script");
  });

  test('gives params their defaults and leaves optional workspaces unbound', () => {
    expect(taskRunSubstitutions(TASKS.clone, { params: { url: 'u' }, workspaces: { output: '/o' }, results: { commit: '/r' } })).toEqual({
      params: { url: 'u', revision: '', depth: '1', subdirectory: '' },
      workspaces: { output: '/o' }, unboundWorkspaces: ['git-credentials'], results: { commit: '/r' },
    });
  });

  test.each([
    [{ workspaces: { output: '/o' } }, 'Task git-clone: param url is required'],
    [{ params: { url: 'u' } }, 'Task git-clone: workspace output is required'],
    [{ params: { url: 'u', branch: 'main' }, workspaces: { output: '/o' } }, 'Task git-clone declares no param branch'],
  ])('refuses %p as Tekton would', (run, message) => {
    expect(() => taskRunSubstitutions(TASKS.clone, run)).toThrow(message);
  });
});

const FIX_URL = "Pass the repository's plain clone URL, e.g. https://github.com/org/repo.git, and put the credentials in the git-credentials workspace";

describe('pin-revision Task: params are checked before any git command', () => {
  let dir: string;
  let creds: string;
  beforeAll(() => {
    dir = tempDir('params-');
    creds = credentialsWorkspace(path.join(dir, 'credentials'), 'pin-bot', 'token');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (params: { [name: string]: string }) => runTaskStep(TASKS.pin, 'pin', {
    params: { 'app': 'go-sample-app', 'revision': 'a'.repeat(40), 'ops-url': 'http://127.0.0.1:9/ops.git', 'backoff-seconds': '0', ...params },
    workspaces: { 'app-source': dir, 'ops-checkout': dir, 'git-credentials': creds },
  });

  const NOT_REVISION = 'is neither a full 40-character commit SHA nor a tag name. Pass the tested commit, e.g. the git-clone task\'s result commit, or a tag of the app repo';
  test('a short SHA fails with the message and the fix', async () => {
    const result = await run({ revision: '5d4c3b2' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`pin-revision: error: param revision '5d4c3b2' ${NOT_REVISION}\n`);
  });

  test('property: anything but 40 hex digits or a tag name, quotes and shell syntax included, is refused with exit 1, the value shown as given', async () => {
    const tagName = (v: string) => !v.startsWith('-') && !/^[0-9a-fA-F]+$/.test(v.replace(/^refs\/tags\//, ''))
      && spawnSync('git', ['check-ref-format', `refs/tags/${v.replace(/^refs\/tags\//, '')}`]).status === 0;
    const notSha = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.stringMatching(/^[0-9a-f]{1,60}$/),
      fc.stringMatching(/^[0-9a-f]{39}[g-z ;$`"'()]$/),
      fc.constantFrom("'; touch pwned; '", '"; touch pwned; "', '$(touch pwned)', '`touch pwned`', ';rm -rf .', "a'\"$(x)`y`;rm -rf /"),
    ).filter(v => !/^[0-9a-fA-F]{40}$/.test(v) && !v.includes('\0') && !tagName(v));
    await fc.assert(fc.asyncProperty(notSha, async revision => {
      const result = await run({ revision });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`pin-revision: error: param revision '${revision}' ${NOT_REVISION}\n`);
    }), { numRuns: 40 });
    expect(fs.readdirSync(dir)).toEqual(['credentials']);
  });

  test.each([
    [{ 'app': 'Go_App' }, "param app 'Go_App' is not a DNS-1123 label. Pass the app's name as in the ops repo, e.g. go-sample-app"],
    [{ 'ops-url': 'https://bot:tok@example.com/ops.git' }, `param ops-url 'https://***@example.com/ops.git' has credentials in it (a user name, token or password before '@'), which git would write into .git/config and pass in argv. ${FIX_URL}`],
    [{ 'ops-url': 'https://tok@example.com/ops.git' }, `param ops-url 'https://***@example.com/ops.git' has credentials in it (a user name, token or password before '@'), which git would write into .git/config and pass in argv. ${FIX_URL}`],
    [{ 'ops-url': '--upload-pack=touch pwned' }, `param ops-url '--upload-pack=touch pwned' starts with '-', so git would read it as an option. ${FIX_URL}`],
    [{ 'ops-url': 'https://example.com/ops.git upload' }, `param ops-url 'https://example.com/ops.git upload' contains whitespace or a control character, which git would take as part of the URL. ${FIX_URL}`],
    [{ 'ops-branch': '-main' }, "param ops-branch '-main' is not a valid branch name. Pass the branch Argo CD syncs, e.g. main"],
    [{ 'revision': '--upload-pack=x' }, "param revision '--upload-pack=x' is neither a full 40-character commit SHA nor a tag name. Pass the tested commit, e.g. the git-clone task's result commit, or a tag of the app repo"],
    [{ 'ops-branch': 'a..b' }, "param ops-branch 'a..b' is not a valid branch name. Pass the branch Argo CD syncs, e.g. main"],
    [{ 'pin-file': '/etc/passwd' }, "param pin-file '/etc/passwd' is not a relative path inside the repository. Use a path such as pins/go-sample-app.sha"],
    [{ 'image-file': 'dist/../../x.yaml' }, "param image-file 'dist/../../x.yaml' is not a relative path inside the repository. Use a path such as dist/go-sample-app/kpack/image-go-sample-app.yaml"],
    [{ 'author-name': '' }, "param author-name '' is empty. Pass the name to commit the pin as"],
    [{ 'author-email': 'bot' }, "param author-email 'bot' is not an e-mail address. Pass one such as pin-bot@example.com"],
    [{ 'max-attempts': '0' }, "param max-attempts '0' is not a whole number from 1 to 999. Use e.g. 5"],
    [{ 'max-attempts': 'a[$(touch pwned)]' }, "param max-attempts 'a[$(touch pwned)]' is not a whole number from 1 to 999. Use e.g. 5"],
    [{ 'backoff-seconds': '1.5' }, "param backoff-seconds '1.5' is not a whole number from 0 to 999. Use e.g. 2"],
    [{ 'dry-run': 'yes' }, 'param dry-run \'yes\' is neither true nor false. Pass "true" or "false"'],
  ])('bad param %p fails with the message and the fix', async (params, message) => {
    const result = await run(params);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`pin-revision: error: ${message}\n`);
    expect(fs.readdirSync(dir)).toEqual(['credentials']);
  });

  test('an app-source that is not a git clone fails with the fix', async () => {
    const result = await run({});
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`pin-revision: error: workspace app-source '${dir}' is not the top of a git clone. Bind the workspace the app was cloned into (with subPath if it was cloned into a subdirectory)\n`);
  });
});
