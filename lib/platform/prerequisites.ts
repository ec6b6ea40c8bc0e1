import { IConstruct } from 'constructs';
import { TreeIndex } from '../core/tree-index';
import { KpushController, PipelineTriggerOperator } from '../operators';
import type { ProvidedComponent } from './platform-props';
import { ComponentName, PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT, RELEASES } from './releases';

/** One thing the platform needs beside Argo CD, which no file of the repository can provide. */
export interface PlatformPrerequisite {
  /** What must be in place before the first sync, one sentence. */
  readonly what: string;
  /** How to check it, or to make it. */
  readonly how: string;
}

/** A resource that shows a component is served, for `kubectl get`. */
const SERVED_BY: { readonly [c in ComponentName]: string } = {
  [ComponentName.TEKTON_PIPELINES]: 'crd/pipelines.tekton.dev',
  [ComponentName.TEKTON_PRUNER]: '-n tekton-pipelines configmap/tekton-pruner-default-spec',
  [ComponentName.TEKTON_TRIGGERS]: 'crd/eventlisteners.triggers.tekton.dev clusterinterceptor/github clusterinterceptor/cel',
  [ComponentName.KPACK]: 'crd/images.kpack.io',
  [ComponentName.FLUX]: 'crd/gitrepositories.source.toolkit.fluxcd.io crd/imagepolicies.image.toolkit.fluxcd.io',
  [ComponentName.PIPELINE_TRIGGER_OPERATOR]: 'crd/pipelinetriggers.pipeline.jquad.rocks crd/pullrequests.pipeline.jquad.rocks',
  [ComponentName.KPUSH]: 'crd/imagedeploys.crd.whizzosoftware.com',
};

const OPERATOR_REPO = 'https://github.com/jquad-group/pipeline-trigger-operator';
const KPUSH_COMMIT = RELEASES[ComponentName.KPUSH].version;

/** How to build the operator's manager from the commit that reads `latestRef`, into `image`. */
function buildOperator(image: string): string {
  return `Build it from ${PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT.slice(0, 7)} (no release reads Flux ImagePolicy latestRef; its Dockerfile builds the manager into gcr.io/distroless/static:nonroot) and push it: `
    + `\`git clone ${OPERATOR_REPO}.git && cd pipeline-trigger-operator && git checkout ${PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT} && docker build -t ${image} . && docker push ${image}\`, `
    + 'then pin its digest in the PipelineTriggerOperator\'s image.';
}

/**
 * What the platform needs beside Argo CD and the Secrets: egress of Argo CD's repo server to the release
 * hosts, credentials for a private ops repository, each component declared already in the cluster, and each
 * image no upstream source shows to exist (kpush's controller, the operator's release asset, a manager built
 * from a commit), each with how to check or build it.
 */
export function platformPrerequisites(scope: IConstruct, opsUrl: string, components: readonly ProvidedComponent[]): PlatformPrerequisite[] {
  const out: PlatformPrerequisite[] = [];
  const installed = components.filter(c => c.mode === 'install');
  const hosts = [...new Set(installed.flatMap(c => c.release!.resources.map(r => new URL(r).host)))].sort();
  if (hosts.length) {
    out.push({
      what: `Argo CD's repo server reaches ${hosts.map(h => `\`${h}\``).join(', ')} over https: kustomize fetches the releases of the \`upstream-*\` Applications from there.`,
      how: 'Otherwise those Applications show a ComparisonError naming the URL it could not fetch.',
    });
  }
  out.push({
    what: `Argo CD can read ${opsUrl}: if it is private, with credentials.`,
    how: 'For those, add a repository Secret in Argo CD\'s namespace (label `argocd.argoproj.io/secret-type: repository`, keys `url`, `username`, `password`) or run `argocd repo add <url> --username <user> --password <token>` (argo-cd docs/operator-manual/declarative-setup.md, "Repositories").',
  });
  for (const c of components.filter(x => x.mode === 'preinstalled')) {
    const version = c.running!.version;
    const operatorBuild = c.component === ComponentName.PIPELINE_TRIGGER_OPERATOR && version.startsWith('main-');
    out.push({
      what: `${c.component} ${version} runs in the cluster already (PlatformComponent.preinstalled): nothing here installs it${c.neededBy.length ? `, and ${c.neededBy.length} object(s) here need it` : ''}.`,
      how: `Check it is served: \`kubectl get ${SERVED_BY[c.component]}\`${operatorBuild ? `. ${buildOperator('<registry>/pipeline-trigger-operator:4f0f57d')} Install it with upstream's \`make deploy IMG=<that image>\`` : ''}.`,
    });
  }
  const index = TreeIndex.of(scope);
  for (const kpush of index.all('KpushController', (x): x is KpushController => x instanceof KpushController)) {
    const isDefault = kpush.image === KpushController.DEFAULT_IMAGE;
    out.push({
      what: `The kpush controller image \`${kpush.image}\`${isDefault ? ', which no upstream source shows to exist: kpush publishes no images (its only manifest runs `:latest`; the repository has no Dockerfile and no CI)' : ''}.`,
      how: `Check it: \`docker manifest inspect ${kpush.image}\`${isDefault ? ', then give KpushController that image by digest' : ''}; or build kpush at ${KPUSH_COMMIT.slice(0, 7)}: `
        + `\`git clone https://github.com/pvtl-dnoguerol/kpush.git && cd kpush && git checkout ${KPUSH_COMMIT} && mvn -q package -DskipTests && pack build <registry>/kpush --path target/kpush-0.1.0-SNAPSHOT.jar --builder paketobuildpacks/builder-jammy-base --publish\` `
        + '(Spring Boot 2.2, so no `spring-boot:build-image`) and give KpushController that image.',
    });
  }
  const operator = components.find(c => c.component === ComponentName.PIPELINE_TRIGGER_OPERATOR && c.mode === 'install');
  if (operator && !operator.release!.crdsOnly) {
    const asset = operator.release!.resources[0];
    out.push({
      what: `The operator's release asset <${asset}> and the manager image it names, which its source cannot show: v${operator.release!.version.replace(/^v/, '')} has no release workflow and its Makefile builds \`controller:latest\`.`,
      how: `Check both: \`curl -sfL ${asset} | grep 'image:'\`, then \`docker manifest inspect <that image>\`.`,
    });
  }
  for (const manager of index.all('PipelineTriggerOperator', (x): x is PipelineTriggerOperator => x instanceof PipelineTriggerOperator)) {
    if (operator?.release!.crdsOnly) {
      out.push({ what: `The pipeline-trigger-operator manager image \`${manager.image}\`, built from ${operator.release!.version}.`, how: buildOperator(manager.image) });
    } else {
      out.push({
        what: `The pipeline-trigger-operator manager image \`${manager.image}\`, which no upstream source shows to exist: the operator has no release workflow, and its release pipeline (ci/pipelinetrigger-release.yaml) pushes to the project's own registry.`,
        how: `Check it: \`docker manifest inspect ${manager.image}\`; or build the tag you run (\`git checkout <tag> && docker build -t <registry>/pipeline-trigger-operator:<tag> .\` in ${OPERATOR_REPO}) and give the PipelineTriggerOperator that image.`,
      });
    }
  }
  return out;
}
