/** Sort order of {@link TagPolicy.alphabetical} and {@link TagPolicy.numerical}. */
export enum SortOrder {
  /** Ascending: the last tag in order is the latest (`z`, `9`). */
  ASC = 'asc',
  /** Descending: the first tag in order is the latest (`a`, `0`). */
  DESC = 'desc',
}

const VERSION = 'v?(?:[0-9]+|[xX*])(?:\\.(?:[0-9]+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?';
const ONE = `(?:!=|>=|=>|<=|=<|~>|[=><~^])?\\s*${VERSION}`;
const TERM = `(?:${VERSION}\\s+-\\s+${VERSION}|${ONE})`;
const AND = `${TERM}(?:\\s*,?\\s*${TERM})*`;
const RANGE = new RegExp(`^\\s*${AND}(?:\\s*\\|\\|\\s*${AND})*\\s*$`);

/**
 * Whether `s` is a semver constraint as Flux parses it (Masterminds/semver): comparisons (`>=1.0.0 <2.0.0`),
 * tilde and caret ranges (`~1.2`, `^1.2.3`), wildcards (`1.x`, `*`), hyphen ranges (`1.2 - 1.4`), `||`.
 */
export function isSemverRange(s: string): boolean {
  return RANGE.test(s);
}

/**
 * How an ImagePolicy picks the latest tag (`spec.policy`): exactly one of semver, alphabetical or numerical.
 *
 * @example
 * TagPolicy.semver('>=1.0.0 <2.0.0')
 * TagPolicy.numerical(SortOrder.ASC) // e.g. with filterTags extracting a build number
 */
export class TagPolicy {
  /** The highest tag within a semver range, e.g. `>=1.0.0`, `~1.2`, `1.x`. Tags that are not semver are skipped. */
  public static semver(range: string): TagPolicy {
    return new TagPolicy('semver', { range });
  }

  /** Tags compared as strings, e.g. RFC 3339 timestamps. */
  public static alphabetical(order: SortOrder = SortOrder.ASC): TagPolicy {
    return new TagPolicy('alphabetical', { order });
  }

  /** Tags compared as numbers, e.g. build numbers or Unix timestamps. */
  public static numerical(order: SortOrder = SortOrder.ASC): TagPolicy {
    return new TagPolicy('numerical', { order });
  }

  private constructor(
    /** The `spec.policy` field it sets. */
    public readonly kind: 'semver' | 'alphabetical' | 'numerical',
    private readonly settings: { readonly range?: string; readonly order?: SortOrder },
  ) {}

  /** The `spec.policy` object. */
  public toSpec(): { [kind: string]: { [key: string]: string } } {
    return { [this.kind]: { ...this.settings } as { [key: string]: string } };
  }

  /** What is wrong with the policy as `[field, value, whatIsWrong, howToFix]`, or undefined. */
  public check(): [string, string, string, string] | undefined {
    const range = this.settings.range;
    if (this.kind === 'semver' && (range === undefined || !isSemverRange(range))) {
      return ['spec.policy.semver.range', range ?? '', 'is not a semver range', 'Use a range such as \'>=1.0.0\', \'~1.2\' or \'1.x\''];
    }
    return undefined;
  }
}
