import { execFileSync, spawnSync } from 'child_process';
import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { PinRevisionTask, PinRevisionTaskProps } from '../../lib/catalog';
import { GIT_STEP_IMAGE, pinRevisionScript } from '../../lib/catalog/scripts';
import { URL_FUNCTIONS } from '../../lib/catalog/scripts/git-setup';
import { crdViolations, tektonLintFindings } from '../support/conformance';
import { newChart, objectOf, synthProblems, synthWarnings } from './fixtures';

const defaultsOf = (task: any) => Object.fromEntries(task.spec.params.filter((p: any) => 'default' in p).map((p: any) => [p.name, p.default]));

describe('PinRevisionTask', () => {
  test('snapshot', () => {
    const { chart } = newChart();
    new PinRevisionTask(chart, 'pin', { opsUrl: 'https://github.com/example/go-sample-app-ops.git' });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('passes tekton-lint and the Tekton v1 CRD schema, with no synth problem or warning', () => {
    const { chart } = newChart();
    new PinRevisionTask(chart, 'pin');
    const objects = Testing.synth(chart);
    expect(tektonLintFindings(objects)).toEqual([]);
    expect(crdViolations(objects)).toEqual([]);
    expect(synthProblems(chart)).toEqual([]);
    expect(synthWarnings(chart)).toEqual([]);
  });

  test('is named pin-revision, with a typed handle for every param and workspace of the script', () => {
    const { chart } = newChart();
    const task = new PinRevisionTask(chart, 'pin');
    const script = pinRevisionScript();
    expect(task.name).toBe('pin-revision');
    const params = [task.app, task.revision, task.opsUrl, task.opsBranch, task.pinFile, task.imageFile, task.authorName,
      task.authorEmail, task.maxAttempts, task.backoffSeconds, task.dryRun, task.imageTemplate, task.generatedList,
      task.baseImageEnv, task.baseImage, task.baseImageTag, task.baseImageFile];
    expect(params.map(p => p.name)).toEqual(script.params.map(p => p.name));
    expect(task.params).toEqual(params);
    expect([task.appSource, task.opsCheckout, task.gitCredentials].map(w => w.name)).toEqual(script.workspaces.map(w => w.name));
    expect(task.workspaces.map(w => w.name)).toEqual(['app-source', 'ops-checkout', 'git-credentials']);
    expect(task.results).toEqual([]);
    expect(params.filter(p => p.required).map(p => p.name)).toEqual(['app', 'revision', 'ops-url']);
    expect(task.gitCredentials.optional).toBe(false);
  });

  test('the step runs the script in the pinned git image, with no param in its text', () => {
    const { chart } = newChart();
    new PinRevisionTask(chart, 'pin');
    const step = objectOf(Testing.synth(chart), 'Task', 'pin-revision').spec.steps[0];
    expect(step).toMatchObject({ name: 'pin', image: GIT_STEP_IMAGE, script: pinRevisionScript().script });
    expect(step.script).not.toMatch(/\$\((params|workspaces|results)\./);
    expect(step.env.map((e: any) => e.value)).toContain('$(params.ops-url)');
  });

  test('props become the defaults of their params', () => {
    const { chart } = newChart();
    const task = new PinRevisionTask(chart, 'pin', {
      opsUrl: 'https://github.com/example/ops.git', opsBranch: 'release/2025', author: { name: 'pin-bot', email: 'pin-bot@example.com' },
      maxAttempts: 8, backoff: Duration.minutes(1),
    });
    expect(defaultsOf(objectOf(Testing.synth(chart), 'Task', 'pin-revision'))).toEqual({
      'ops-url': 'https://github.com/example/ops.git', 'ops-branch': 'release/2025', 'pin-file': '', 'image-file': '',
      'author-name': 'pin-bot', 'author-email': 'pin-bot@example.com', 'max-attempts': '8', 'backoff-seconds': '60', 'dry-run': 'false',
      'image-template': '', 'generated-list': '', 'base-image-env': '', 'base-image': '', 'base-image-tag': '', 'base-image-file': '',
    });
    expect(task.opsUrl.required).toBe(false);
  });

  test('without props the script\'s defaults stay', () => {
    const { chart } = newChart();
    new PinRevisionTask(chart, 'pin');
    expect(defaultsOf(objectOf(Testing.synth(chart), 'Task', 'pin-revision'))).toEqual(
      Object.fromEntries(pinRevisionScript().params.filter(p => p.default !== undefined).map(p => [p.name, p.default])));
  });

  const FIX_URL = 'Pass the ops repo\'s plain clone URL, e.g. https://github.com/org/ops.git, and bind its credentials to the git-credentials workspace';
  // The rules of lib/core/git.ts, in its words; the step script says the same in its own (git-setup.ts check_url).
  const CREDENTIALS = 'carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them';
  test.each<[PinRevisionTaskProps, string]>([
    [{ opsUrl: '' }, `ci/pin: opsUrl '' is empty. ${FIX_URL}`],
    [{ opsUrl: '--upload-pack=touch /tmp/x' }, `ci/pin: opsUrl '--upload-pack=touch /tmp/x' starts with '-', so git would read it as an option. ${FIX_URL}`],
    [{ opsUrl: 'https://bot:s3cret@github.com/example/ops.git' }, `ci/pin: opsUrl 'https://***@github.com/example/ops.git' ${CREDENTIALS}. ${FIX_URL}`],
    [{ opsUrl: 'https://ghp_s3cret@github.com/example/ops.git' }, `ci/pin: opsUrl 'https://***@github.com/example/ops.git' ${CREDENTIALS}. ${FIX_URL}`],
    [{ opsUrl: 'HTTPS://:s3cret@github.com/example/ops.git' }, `ci/pin: opsUrl 'HTTPS://***@github.com/example/ops.git' ${CREDENTIALS}. ${FIX_URL}`],
    [{ opsUrl: 'ssh://git:s3cret@github.com/example/ops.git' }, `ci/pin: opsUrl 'ssh://***@github.com/example/ops.git' ${CREDENTIALS}. ${FIX_URL}`],
    [{ opsUrl: 'git:s3cret@github.com:example/ops.git' }, `ci/pin: opsUrl '***@github.com:example/ops.git' carries a password in the URL (before '@'), where every reader of the manifests, the process list and the logs sees it. ${FIX_URL}`],
    [{ opsUrl: 'https://gitlab.com/example/ops.git?private_token=s3cret' }, `ci/pin: opsUrl 'https://gitlab.com/example/ops.git?***' has a query or a fragment, where tokens hide too; git URLs have neither. ${FIX_URL}`],
    [{ opsUrl: 'https://github.com/example/ops.git\n' }, `ci/pin: opsUrl 'https://github.com/example/ops.git\\n' contains whitespace or a control character (a line break, a tab, a space), which the controller would take as part of the URL. ${FIX_URL}`],
    [{ opsBranch: 'a..b' }, "ci/pin: opsBranch 'a..b' contains '..', which git does not allow in ref names. Pass the branch Argo CD syncs, e.g. main"],
    [{ opsBranch: 'main; rm -rf /' }, "ci/pin: opsBranch 'main; rm -rf /' contains a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in ref names. Pass the branch Argo CD syncs, e.g. main"],
    [{ opsBranch: '-main' }, "ci/pin: opsBranch '-main' starts with '-', which git does not allow for branch names (it would be read as an option). Pass the branch Argo CD syncs, e.g. main"],
    [{ author: { name: ' ', email: 'bot@example.com' } }, "ci/pin: author.name ' ' is empty. Pass the name to commit the pins as, e.g. pin-bot"],
    [{ author: { name: 'Bot <x>', email: 'bot@example.com' } }, "ci/pin: author.name 'Bot <x>' contains '<', '>' or a line break, which git drops from an identity. Pass the name to commit the pins as, e.g. pin-bot"],
    [{ author: { name: 'bot', email: 'bot' } }, "ci/pin: author.email 'bot' is not an e-mail address. Pass one such as pin-bot@example.com"],
    [{ maxAttempts: 0 }, "ci/pin: maxAttempts '0' is not a whole number from 1 to 999. Use e.g. 5"],
    [{ maxAttempts: 2.5 }, "ci/pin: maxAttempts '2.5' is not a whole number from 1 to 999. Use e.g. 5"],
    [{ backoff: Duration.millis(1500) }, "ci/pin: backoff '1.5s' is not a whole number of seconds from 0 to 999. Use e.g. Duration.seconds(2)"],
    [{ backoff: Duration.hours(1) }, "ci/pin: backoff '3600s' is not a whole number of seconds from 0 to 999. Use e.g. Duration.seconds(2)"],
  ])('bad props %p are refused with the path, the value and the fix', (props, message) => {
    const { chart } = newChart();
    expect(() => new PinRevisionTask(chart, 'pin', props)).toThrow(new Error(message));
  });

  test.each(['https://github.com/example/ops.git', 'ssh://git@github.com/example/ops.git', 'git@github.com:example/ops.git', '/srv/git/ops.git'])(
    'the clone URL %p is accepted', opsUrl => {
      const { chart } = newChart();
      expect(() => new PinRevisionTask(chart, 'pin', { opsUrl })).not.toThrow();
    });

  test('property: the Task and the script accept the same URLs, and no message shows the secret', () => {
    const SECRET = 'S3cretT0ken';
    const url = fc.tuple(
      fc.constantFrom('https://', 'http://', 'HTTPS://', 'ssh://', 'git+ssh://', 'file://', ''),
      fc.constantFrom('', `${SECRET}@`, `bot:${SECRET}@`, `:${SECRET}@`, 'git@', `git:${SECRET}@`),
      fc.constantFrom('github.com', '127.0.0.1:8080', 'example.com:'),
      fc.constantFrom('/org/ops.git', 'org/ops.git', '/a@b/ops.git', `/ops.git?token=${SECRET}`, `/ops.git#${SECRET}`, ''),
    ).map(parts => parts.join(''));
    fc.assert(fc.property(url, u => {
      let message = '';
      try {
        new PinRevisionTask(newChart().chart, 'pin', { opsUrl: u });
      } catch (e) {
        message = (e as Error).message;
      }
      const script = spawnSync('bash', ['-c', `die() { echo "$*"; exit 1; }\n${URL_FUNCTIONS}\ncheck_url opsUrl "$1"`, 'bash', u], { encoding: 'utf8' });
      expect({ u, refusedByScript: script.status !== 0 }).toEqual({ u, refusedByScript: message !== '' });
      // An ssh:// login name is no secret by the rules (the URL is accepted with it), so messages show it as
      // they show the rest of the URL; the script's redact hides it as well.
      expect(message.replace(new RegExp(`^(.*ssh[^:]*://)${SECRET}@`, 'i'), '$1login@')).not.toContain(SECRET);
      expect(script.stdout).not.toContain(SECRET);
    }), { numRuns: 200 });
  });

  test('property: a branch the Task accepts is one git accepts', () => {
    // The rules mirror `git check-ref-format`; a branch the Task takes must never be refused by the script.
    const accepted = (b: string) => {
      try {
        new PinRevisionTask(newChart().chart, 'pin', { opsBranch: b });
        return true;
      } catch {
        return false;
      }
    };
    const gitAccepts = (b: string) => {
      try {
        execFileSync('git', ['check-ref-format', `refs/heads/${b}`], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(fc.property(fc.stringMatching(/^[a-z./@{}~^:\-[\]* ]{1,12}$/), b => {
      if (accepted(b)) expect(gitAccepts(b)).toBe(true);
    }), { numRuns: 150 });
  });
});
