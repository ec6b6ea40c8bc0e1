// Real GitHub webhook payloads from @octokit/webhooks-examples, grouped for the trigger tests.
import type { PullRequestEvent, PushEvent } from '@octokit/webhooks-types';
import examples from '@octokit/webhooks-examples';

function examplesOf<T>(name: string): T[] {
  const definition = examples.find(d => d.name === name);
  if (!definition || definition.examples.length === 0) throw new Error(`@octokit/webhooks-examples has no '${name}' examples`);
  return definition.examples as unknown as T[];
}

/** Every push example, as GitHub sent it. */
export const PUSH_EXAMPLES: PushEvent[] = examplesOf<PushEvent>('push');

/** Every pull_request example, as GitHub sent it. */
export const PULL_REQUEST_EXAMPLES: PullRequestEvent[] = examplesOf<PullRequestEvent>('pull_request');

/** The branch the examples push to. */
export const EXAMPLE_BRANCH = 'master';

/** Pushes that update a branch (they carry a head commit). */
export const BRANCH_PUSHES = PUSH_EXAMPLES.filter(p => p.ref.startsWith('refs/heads/') && !p.deleted);

/** Pushes of a tag, created or deleted. */
export const TAG_PUSHES = PUSH_EXAMPLES.filter(p => p.ref.startsWith('refs/tags/'));

/** A real branch push moved to another branch: only `ref` differs. */
export function pushToOtherBranch(branch: string): PushEvent {
  return { ...BRANCH_PUSHES[0], ref: `refs/heads/${branch}` };
}

/**
 * A branch deletion: a real tag deletion (no head commit, `after` all zeros) with the ref of the tracked
 * branch. The examples hold no branch deletion of their own.
 */
export function branchDeletion(): PushEvent {
  const deletion = TAG_PUSHES.find(p => p.deleted);
  if (!deletion) throw new Error('no deletion among the push examples');
  return { ...deletion, ref: `refs/heads/${EXAMPLE_BRANCH}` };
}

/** The names of every event type with examples. */
export const EXAMPLE_EVENT_NAMES: string[] = examples.map(d => d.name);
