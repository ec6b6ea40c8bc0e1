import { logFunctions } from './git-setup';
import { inputEnv, renderInputs, ScriptInput, StepScript } from './step-script';

/**
 * The image the Java checks run in: the official Docker Library Maven image, Maven 3.9 on Eclipse Temurin 21
 * (LTS, Ubuntu-based), with `git` and `curl`. Gradle projects run their wrapper (`./gradlew`) on its JDK. The
 * Maven and JDK releases are pinned so every run builds with the same tools.
 * @see https://github.com/carlossg/docker-maven (tags `<maven>-eclipse-temurin-<java>`)
 */
export const JAVA_STEP_IMAGE = 'docker.io/library/maven:3.9.11-eclipse-temurin-21';

/**
 * Where the Java steps keep downloaded dependencies: `/tmp` of the step's container, writable whatever user id
 * runs the step (the image's home belongs to root), and never inside the source workspace.
 */
export const JAVA_CACHE_ENV: { readonly [name: string]: string } = {
  MAVEN_REPO_LOCAL: '/tmp/m2/repository',
  GRADLE_USER_HOME: '/tmp/gradle',
};

/**
 * The step script of a Java check: runs Maven (`verify`) or the Gradle wrapper (`check`) over the project in
 * the workspace `source`.
 *
 * - `build-tool`: `auto` (the default) picks Maven when `pom.xml` is there, Gradle when `build.gradle(.kts)`
 *   or `settings.gradle(.kts)` is; `maven` or `gradle` choose.
 * - Maven runs the project's wrapper `./mvnw` when it has one, else the image's `mvn`, in batch mode without
 *   download progress, with its local repository in `/tmp` ({@link JAVA_CACHE_ENV}). The image's
 *   `MAVEN_CONFIG` (`/root/.m2`) is unset: the wrapper would pass it to Maven as an argument.
 * - Gradle runs the project's wrapper `./gradlew` only (the version the project chose), without a daemon,
 *   with `GRADLE_USER_HOME` in `/tmp`.
 * - `goals` (default: `verify` for Maven, `check` for Gradle) is split at whitespace; no word is run by the
 *   shell. They are build-tool arguments, so pass them from the Pipeline, not from a webhook.
 * - The workspace is written (`target/`, `build/`): give each check its own copy (the delivery Pipeline does).
 *
 * @see https://maven.apache.org/ref/current/maven-embedder/cli.html
 * @see https://docs.gradle.org/current/userguide/gradle_wrapper.html
 *
 * @example
 * const java = javaCheckScript();
 * java.params.map(p => p.name); // ['build-tool', 'goals']
 */
export function javaCheckScript(): StepScript {
  return {
    image: JAVA_STEP_IMAGE,
    script: SCRIPT,
    env: { ...inputEnv(INPUTS), ...JAVA_CACHE_ENV },
    params: [
      { name: 'build-tool', description: 'maven or gradle; auto picks the one whose build file is there.', default: 'auto' },
      { name: 'goals', description: 'The goals or tasks to run, separated by spaces; empty for verify (Maven) or check (Gradle).', default: '' },
    ],
    workspaces: [
      { name: 'source', description: 'The Java project: pom.xml, or the Gradle build and its wrapper, at its top.' },
    ],
    results: [
      { name: 'build-tool', description: 'The build tool that ran: maven or gradle.' },
    ],
  };
}

const INPUTS: ScriptInput[] = [
  { variable: 'BUILD_TOOL', reference: 'params.build-tool' },
  { variable: 'GOALS', reference: 'params.goals' },
  { variable: 'SOURCE_DIR', reference: 'workspaces.source.path' },
  { variable: 'TOOL_RESULT', reference: 'results.build-tool.path' },
];

const SCRIPT = `#!/usr/bin/env bash
# Builds and checks a Java project with Maven or the Gradle wrapper.
set -euo pipefail

${renderInputs(INPUTS)}

${logFunctions('java-check')}

read -r -d '' -a GOAL_ARGS <<< "$GOALS" || true
SOURCE_DIR="\${SOURCE_DIR%/}"
[[ -d "$SOURCE_DIR" ]] || die "workspace source '$SOURCE_DIR' is not a directory. Bind the workspace the project was cloned into"
cd "$SOURCE_DIR"

tool="$BUILD_TOOL"
if [[ "$tool" == auto ]]; then
  if [[ -f pom.xml ]]; then tool=maven
  elif [[ -f build.gradle || -f build.gradle.kts || -f settings.gradle || -f settings.gradle.kts ]]; then tool=gradle
  else die "workspace source '$SOURCE_DIR' has no pom.xml and no Gradle build at its top. Bind the workspace the project was cloned into (with subPath if it is in a subdirectory)"
  fi
fi
case "$tool" in
  maven)
    [[ -f pom.xml ]] || die "build-tool maven: workspace source '$SOURCE_DIR' has no pom.xml. Bind the Maven project, or pass build-tool gradle"
    (( \${#GOAL_ARGS[@]} > 0 )) || GOAL_ARGS=(verify)
    unset MAVEN_CONFIG
    if [[ -f ./mvnw ]]; then BUILD=(sh ./mvnw); else BUILD=(mvn); fi
    BUILD+=(--batch-mode --no-transfer-progress "-Dmaven.repo.local=\${MAVEN_REPO_LOCAL}") ;;
  gradle)
    [[ -f gradlew ]] || die "build-tool gradle: workspace source '$SOURCE_DIR' has no gradlew. Commit the Gradle wrapper (gradle wrapper), so every run uses the project's Gradle version"
    (( \${#GOAL_ARGS[@]} > 0 )) || GOAL_ARGS=(check)
    BUILD=(sh ./gradlew --no-daemon --console=plain) ;;
  *) die "param build-tool '$tool' is not auto, maven or gradle. Pass one of these" ;;
esac
printf '%s' "$tool" > "$TOOL_RESULT"

log "Running \${BUILD[*]} \${GOAL_ARGS[*]} in $SOURCE_DIR"
"\${BUILD[@]}" "\${GOAL_ARGS[@]}"
`;
