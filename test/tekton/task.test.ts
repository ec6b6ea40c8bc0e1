import { ApiObject, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { InlineTask, StepOnError, Task, TaskContext, TaskVolume } from '../../lib/tekton';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { ALPINE_IMAGE, gitClone, GIT_IMAGE, GO_IMAGE, newChart, synthProblems, synthWarnings } from './fixtures';

/** The tutorial's update-image-revision Task, rebuilt with handles. */
function updateImageRevision() {
  const { app, chart } = newChart();
  const task = new Task(chart, 'update-image-revision', { description: 'Pins the tested commit in the kpack Image' });
  const secret = task.addParam('github-token-secret', { default: 'github-token' });
  const key = task.addParam('github-token-secret-key', { default: 'GITHUB_TOKEN' });
  const revision = task.addParam('revision', { description: 'The tested commit' });
  const source = task.addWorkspace('source');
  task.addStep({
    name: 'update-revision', image: 'docker.io/mikefarah/yq:4.44.3', workingDir: `${source.path}/cicd/kpack`,
    env: { REVISION: revision.ref },
    script: '#!/bin/sh\nset -eu\nyq -i \'.spec.source.git.revision = strenv(REVISION)\' image.yaml\n',
  });
  task.addStep({
    name: 'git-commit', image: GIT_IMAGE, workingDir: source.path,
    env: { GITHUB_TOKEN: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, 'token', secret.ref), key: key.ref }) },
    script: '#!/bin/sh\nset -eu\ngit commit -am "Pin $(context.taskRun.name)" && git push\n',
  });
  return { app, chart, task };
}

describe('Task', () => {
  test('snapshot of a Task with every kind of field', () => {
    const { chart } = newChart();
    const cache = TaskVolume.emptyDir('go-cache', { sizeLimit: Size.gibibytes(2) });
    const netrc = TaskVolume.secret('netrc', 'git-netrc', { defaultMode: 0o400 });
    const task = new Task(chart, 'go-build', {
      description: 'Builds and tests a Go module',
      displayName: 'Go build',
      metadata: { labels: { 'app.kubernetes.io/part-of': 'ci' } },
      stepTemplate: { env: { GOFLAGS: '-mod=readonly' }, securityContext: { runAsNonRoot: true, runAsUser: 1001 } },
      volumes: [netrc, TaskVolume.configMap('settings', 'go-settings')],
    });
    const pkg = task.addParam('package', { default: './...', description: 'Packages to test' });
    const flags = task.addParam('flags', { type: 'array', default: ['-race', '-cover'] });
    const mode = task.addParam('mode', { enum: ['fast', 'full'], default: 'fast' });
    const source = task.addWorkspace('source', { description: 'The module', mountPath: '/src' });
    const cacheWs = task.addWorkspace('cache', { optional: true, readOnly: true });
    const digest = task.addResult('digest', { description: 'Binary digest' });
    const files = task.addResult('files', { type: 'array' });
    task.addStep({
      name: 'test', image: GO_IMAGE, workingDir: source.path, command: ['go'], args: ['test', flags.ref, pkg.ref],
      computeResources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) } },
      volumeMounts: [{ volume: cache, mountPath: '/root/.cache' }, { volume: TaskVolume.secret('netrc', 'git-netrc', { defaultMode: 0o400 }), mountPath: '/etc/netrc', readOnly: true }],
      onError: StepOnError.CONTINUE, timeout: Duration.minutes(20),
      env: { MODE: mode.ref, RUN: TaskContext.taskRunName },
    });
    task.addStep({
      name: 'report', image: ALPINE_IMAGE,
      script: `#!/bin/sh\nset -eu\nif [ "${cacheWs.bound}" = true ]; then ls ${cacheWs.path}; fi\ncat $(steps.step-test.exitCode.path)\nsha256sum /src/bin > ${digest.path}\necho '["a"]' > ${files.path}\n`,
    });
    task.addSidecar({ name: 'registry', image: 'docker.io/library/registry:2.8.3', env: { REGISTRY_HTTP_ADDR: ':5000' } });
    const objects = Testing.synth(chart);
    expect(objects).toMatchSnapshot();
    expect(crdViolations(objects)).toEqual([]);
    expect(tektonLintFindings(objects)).toEqual([]);
    expect(synthProblems(chart)).toEqual([]);
  });

  test('a param pasted into a script is a warning that names the step and shows the env form', () => {
    const { app, chart } = newChart();
    const task = new Task(chart, 'clone');
    const url = task.addParam('repo-url');
    task.addStep({ name: 'clone', image: GIT_IMAGE, script: `#!/bin/sh\ngit clone "${url}" . && echo ${url}\n` });
    task.addStep({ name: 'safe', image: GIT_IMAGE, env: { REPO_URL: url.ref }, script: '#!/bin/sh\ngit clone -- "$REPO_URL" .\n' });
    expect(synthProblems(app)).toEqual([]);
    expect(synthWarnings(app)).toEqual([
      "ci/clone: spec.steps[clone].script '$(params.repo-url)' is pasted into the script text: Tekton substitutes the value before the shell parses it, so a value with quotes, $(...) or a newline runs as code. Pass it through the step's env instead: env: { REPO_URL: $(params.repo-url) }, and read \"$REPO_URL\" in the script",
    ]);
  });

  test('the tutorial\'s update-image-revision Task: Secret by reference, params in secretKeyRef, lint-clean', () => {
    const { app, chart, task } = updateImageRevision();
    const objects = Testing.synth(chart);
    expect(objects[0].spec.steps[1].env).toEqual([
      { name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: '$(params.github-token-secret)', key: '$(params.github-token-secret-key)' } } },
    ]);
    expect(task.params.map(p => [p.name, p.required])).toEqual([['github-token-secret', false], ['github-token-secret-key', false], ['revision', true]]);
    expect(synthProblems(app)).toEqual([]);
    expect(synthWarnings(app)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    expect(tektonLintFindings(objects)).toEqual([]);
  });

  test('handles render Tekton variables', () => {
    const { chart } = newChart();
    const task = new Task(chart, 't');
    expect(`${task.addParam('s')}`).toBe('$(params.s)');
    const arr = task.addParam('a', { type: 'array' });
    expect([arr.ref, arr.item(1)]).toEqual(['$(params.a[*])', '$(params.a[1])']);
    const obj = task.addParam('o', { properties: ['url', 'rev'] });
    expect([obj.type, obj.ref, obj.key('url')]).toEqual(['object', '$(params.o[*])', '$(params.o.url)']);
    const ws = task.addWorkspace('w');
    expect([ws.path, ws.bound, ws.claim, ws.volume, ws.mountPath]).toEqual(['$(workspaces.w.path)', '$(workspaces.w.bound)', '$(workspaces.w.claim)', '$(workspaces.w.volume)', '/workspace/w']);
    expect(task.addResult('r').path).toBe('$(results.r.path)');
    expect(task.param('s').name).toBe('s');
    expect(() => task.param('nope')).toThrow("ci/t: spec.params 'nope' is not declared. Use one of: s, a, o");
  });

  test('params, steps and volumes added after construction are rendered; the same volume twice is declared once', () => {
    const { chart } = newChart();
    const shared = TaskVolume.emptyDir('scratch');
    const task = new Task(chart, 'late', { steps: [{ name: 'one', image: ALPINE_IMAGE, script: '#!/bin/sh\ntrue\n', volumeMounts: [{ volume: shared, mountPath: '/s' }] }] });
    const p = task.addParam('late-param');
    task.addStep({ name: 'two', image: ALPINE_IMAGE, args: [p.ref], volumeMounts: [{ volume: shared, mountPath: '/s' }] });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.params).toEqual([{ name: 'late-param', type: 'string' }]);
    expect(spec.steps.map((s: any) => s.name)).toEqual(['one', 'two']);
    expect(spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
  });

  test('the name defaults to the construct id and is not hashed; an explicit name wins', () => {
    const { chart } = newChart();
    expect(new Task(chart, 'a-task', { steps: [{ name: 's', image: ALPINE_IMAGE }] }).name).toBe('a-task');
    const named = new Task(chart, 'id', { metadata: { name: 'other' }, steps: [{ name: 's', image: ALPINE_IMAGE }] });
    expect(Testing.synth(chart).map(o => o.metadata.name)).toEqual(['a-task', 'other']);
    expect(ApiObject.of(named).kind).toBe('Task');
  });

  test('an object param read by key and an object default are valid Tekton but noted as tekton-lint false positives', () => {
    const { app, chart } = newChart();
    const task = new Task(chart, 'objects');
    const repo = task.addParam('repo', { properties: ['url'], default: { url: 'https://example.com/x.git' } });
    task.addStep({ name: 's', image: ALPINE_IMAGE, args: [repo.key('url')] });
    expect(synthProblems(app)).toEqual([]);
    expect(synthWarnings(app)).toEqual([
    "ci/objects: spec.params[repo].default '{\"url\":\"https://example.com/x.git\"}' is an object, which tekton-lint's no-invalid-param-type reports as an error although Tekton v1 accepts it. Pass the object from the run instead if the output must be lint-clean",
      "ci/objects: spec.steps[s].args[0] '$(params.repo.url)' is valid Tekton, but tekton-lint's no-undefined-param reads 'repo.url' as a name and reports an error. Use a string param or result here if the output must pass tekton-lint",
    ]);
    const objects = Testing.synth(chart);
    expect(crdViolations(objects)).toEqual([]);
    expect(tektonLintFindings(objects).filter(f => f.startsWith('error'))).toHaveLength(2);
  });
});

describe('Task checks at synth', () => {
  test('a Task without steps', () => {
    const { app, chart } = newChart();
    new Task(chart, 'empty');
    expect(synthProblems(app)).toEqual([
      "ci/empty: spec.steps '[]' is empty: a Task needs at least one step. Add one with addStep({ name, image, script })",
    ]);
  });

  test('the tutorial\'s $(GIT_COMMIT) is rejected with the shell hint', () => {
    const { app, chart } = newChart();
    new Task(chart, 'pin', { steps: [{ name: 'pin', image: GIT_IMAGE, script: '#!/bin/sh\ngit commit -m "Pin $(GIT_COMMIT)"\n' }] });
    expect(synthProblems(app)).toEqual([
      "ci/pin: spec.steps[pin].script '$(GIT_COMMIT)' is not a variable of Task 'pin': Tekton leaves it alone and the shell runs 'GIT_COMMIT' as a command. Did you mean the shell's ${GIT_COMMIT}? To pass a value in, declare a param and use $(params.git-commit)",
    ]);
  });

  test('every unresolved variable in scripts, args, command, env and workingDir is reported at once', () => {
    const { app, chart } = newChart();
    const task = new Task(chart, 'bad');
    task.addParam('flags', { type: 'array' });
    task.addStep({
      name: 's', image: ALPINE_IMAGE, command: ['$(params.cmd)'], args: ['x$(params.flags[*])'], workingDir: '$(workspaces.src.path)',
      env: { A: '$(results.out.path)', B: '$(context.pipelineRun.name)', C: '$(tasks.a.results.b)' },
    });
    task.addStep({ name: 't', image: ALPINE_IMAGE, script: '#!/bin/sh\necho $(params.flags) $(steps.step-nope.exitCode.path) $(inputs.params.x)\n' });
    expect(synthProblems(app)).toEqual([
      "ci/bad: spec.steps[s].command[0] '$(params.cmd)' names a param that Task 'bad' does not declare (tekton-lint's no-undefined-param). Declare it with addParam('cmd'), or use one of: flags",
      "ci/bad: spec.steps[s].args[0] '$(params.flags[*])' puts a whole array inside a longer string; Tekton replaces it only when it is a whole array element. Give $(params.flags[*]) as one element of args or command on its own, or use one item as $(params.flags[0])",
      "ci/bad: spec.steps[s].workingDir '$(workspaces.src.path)' names a workspace that Task 'bad' does not declare. Declare it with addWorkspace('src')",
      "ci/bad: spec.steps[s].env[0].value '$(results.out.path)' names a result that Task 'bad' does not declare, so what the step writes there is lost. Declare it with addResult('out')",
      "ci/bad: spec.steps[s].env[1].value '$(context.pipelineRun.name)' is substituted only in a Pipeline's task params, not inside a Task. Declare a param and pass $(context.pipelineRun.name) to it from the Pipeline",
      "ci/bad: spec.steps[s].env[2].value '$(tasks.a.results.b)' is a Pipeline variable, which is not substituted in Task 'bad'. Declare a param and pass the value to it from the Pipeline",
      "ci/bad: spec.steps[t].script '$(params.flags)' uses the array param 'flags' as a string. Give $(params.flags[*]) as one element of args or command on its own, or use one item as $(params.flags[0])",
      "ci/bad: spec.steps[t].script '$(steps.step-nope.exitCode.path)' names a step that Task 'bad' does not have. Use $(steps.step-<name>.exitCode.path) with one of: s, t",
      "ci/bad: spec.steps[t].script '$(inputs.params.x)' is the pre-v1 PipelineResources form, which tekton.dev/v1 does not substitute. Use $(params.name) and $(results.name.path)",
    ]);
  });

  test('params of the wrong kind: string read as array, object key unknown, object as a whole in a Task', () => {
    const { app, chart } = newChart();
    const task = new Task(chart, 'kinds');
    task.addParam('s');
    task.addParam('o', { properties: ['a'] });
    task.addStep({ name: 's', image: ALPINE_IMAGE, args: ['$(params.s[*])', '$(params.o.b)', '$(params.o[*])'] });
    expect(synthProblems(app)).toEqual([
      "ci/kinds: spec.steps[s].args[0] '$(params.s[*])' treats the string param 's' as an array. Use $(params.s)",
      "ci/kinds: spec.steps[s].args[1] '$(params.o.b)' reads 'b', which is not a key of the object param 'o'. Use one of: $(params.o.a)",
      "ci/kinds: spec.steps[s].args[2] '$(params.o[*])' uses the object param 'o' as a whole in a Task. Read one key, e.g. $(params.o.a)",
    ]);
  });

  test('a workspace may not take the mount path of a volume', () => {
    const { app, chart } = newChart();
    const task = new Task(chart, 'mounts');
    task.addWorkspace('data', { mountPath: '/data' });
    task.addStep({ name: 's', image: ALPINE_IMAGE, volumeMounts: [{ volume: TaskVolume.emptyDir('scratch'), mountPath: '/data/' }] });
    expect(synthProblems(app)).toEqual([
      "ci/mounts: spec.workspaces[data].mountPath '/data' is also the mount path of volume 'scratch'. Give each workspace its own mount path, apart from the steps' volume mounts",
    ]);
  });

  test('an unused param is a warning, not an error', () => {
    const { app, chart } = newChart();
    const task = new Task(chart, 'unused', { steps: [{ name: 's', image: ALPINE_IMAGE }] });
    task.addParam('never');
    expect(synthProblems(app)).toEqual([]);
    expect(synthWarnings(app)).toEqual([
      "ci/unused: spec.params 'never' is declared but nothing in the Task uses it (tekton-lint's no-unused-param). Use it as $(params.never) or remove it",
    ]);
  });

  test('a param used only in a volume or a workspace mount path counts as used', () => {
    const { app, chart } = newChart();
    const task = new Task(chart, 'used');
    const secret = task.addParam('secret');
    const dir = task.addParam('dir');
    task.addWorkspace('w', { mountPath: `/ws/${dir}` });
    task.addVolume(TaskVolume.secret('creds', secret.ref));
    task.addStep({ name: 's', image: ALPINE_IMAGE });
    expect(synthWarnings(app)).toEqual([]);
  });

  test('an inline Task is checked under its own path and renders no object', () => {
    const { app, chart } = newChart();
    const ok = new InlineTask(chart, 'ok', { steps: [{ name: 'v', image: ALPINE_IMAGE }] });
    expect(Testing.synth(chart)).toEqual([]);
    expect(ok.renderReference()).toEqual({ taskSpec: { steps: [{ name: 'v', image: ALPINE_IMAGE }] } });
    new InlineTask(chart, 'verify', { steps: [{ name: 'v', image: ALPINE_IMAGE, script: '#!/bin/sh\ntest -n "$(params.digest)"\n' }] });
    expect(synthProblems(app)).toEqual([
      "ci/verify: spec.steps[v].script '$(params.digest)' names a param that inline Task 'verify' does not declare (tekton-lint's no-undefined-param). Declare it with addParam('digest')",
    ]);
  });
});

describe('Task arguments rejected at once', () => {
  const { chart } = newChart();
  const task = gitClone(chart);
  test.each<[string, () => unknown, string]>([
    ['a name that is not a DNS label', () => new Task(chart, 'Bad_Name'), "ci/Bad_Name: metadata.name 'Bad_Name' is not a DNS-1123 label"],
    ['a name starting with a digit', () => new Task(chart, '1task'), "ci/1task: metadata.name '1task' does not start with a letter (tekton-lint's no-invalid-name). Use lower-case letters, digits and '-', starting with a letter"],
    ['a duplicate param', () => task.addParam('url'), "ci/git-clone: spec.params 'url' is declared twice (tekton-lint's no-duplicate-param). Give each param its own name"],
    ['a param name with a dot', () => task.addParam('a.b'), "ci/git-clone: spec.params 'a.b' is not a valid param name (letters, digits, '_' and '-', starting with a letter or '_'). Rename it, e.g. 'git-revision'"],
    ['a default of the wrong type', () => task.addParam('n', { default: 42 as any }), "ci/git-clone: spec.params[n].default '42' is not a string, as the param's type 'string' requires (tekton-lint's no-invalid-param-type). Quote it as a string, e.g. \"1\""],
    ['an array default with a number', () => task.addParam('arr', { type: 'array', default: ['a', 1] as any }), "ci/git-clone: spec.params[arr].default '[\"a\",1]' is not an array of strings, as the param's type 'array' requires (tekton-lint's no-invalid-param-type). Give an array of strings"],
    ['an enum on an array', () => task.addParam('e1', { type: 'array', enum: ['a'] }), "ci/git-clone: spec.params[e1].enum '[\"a\"]' is set on an array param. Only string params take an enum"],
    ['a default outside the enum', () => task.addParam('e2', { enum: ['a', 'b'], default: 'c' }), "ci/git-clone: spec.params[e2].default 'c' is not one of the enum values. Use one of: a, b"],
    ['an object param without properties', () => task.addParam('o1', { type: 'object' }), "ci/git-clone: spec.params[o1].properties '[]' is empty for an object param. List the object's keys, e.g. properties: ['url', 'revision']"],
    ['an object default lacking keys', () => task.addParam('o2', { properties: ['a', 'b'], default: { a: 'x' } }), "ci/git-clone: spec.params[o2].default '{\"a\":\"x\"}' lacks the keys b. Give a value for every key in properties"],
    ['a duplicate workspace', () => task.addWorkspace('output'), "ci/git-clone: spec.workspaces 'output' is declared twice. Give each workspace its own name"],
    ['a relative workspace mount path', () => task.addWorkspace('rel', { mountPath: 'x' }), "ci/git-clone: spec.workspaces[rel].mountPath 'x' is not an absolute path. Start it with '/'"],
    ['a duplicate result', () => task.addResult('commit'), "ci/git-clone: spec.results 'commit' is declared twice. Give each result its own name"],
    ['a result name with a dot', () => task.addResult('a.b'), "ci/git-clone: spec.results 'a.b' is not a valid result name"],
    ['a duplicate step', () => task.addStep({ name: 'clone', image: GIT_IMAGE }), "ci/git-clone: spec.steps 'clone' is the name of another step. Give each step its own name"],
    ['a step name that is not a label', () => task.addStep({ name: 'Clone', image: GIT_IMAGE }), "ci/git-clone: spec.steps 'Clone' is not a DNS-1123 label"],
    ['a step without image', () => task.addStep({ name: 'noimg' }), "ci/git-clone: spec.steps[noimg].image '' is missing. Give the step an image, or give the Task a stepTemplate with one"],
    ['an untagged image', () => task.addStep({ name: 'a', image: 'alpine' }), "ci/git-clone: spec.steps[a].image 'alpine' has no tag or digest, so every pull may get a different image. Pin it, e.g. alpine:1.2.3 or alpine@sha256:<digest>"],
    ['an image with a registry port but no tag', () => task.addStep({ name: 'a', image: 'registry:5000/team/app' }), "ci/git-clone: spec.steps[a].image 'registry:5000/team/app' has no tag or digest"],
    ['the latest tag', () => task.addStep({ name: 'a', image: 'alpine:latest' }), "ci/git-clone: spec.steps[a].image 'alpine:latest' uses the tag 'latest', so every pull may get a different image. Pin a version tag or a digest"],
    ['a bad digest', () => task.addStep({ name: 'a', image: 'alpine@sha256:abc' }), "ci/git-clone: spec.steps[a].image 'alpine@sha256:abc' has a malformed digest. Use <image>@sha256:<64 hex digits>"],
    ['a script without hashbang', () => task.addStep({ name: 'a', image: GIT_IMAGE, script: 'echo hi\n' }), "ci/git-clone: spec.steps[a].script 'echo hi' does not start with a hashbang (tekton-lint's no-missing-hashbang). Start the script with an interpreter line such as #!/bin/sh"],
    ['script with command', () => task.addStep({ name: 'a', image: GIT_IMAGE, script: '#!/bin/sh\n', command: ['sh'] }), "ci/git-clone: spec.steps[a].command '[\"sh\"]' is set together with script. Use either script or command"],
    ['a bad env name', () => task.addStep({ name: 'a', image: GIT_IMAGE, env: { '1X': 'y' } }), "ci/git-clone: spec.steps[a].env '1X' is not a valid environment variable name"],
    ['a mount under /tekton', () => task.addStep({ name: 'a', image: GIT_IMAGE, volumeMounts: [{ volume: TaskVolume.emptyDir('v'), mountPath: '/tekton/results' }] }), "ci/git-clone: spec.steps[a].volumeMounts '/tekton/results' is under /tekton/, which Tekton reserves. Mount it elsewhere"],
    ['a relative mount path', () => task.addStep({ name: 'a', image: GIT_IMAGE, volumeMounts: [{ volume: TaskVolume.emptyDir('v'), mountPath: 'rel' }] }), "ci/git-clone: spec.steps[a].volumeMounts 'rel' is not an absolute path. Start it with '/'"],
    ['two volumes with one name', () => task.addVolume(TaskVolume.configMap('clash', 'a')) ?? task.addVolume(TaskVolume.configMap('clash', 'b')), "ci/git-clone: spec.volumes 'clash' is already the name of a different volume. Give each volume its own name, or mount the same TaskVolume"],
    ['a bad onError', () => task.addStep({ name: 'a', image: GIT_IMAGE, onError: 'ignore' as any }), "ci/git-clone: spec.steps[a].onError 'ignore' is not a valid value. Use StepOnError.CONTINUE or StepOnError.STOP_AND_FAIL"],
    ['a sidecar without image', () => task.addSidecar({ name: 'db' }), "ci/git-clone: spec.sidecars[db].image '' is missing. Give the sidecar an image"],
    ['.item on a string param', () => task.param('url').item(0), "ci/git-clone: spec.params[url] 'url' is a string param, not an array. Use .ref"],
    ['.key on an unknown key', () => task.addParam('obj', { properties: ['a'] }).key('b'), "ci/git-clone: spec.params[obj].properties 'b' is not a key of this object param. Use one of: a"],
  ])('%s', (_what, act, message) => {
    expect(act).toThrow(message);
  });

  test('a step may not set an env var the stepTemplate sets (tekton-lint\'s no-duplicate-env)', () => {
    const t = new Task(chart, 'tmpl', { stepTemplate: { image: ALPINE_IMAGE, env: { HOME: '/root' } } });
    t.addStep({ name: 'ok' });
    expect(() => t.addStep({ name: 'dup', env: { HOME: '/tmp' } })).toThrow(
      "ci/tmpl: spec.steps[dup].env 'HOME' is also set by the stepTemplate (tekton-lint's no-duplicate-env). Set it in one place: the step or the stepTemplate");
  });

  test('images with a digest, a tag and a parameterised tag are accepted', () => {
    const t = new Task(chart, 'images');
    t.addParam('version');
    expect(() => t.addStep({ name: 'a', image: `docker.io/library/alpine@sha256:${'a'.repeat(64)}` })).not.toThrow();
    expect(() => t.addStep({ name: 'b', image: 'registry:5000/team/app:1.0' })).not.toThrow();
    expect(() => t.addStep({ name: 'c', image: 'docker.io/library/golang:$(params.version)' })).not.toThrow();
  });
});
