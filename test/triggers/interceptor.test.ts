import * as kplus from 'cdk8s-plus-27';
import { Cel, Interceptor, TriggerBinding } from '../../lib/triggers';
import { chartInCi } from './support/fixtures';
import { BRANCH_PUSHES } from './support/payloads';
import { evaluateCel } from './support/cel-runtime';

describe('Interceptor.github', () => {
  test('refers to the github ClusterInterceptor with secretRef and eventTypes', () => {
    const github = Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes: ['push', 'pull_request'] });
    expect(github._render()).toEqual({
      ref: { name: 'github', kind: 'ClusterInterceptor' },
      params: [
        { name: 'secretRef', value: { secretName: 'github-webhook', secretKey: 'secret' } },
        { name: 'eventTypes', value: ['push', 'pull_request'] },
      ],
    });
    expect(github._check()).toEqual([]);
    expect(github.extensionKeys).toEqual([]);
  });

  test('takes a cdk8s-plus Secret with a key', () => {
    const { chart } = chartInCi();
    const secret = kplus.Secret.fromSecretName(chart, 'webhook', 'github-webhook');
    const github = Interceptor.github({ secret, secretKey: 'token', eventTypes: ['push'] });
    expect(github._render().params[0]).toEqual({ name: 'secretRef', value: { secretName: 'github-webhook', secretKey: 'token' } });
  });

  test('can add the changed files as an extension, with a token Secret reference', () => {
    const github = Interceptor.github({ secret: { name: 'w', key: 's' }, eventTypes: ['push'], changedFilesToken: { name: 'github-pat', key: 'token' } });
    expect(github._render().params[2]).toEqual({ name: 'addChangedFiles', value: { enabled: true, personalAccessToken: { secretName: 'github-pat', secretKey: 'token' } } });
    expect(github.changedFiles.toString()).toBe('$(extensions.changed_files)');
    expect(github.providesExtension(['changed_files'])).toBe(true);
    expect(() => Interceptor.github({ secret: { name: 'w', key: 's' }, eventTypes: ['push'] }).changedFiles).toThrow(
      "changedFilesToken 'undefined' is not set, so the interceptor adds no changed_files. Give changedFilesToken to Interceptor.github");
  });

  test('reports unknown or no event types and bad secret references', () => {
    const { chart } = chartInCi();
    const secret = kplus.Secret.fromSecretName(chart, 'webhook', 'github-webhook');
    expect(Interceptor.github({ secret, eventTypes: ['pull-request' as any] })._check()).toEqual([
      expect.objectContaining({ field: 'eventTypes', value: 'pull-request', whatIsWrong: 'is not a GitHub webhook event type' }),
      expect.objectContaining({ field: 'secretRef.secretKey', value: '', whatIsWrong: 'is missing' }),
    ]);
    expect(Interceptor.github({ secret: { name: 'Bad_Name', key: 'k' }, eventTypes: [] })._check().map(p => p.field)).toEqual(['eventTypes', 'secretRef.secretName']);
  });
});

describe('Interceptor.cel', () => {
  test('renders filter and overlays; overlay keys become extension values', () => {
    const cel = Interceptor.cel({ filter: Cel.pushToBranch('main'), overlays: { short_sha: Cel.shortSha('body.after'), 'git.branch': Cel.branchOfPush() } });
    expect(cel._render()).toEqual({
      ref: { name: 'cel', kind: 'ClusterInterceptor' },
      params: [
        { name: 'filter', value: "body.ref == 'refs/heads/main' && !body.deleted" },
        { name: 'overlays', value: [{ key: 'short_sha', expression: 'body.after.truncate(7)' }, { key: 'git.branch', expression: 'body.ref.substring(11)' }] },
      ],
    });
    expect(cel.extension('short_sha').toString()).toBe('$(extensions.short_sha)');
    expect(cel.extension('git.branch').toString()).toBe('$(extensions.git.branch)');
    expect(cel.providesExtension(['git', 'branch'])).toBe(true);
    expect(cel.providesExtension(['git'])).toBe(true);
    expect(cel.providesExtension(['short'])).toBe(false);
    expect(cel._check()).toEqual([]);
  });

  test('the overlays evaluate on a real push', () => {
    const cel = Interceptor.cel({ overlays: { short_sha: Cel.shortSha('body.after') } });
    expect(evaluateCel(cel.overlays.short_sha, { body: BRANCH_PUSHES[0], header: {} })).toBe(BRANCH_PUSHES[0].after.slice(0, 7));
  });

  test('an unknown overlay key is an error naming the binding that reads it and the keys', () => {
    const binding = new TriggerBinding(chartInCi().chart, 'b');
    expect(() => binding.addParam('sha', Interceptor.cel({ overlays: { a: 'body.a' } }).extension('b')))
      .toThrow("test/b: spec.params.sha: overlays 'b' is not an overlay of this CEL interceptor. Use one of: a, or add it to overlays");
  });

  test('reports expressions that do not compile, bad keys and an interceptor that does nothing', () => {
    expect(Interceptor.cel({ filter: 'body.ref ==', overlays: { 'bad key': 'body.x', ok: 'foo.x' } })._check()).toEqual([
      { field: 'filter', value: 'body.ref ==', whatIsWrong: 'does not compile: <input>:1:10: found = but expecting end of input', howToFix: 'Fix the CEL syntax' },
      { field: 'overlays', value: 'bad key', whatIsWrong: 'is not a valid overlay key', howToFix: "Use keys of letters, digits, '_' and '-', nested with '.', e.g. 'short_sha'" },
      { field: 'overlays.ok', value: 'foo.x', whatIsWrong: "reads 'foo', which the CEL interceptor does not provide", howToFix: 'Read only body, header, extensions, requestURL' },
    ]);
    expect(Interceptor.cel({})._check()).toEqual([
      { field: 'params', value: {}, whatIsWrong: 'has neither a filter nor overlays, so the interceptor does nothing', howToFix: 'Give a filter, overlays, or remove the interceptor' },
    ]);
  });
});
