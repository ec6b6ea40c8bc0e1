import { problem } from '../core/errors';
import { WhenExpression } from './api';

/** A value that renders a Tekton reference: a {@link Param}, a pipeline task's result, or a context variable. */
export interface IExpressionValue {
  /** The `$(...)` reference. */
  readonly ref: string;
}

/** An input of a `when` expression: a string that may contain `$(...)`, or a handle. */
export type WhenInput = string | IExpressionValue;

/**
 * A guard on a pipeline task: the task runs only when every `when` expression holds, else it is skipped
 * (and so are the tasks that depend on it). A result used in a `when` orders the task after the result's task.
 *
 * @example
 * pipeline.addTask('deploy', deploy, { when: [When.in(pipeline.param('branch'), ['main'])] });
 */
export class When {
  /** Runs the task when `input` is one of `values`. */
  public static in(input: WhenInput, values: WhenInput[]): When {
    return When.operator(input, 'in', values);
  }

  /** Runs the task when `input` is none of `values`. */
  public static notIn(input: WhenInput, values: WhenInput[]): When {
    return When.operator(input, 'notin', values);
  }

  /**
   * Runs the task when a CEL expression is true (Tekton's alpha `enable-cel-in-whenexpression` feature);
   * `$(...)` references in it are substituted first.
   */
  public static cel(expression: string): When {
    return new When({ cel: expression }, typeof expression !== 'string' || expression.trim() === ''
      ? problem('cel', expression, 'is empty', 'Give a CEL expression such as "\'$(params.branch)\' == \'main\'"') : undefined);
  }

  private static operator(input: WhenInput, operator: 'in' | 'notin', values: WhenInput[]): When {
    const list = Array.isArray(values) ? values : [];
    return new When({ input: expressionText(input), operator, values: list.map(expressionText) }, list.length === 0
      ? problem('values', values ?? [], 'is empty, which Tekton rejects', 'List at least one value') : undefined);
  }

  /**
   * @param problem what is wrong with the expression, reported with the construct path by the pipeline task
   * it is added to (a `When` is made before it has a place in the tree)
   */
  private constructor(private readonly spec: WhenExpression, public readonly problem?: string) {}

  /** The `when[]` entry. */
  public toSpec(): WhenExpression {
    return { ...this.spec, ...(this.spec.values ? { values: [...this.spec.values] } : {}) };
  }
}

/** The string form of a value that may be a handle. */
export function expressionText(v: WhenInput): string {
  return typeof v === 'string' ? v : v.ref;
}
