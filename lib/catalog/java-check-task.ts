import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { Param } from '../tekton/params';
import { TaskResult } from '../tekton/results';
import { Task } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { BUILD_STEP_RESOURCES, CatalogTaskProps, scriptTaskProps } from './catalog-task';
import { javaCheckScript } from './scripts/java-check';

/** The build tools {@link JavaCheckTask} runs. */
export enum JavaBuildTool {
  /** Maven when `pom.xml` is there, else Gradle. */
  AUTO = 'auto',
  /** Maven: the project's `./mvnw`, else the image's `mvn`. */
  MAVEN = 'maven',
  /** Gradle: the project's `./gradlew`. */
  GRADLE = 'gradle',
}

/** Props for {@link JavaCheckTask}. */
export interface JavaCheckTaskProps extends CatalogTaskProps {
  /** The default of the param `build-tool`. @default JavaBuildTool.AUTO */
  readonly buildTool?: JavaBuildTool;
  /** The default of the param `goals`, separated by spaces. @default - `verify` for Maven, `check` for Gradle */
  readonly goals?: string;
}

/**
 * The Task `java-check`: `mvn verify` (or the project's `./mvnw`) or `./gradlew check` over the Java project
 * in the workspace `source` (script: `lib/catalog/scripts/java-check.ts`).
 *
 * The image is `maven:3.9.11-eclipse-temurin-21`; it has no non-root user, so the
 * step runs as 65532, with Maven's repository and Gradle's home in `/tmp`.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const verify = new JavaCheckTask(chart, 'orders-verify');
 * new AppDelivery(team, 'orders', { ..., ci: { gitCredentialsSecret: 'git', checks: [{ name: 'verify', task: verify }] } });
 */
export class JavaCheckTask extends Task {
  /** maven, gradle or auto. */
  public readonly buildTool: Param;
  /** The goals or tasks, separated by spaces. */
  public readonly goals: Param;
  /** The project. */
  public readonly source: TaskWorkspace;
  /** The build tool that ran. */
  public readonly usedBuildTool: TaskResult;

  constructor(scope: Construct, id: string, props: JavaCheckTaskProps = {}) {
    super(scope, id, scriptTaskProps({ scope, id }, javaCheckScript(), props, {
      name: 'java-check',
      description: 'Builds and checks the Java project in the source workspace with Maven (verify) or the Gradle wrapper (check).',
      step: 'check',
      computeResources: BUILD_STEP_RESOURCES,
      defaults: {
        ...(props.buildTool !== undefined ? { 'build-tool': props.buildTool } : {}),
        ...(props.goals !== undefined ? { goals: props.goals } : {}),
      },
    }));
    if (props.buildTool !== undefined && !Object.values(JavaBuildTool).includes(props.buildTool)) {
      fail(this, 'buildTool', props.buildTool, 'is not a build tool this Task runs', 'Use JavaBuildTool.AUTO, MAVEN or GRADLE');
    }
    this.buildTool = this.param('build-tool');
    this.goals = this.param('goals');
    this.source = this.workspace('source');
    this.usedBuildTool = this.result('build-tool');
  }
}
