/**
 * Tekton's context variables, as typed constants. They are ordinary `$(...)` strings, checked like any other:
 * a Task's steps may use {@link TaskContext}; a Pipeline's task params and `when` may use {@link PipelineContext}.
 */

/** Variables Tekton substitutes inside a Task's steps. */
export class TaskContext {
  /** The TaskRun's name. */
  public static readonly taskRunName = '$(context.taskRun.name)';
  /** The TaskRun's namespace. */
  public static readonly taskRunNamespace = '$(context.taskRun.namespace)';
  /** The TaskRun's uid. */
  public static readonly taskRunUid = '$(context.taskRun.uid)';
  /** The Task's name. */
  public static readonly taskName = '$(context.task.name)';
  /** How often the task has been retried so far. */
  public static readonly retryCount = '$(context.task.retry-count)';
  /** Where Tekton puts the credentials of the service account's secrets. */
  public static readonly credentialsPath = '$(credentials.path)';

  private constructor() {}
}

/** Variables Tekton substitutes in a Pipeline's task params and `when` expressions. */
export class PipelineContext {
  /** The PipelineRun's name, e.g. to label what a run builds. */
  public static readonly pipelineRunName = '$(context.pipelineRun.name)';
  /** The PipelineRun's namespace. */
  public static readonly pipelineRunNamespace = '$(context.pipelineRun.namespace)';
  /** The PipelineRun's uid. */
  public static readonly pipelineRunUid = '$(context.pipelineRun.uid)';
  /** The Pipeline's name. */
  public static readonly pipelineName = '$(context.pipeline.name)';
  /** How often the current pipeline task may be retried. */
  public static readonly pipelineTaskRetries = '$(context.pipelineTask.retries)';
  /** For finally tasks: Succeeded, Failed, Completed or None, over all tasks. */
  public static readonly tasksStatus = '$(tasks.status)';

  private constructor() {}
}
