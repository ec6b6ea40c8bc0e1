// The typed GitHub helpers against GitHub's own example payloads (@octokit/webhooks-examples).
import { EventValue, GitHubHeaders, GitHubPullRequest, GitHubPush } from '../../lib/triggers';
import { GITHUB_EVENT_NAMES, isGitHubEventName } from '../../lib/triggers/github-events';
import { goFloat, resolveBindingValue } from './support/jsonpath';
import { BRANCH_PUSHES, EXAMPLE_EVENT_NAMES, PULL_REQUEST_EXAMPLES } from './support/payloads';

function helpers(cls: object): Array<[string, EventValue]> {
  return Object.entries(cls).filter((e): e is [string, EventValue] => e[1] instanceof EventValue);
}

function at(payload: any, path: ReadonlyArray<string | number>): unknown {
  return path.reduce((v, k) => v[k], payload);
}

describe('GitHubPush', () => {
  test('has typed helpers for the common fields', () => {
    expect(helpers(GitHubPush).map(([k]) => k)).toEqual(expect.arrayContaining(['ref', 'after', 'headCommitId', 'cloneUrl']));
    expect(GitHubPush.headCommitId.toString()).toBe('$(body.head_commit.id)');
    expect(GitHubPush.cloneUrl.toString()).toBe('$(body.repository.clone_url)');
    expect(GitHubPush.ref.toString()).toBe('$(body.ref)');
    expect(GitHubPush.headCommitId.events).toEqual(['push']);
  });

  test.each(helpers(GitHubPush))('%s resolves on every branch push example to the value at its path', (_name, value) => {
    expect(BRANCH_PUSHES.length).toBeGreaterThan(0);
    for (const payload of BRANCH_PUSHES) {
      const resolved = resolveBindingValue(value.toString(), { body: payload, header: {} });
      expect(resolved).toBe(at(payload, value.references[0].path));
      expect(resolved).not.toBe('');
    }
  });

  test('field() reaches any field, including array elements', () => {
    const value = GitHubPush.field('commits[0].author.email');
    expect(value.toString()).toBe('$(body.commits[0].author.email)');
    expect(resolveBindingValue(value.toString(), { body: BRANCH_PUSHES[0], header: {} })).toBe(BRANCH_PUSHES[0].commits[0].author.email);
  });

  test('a misspelt field does not compile', () => {
    // @ts-expect-error 'head_commit.sha' is not a field of PushEvent
    expect(GitHubPush.field('head_commit.sha').toString()).toBe('$(body.head_commit.sha)');
    // @ts-expect-error PushEvent has no pull_request
    GitHubPush.field('pull_request.head.sha');
    // @ts-expect-error commits is an array: index it
    GitHubPush.field('commits.id');
  });
});

describe('GitHubPullRequest', () => {
  test.each(helpers(GitHubPullRequest))('%s resolves on every pull_request example', (_name, value) => {
    expect(PULL_REQUEST_EXAMPLES.length).toBeGreaterThan(20);
    for (const payload of PULL_REQUEST_EXAMPLES) {
      const expected = at(payload, value.references[0].path);
      const resolved = resolveBindingValue(value.toString(), { body: payload, header: {} });
      expect(resolved).toBe(typeof expected === 'number' ? goFloat(expected) : expected);
    }
  });

  test('headSha is the head commit of the pull request', () => {
    expect(GitHubPullRequest.headSha.toString()).toBe('$(body.pull_request.head.sha)');
    const payload = PULL_REQUEST_EXAMPLES[0];
    expect(resolveBindingValue(GitHubPullRequest.headSha.toString(), { body: payload, header: {} })).toBe(payload.pull_request.head.sha);
  });

  test('numbers are printed the way Go prints a float64: a large id gets an exponent', () => {
    const payload = PULL_REQUEST_EXAMPLES[0];
    expect(resolveBindingValue(GitHubPullRequest.number.toString(), { body: payload, header: {} })).toBe(String(payload.number));
    expect(payload.pull_request.id).toBe(279147437);
    expect(resolveBindingValue(GitHubPullRequest.field('pull_request.id').toString(), { body: payload, header: {} })).toBe('2.79147437e+08');
  });

  test('a misspelt field does not compile', () => {
    // @ts-expect-error 'pull_request.head.shaa' is not a field of PullRequestEvent
    GitHubPullRequest.field('pull_request.head.shaa');
    // @ts-expect-error pull_request events have no head_commit
    GitHubPullRequest.field('head_commit.id');
  });
});

describe('GitHubHeaders', () => {
  test('X-GitHub-Event is read case-insensitively, as Triggers canonicalises header names', () => {
    expect(GitHubHeaders.event.toString()).toBe('$(header.X-GitHub-Event)');
    expect(resolveBindingValue(GitHubHeaders.event.toString(), { body: {}, header: { 'x-github-event': 'push' } })).toBe('push');
    expect(resolveBindingValue(GitHubHeaders.delivery.toString(), { body: {}, header: { 'X-GitHub-Delivery': ['a', 'b'] } })).toBe('a,b');
  });
});

describe('GitHub event names', () => {
  test('every event with an example payload is a known event type', () => {
    const unknown = EXAMPLE_EVENT_NAMES.filter(n => !isGitHubEventName(n));
    expect(unknown).toEqual([]);
    expect(GITHUB_EVENT_NAMES).toEqual(expect.arrayContaining(['push', 'pull_request', 'ping']));
    expect(isGitHubEventName('pull-request')).toBe(false);
    expect([...GITHUB_EVENT_NAMES].sort()).toEqual(GITHUB_EVENT_NAMES);
  });
});
