import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { FolderChart } from '../output/folder-chart';
import { Pipeline, RunWorkspace } from '../tekton';
import { Cel, EventListener, GitHubPush, Interceptor, ListenerClusterAccess, TriggerBinding, TriggerTemplate } from '../triggers';
import { SecretKey } from './workload-options';
import { AUTO_CLEANUP_PVC } from './flux-triggers';

/** What {@link addGithubTrigger} needs of the app. */
export interface GithubTriggerOptions {
  /** The app's name: it names the TriggerTemplate, TriggerBinding and EventListener. */
  readonly app: string;
  /** The app repository's clone URL: only its pushes start a run. */
  readonly url: string;
  /** The tracked branch. */
  readonly branch: string;
  /** The Secret GitHub signs webhook deliveries with. */
  readonly secret: SecretKey;
  /** The delivery Pipeline each push runs. */
  readonly pipeline: Pipeline;
  /** The workspaces of each run. */
  readonly workspaces: { [name: string]: RunWorkspace };
  /** The ServiceAccount the runs run as. */
  readonly serviceAccount: kplus.IServiceAccount;
  /** The shared grant of the listener's cluster-wide reads. */
  readonly clusterAccess: ListenerClusterAccess;
}

/**
 * The webhook trigger of an app, in its CI folder: an EventListener whose trigger accepts GitHub pushes
 * signed with the webhook secret, to the tracked branch of the app's repository only, and runs the delivery
 * Pipeline on the pushed commit. `owner` is the construct a URL that is not GitHub's is reported on.
 */
export function addGithubTrigger(owner: IConstruct, ciChart: FolderChart, o: GithubTriggerOptions): EventListener {
  const repository = githubRepository(owner, o.url);
  const template = new TriggerTemplate(ciChart, `${o.app}-push`);
  const revision = template.addParam('revision', { description: 'The pushed commit' });
  const repoUrl = template.addParam('repo-url', { description: 'Clone URL of the app repository' });
  template.addPipelineRun({
    annotations: { [AUTO_CLEANUP_PVC]: 'true' },
    pipeline: o.pipeline,
    params: { revision, 'repo-url': repoUrl },
    workspaces: o.workspaces,
    serviceAccount: o.serviceAccount,
  });
  const binding = new TriggerBinding(ciChart, `${o.app}-push-binding`, { metadata: { name: `${o.app}-push` } });
  binding.addParam(revision, GitHubPush.headCommitId);
  binding.addParam(repoUrl, GitHubPush.cloneUrl);
  const listener = new EventListener(ciChart, `${o.app}-github`, { clusterAccess: o.clusterAccess });
  listener.addTrigger('push', {
    interceptors: [
      Interceptor.github({ secret: { name: o.secret.secretName, key: o.secret.key }, eventTypes: ['push'] }),
      Interceptor.cel({ filter: Cel.and(Cel.pushToBranch(o.branch), `body.repository.full_name == ${Cel.quote(repository)}`) }),
    ],
    bindings: [binding],
    template,
  });
  return listener;
}

/** `owner/name` of a GitHub clone URL: the webhook filter accepts pushes of this repository only. */
function githubRepository(owner: IConstruct, url: string): string {
  const match = /^(?:https:\/\/|ssh:\/\/git@|git@)github\.com[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url);
  if (!match) {
    fail(owner, 'repository.url', url, 'is not a GitHub repository URL, so a GitHub webhook cannot deliver its pushes',
      'Use https://github.com/<owner>/<repo>.git, or trigger with fluxPolling instead of githubWebhook');
  }
  return `${match[1]}/${match[2]}`;
}
