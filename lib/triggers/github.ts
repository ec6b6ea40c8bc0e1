import type { PullRequestEvent, PushEvent } from '@octokit/webhooks-types';
import { EventValue } from './event-value';

/** The type of one path segment `key` or `key[n]` of `T`, or `never` when `T` has no such field. */
export type SegmentValue<T, S extends string> =
  S extends `${infer K}[${infer I}]`
    ? K extends keyof T
      ? NonNullable<T[K]> extends ReadonlyArray<infer E> ? (I extends `${number}` ? E : never) : never
      : never
    : S extends keyof T ? T[S] : never;

/** The type at a dotted path of `T` (`'head_commit.id'`, `'commits[0].id'`), or `never` when there is none. */
export type PayloadValue<T, P extends string> =
  P extends `${infer Head}.${infer Rest}`
    ? PayloadValue<NonNullable<SegmentValue<NonNullable<T>, Head>>, Rest>
    : SegmentValue<NonNullable<T>, P>;

/**
 * `P` when it is a field path of the payload type `T`; otherwise a message type, so that a misspelt path
 * fails to compile with `'<path>' is not a field of the payload`.
 */
export type PayloadPath<T, P extends string> = [PayloadValue<T, P>] extends [never] ? `'${P}' is not a field of the payload` : P;

/**
 * Typed fields of GitHub's `push` webhook payload (types from `@octokit/webhooks-types`), as binding values.
 *
 * @example
 * binding.addParam('revision', GitHubPush.headCommitId);            // $(body.head_commit.id)
 * binding.addParam('pusher', GitHubPush.field('pusher.email'));     // any field; a typo does not compile
 */
export class GitHubPush {
  /** Any field of the push payload by its path, checked by the compiler against `PushEvent`. */
  public static field<P extends string>(path: PayloadPath<PushEvent, P>): EventValue {
    return EventValue._payloadField(path, 'push');
  }

  /** The full ref that was pushed, e.g. `refs/heads/main` or `refs/tags/v1.0.0`. */
  public static readonly ref = GitHubPush.field('ref');
  /** The commit the ref pointed to before the push. */
  public static readonly before = GitHubPush.field('before');
  /** The commit the ref points to after the push (all zeros when the ref was deleted). */
  public static readonly after = GitHubPush.field('after');
  /** The SHA of the pushed head commit. Absent when the push deleted the ref: filter deletions out. */
  public static readonly headCommitId = GitHubPush.field('head_commit.id');
  /** The message of the pushed head commit. */
  public static readonly headCommitMessage = GitHubPush.field('head_commit.message');
  /** The repository's HTTPS clone URL, e.g. `https://github.com/octo/app.git`. */
  public static readonly cloneUrl = GitHubPush.field('repository.clone_url');
  /** The repository's SSH clone URL, e.g. `git@github.com:octo/app.git`. */
  public static readonly sshUrl = GitHubPush.field('repository.ssh_url');
  /** The repository's web URL. */
  public static readonly htmlUrl = GitHubPush.field('repository.html_url');
  /** The repository name without the owner. */
  public static readonly repositoryName = GitHubPush.field('repository.name');
  /** `owner/name` of the repository. */
  public static readonly repositoryFullName = GitHubPush.field('repository.full_name');
  /** The repository's default branch, e.g. `main`. */
  public static readonly defaultBranch = GitHubPush.field('repository.default_branch');
  /** The name of the user who pushed. */
  public static readonly pusherName = GitHubPush.field('pusher.name');
  /** The login of the account that sent the event. */
  public static readonly senderLogin = GitHubPush.field('sender.login');
  /** URL comparing `before` with `after`. */
  public static readonly compareUrl = GitHubPush.field('compare');
}

/**
 * Typed fields of GitHub's `pull_request` webhook payload (types from `@octokit/webhooks-types`), as binding
 * values.
 *
 * @example
 * binding.addParam('revision', GitHubPullRequest.headSha);          // $(body.pull_request.head.sha)
 */
export class GitHubPullRequest {
  /** Any field of the pull_request payload by its path, checked by the compiler against `PullRequestEvent`. */
  public static field<P extends string>(path: PayloadPath<PullRequestEvent, P>): EventValue {
    return EventValue._payloadField(path, 'pull_request');
  }

  /** What happened: `opened`, `synchronize`, `closed`, ... */
  public static readonly action = GitHubPullRequest.field('action');
  /** The pull request number. */
  public static readonly number = GitHubPullRequest.field('number');
  /** The SHA of the head commit of the pull request: the code to build. */
  public static readonly headSha = GitHubPullRequest.field('pull_request.head.sha');
  /** The branch the changes come from. */
  public static readonly headRef = GitHubPullRequest.field('pull_request.head.ref');
  /** The HTTPS clone URL of the repository the changes come from (a fork, for a pull request from a fork). */
  public static readonly headCloneUrl = GitHubPullRequest.field('pull_request.head.repo.clone_url');
  /** The branch the pull request targets. */
  public static readonly baseRef = GitHubPullRequest.field('pull_request.base.ref');
  /** The SHA of the target branch's head. */
  public static readonly baseSha = GitHubPullRequest.field('pull_request.base.sha');
  /** The pull request's title. */
  public static readonly title = GitHubPullRequest.field('pull_request.title');
  /** The pull request's web URL. */
  public static readonly htmlUrl = GitHubPullRequest.field('pull_request.html_url');
  /** The HTTPS clone URL of the repository the pull request targets. */
  public static readonly cloneUrl = GitHubPullRequest.field('repository.clone_url');
  /** `owner/name` of the repository the pull request targets. */
  public static readonly repositoryFullName = GitHubPullRequest.field('repository.full_name');
  /** The login of the account that sent the event. */
  public static readonly senderLogin = GitHubPullRequest.field('sender.login');
}

/** Headers GitHub sends with every webhook delivery. */
export class GitHubHeaders {
  /** The event name, e.g. `push` (`X-GitHub-Event`). */
  public static readonly event = EventValue.header('X-GitHub-Event');
  /** A unique id of the delivery (`X-GitHub-Delivery`). */
  public static readonly delivery = EventValue.header('X-GitHub-Delivery');
}
