import { checkBranchName } from '../core/git';
import { isSemverRange } from './tag-policy';

/** The field of a GitRepository's `spec.ref` a {@link GitRef} sets. */
export type GitRefKind = 'branch' | 'tag' | 'semver' | 'name' | 'commit';

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The Git reference a Flux `GitRepository` checks out and watches: exactly one of a branch, a tag, a semver
 * tag range, a full reference name or a commit.
 *
 * @example
 * GitRef.branch('main')
 * GitRef.semver('>=1.0.0 <2.0.0')
 */
export class GitRef {
  /** The head of a branch, e.g. `main`. */
  public static branch(name: string): GitRef {
    return new GitRef('branch', name);
  }

  /** A tag, e.g. `v1.2.3`. */
  public static tag(name: string): GitRef {
    return new GitRef('tag', name);
  }

  /** The highest tag in a semver range, e.g. `>=1.0.0 <2.0.0` or `1.x`. */
  public static semver(range: string): GitRef {
    return new GitRef('semver', range);
  }

  /** A full reference name, e.g. `refs/heads/main` or `refs/pull/42/head`. */
  public static refName(ref: string): GitRef {
    return new GitRef('name', ref);
  }

  /** One commit, by its full SHA-1 (40 hex digits) or SHA-256 (64): the repository then never changes. */
  public static commit(sha: string): GitRef {
    return new GitRef('commit', sha);
  }

  private constructor(
    /** The `spec.ref` field this reference sets. */
    public readonly kind: GitRefKind,
    /** Its value. */
    public readonly value: string,
  ) {}

  /**
   * What is wrong with the value, as `[whatIsWrong, howToFix]`, or undefined when it is valid.
   * A wrong ref is only found by source-controller, as a failing fetch.
   */
  public check(): [string, string] | undefined {
    const v = this.value;
    if (v.length === 0) return ['is empty', `Give the ${this.kind} to check out`];
    switch (this.kind) {
      case 'branch':
      case 'tag': {
        const wrong = checkBranchName(v);
        return wrong ? [wrong, `Give the ${this.kind} name as git spells it, e.g. '${this.kind === 'branch' ? 'main' : 'v1.2.0'}'`] : undefined;
      }
      case 'name':
        if (!v.startsWith('refs/')) return ['is not a full reference name', `Start it with 'refs/', e.g. 'refs/heads/${v}', or use GitRef.branch`];
        return checkBranchName(v.slice('refs/'.length)) ? ['is not a valid Git reference name', 'Use a name such as \'refs/heads/main\''] : undefined;
      case 'semver':
        return isSemverRange(v) ? undefined : ['is not a semver range', 'Use a range such as \'>=1.0.0\' or \'1.x\''];
      case 'commit':
        return COMMIT.test(v)
          ? undefined
          : ['is not a full commit SHA', 'Give all 40 (SHA-1) or 64 (SHA-256) lower-case hex digits'];
    }
  }
}
