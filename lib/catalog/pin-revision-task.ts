import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { checkBranchName } from '../core/git';
import { Param } from '../tekton/params';
import { Task } from '../tekton/task';
import { TaskWorkspace } from '../tekton/workspaces';
import { CatalogTaskProps, scriptTaskProps } from './catalog-task';
import { checkAuthorEmail, checkAuthorName, checkCloneUrl } from './git-values';
import { pinRevisionScript } from './scripts/pin-revision';

/** The author and committer of the pin commits. */
export interface CommitAuthor {
  /** The name, e.g. `pin-bot`. */
  readonly name: string;
  /** The e-mail address, e.g. `pin-bot@example.com`. */
  readonly email: string;
}

/** Props for {@link PinRevisionTask}: defaults of its params, checked at synth. */
export interface PinRevisionTaskProps extends CatalogTaskProps {
  /**
   * The clone URL of the ops repo, without credentials: the default of the param `ops-url`, so runs need not
   * pass it. A URL that could carry a token (`https://TOKEN@host/...`, `https://user:pass@host/...`, a query or
   * fragment) is refused at synth, and the message shows it redacted.
   * @default - none: every run passes `ops-url`
   */
  readonly opsUrl?: string;
  /** The branch of the ops repo that Argo CD syncs: the default of `ops-branch`. @default 'main' */
  readonly opsBranch?: string;
  /**
   * The author and committer of the pin commits: the defaults of `author-name` and `author-email`.
   * @default - { name: 'pin-revision', email: 'pin-revision@push-delivery.invalid' }
   */
  readonly author?: CommitAuthor;
  /**
   * How many rejected pushes to accept (each try starts again from the new head): the default of `max-attempts`,
   * 1 to 999. A rejection because another push landed meanwhile (e.g. another run's pin) does not count.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * The bound of the random wait before the second try ("full jitter"), doubling for each further one, at most
   * 64 times: the default of `backoff-seconds`, whole seconds up to 999.
   * @default Duration.seconds(2)
   */
  readonly backoff?: Duration;
}

/**
 * The Task `pin-revision`: records a tested commit of an app in the ops repo (script: `lib/catalog/scripts/pin-revision.ts`). The
 * pin file and the revision line of the app's synthesized kpack Image change together in one commit; a pin
 * never moves backwards; a concurrent push makes it start again from the new head without spending an attempt,
 * and it ends successfully there when that head already pins this commit or a newer one. A base-image run
 * (`base-image-tag` given) records `<base-image>:<tag>` in the Image's build variable `base-image-env` and in
 * `pins/<app>.base-image`, which makes kpack build the pinned commit again. A tag is pinned as
 * its commit; the credentials are offered only to the app repo's and the ops repo's hosts.
 *
 * The image is `buildpack-deps:bookworm-scm` (Debian 12 with bash and git 2.39), the
 * git release the script is tested against. Params reach the script through the step's environment only.
 *
 * @see https://tekton.dev/docs/pipelines/tasks/
 * @example
 * const pin = new PinRevisionTask(chart, 'pin-revision', {
 *   opsUrl: 'https://github.com/example/ops.git',
 *   author: { name: 'pin-bot', email: 'pin-bot@example.com' },
 * });
 * pipeline.addTask('pin', pin, {
 *   params: { app: 'go-sample-app', revision: fetch.result('commit') },
 *   workspaces: { 'app-source': source, 'ops-checkout': scratch, 'git-credentials': credentials },
 *   runAfter: [lint, test],
 * });
 */
export class PinRevisionTask extends Task {
  /** The app's name in the ops repo. Required. */
  public readonly app: Param;
  /** The tested commit, a full 40-character SHA. Required. */
  public readonly revision: Param;
  /** The ops repo's clone URL; required unless `opsUrl` gave it a default. */
  public readonly opsUrl: Param;
  /** The ops repo's branch. */
  public readonly opsBranch: Param;
  /** The pin file; empty for `pins/<app>.sha`. */
  public readonly pinFile: Param;
  /** The synthesized kpack Image; empty for `dist/<app>/kpack/image-<app>.yaml`. */
  public readonly imageFile: Param;
  /** The pin commit's author name. */
  public readonly authorName: Param;
  /** The pin commit's author e-mail. */
  public readonly authorEmail: Param;
  /** How many times to try the push. */
  public readonly maxAttempts: Param;
  /** The first wait between tries, in seconds. */
  public readonly backoffSeconds: Param;
  /** `"true"` to print the change without pushing it. */
  public readonly dryRun: Param;
  /** The kpack Image at the null revision, which the first pin writes; empty when the Image always exists. */
  public readonly imageTemplate: Param;
  /** The list of generated files the first pin adds the Image to; empty when the Image always exists. */
  public readonly generatedList: Param;
  /** The build variable of the Image that records the base image; empty when none is recorded. */
  public readonly baseImageEnv: Param;
  /** The base image repository, without tag. */
  public readonly baseImage: Param;
  /** The tag of the base image a base-image run's checks passed with; empty for a commit run. */
  public readonly baseImageTag: Param;
  /** The file that records the base image; empty for `pins/<app>.base-image`. */
  public readonly baseImageFile: Param;
  /** The app's clone (the git-clone Task's output). */
  public readonly appSource: TaskWorkspace;
  /** Scratch space for the ops repo's clone. */
  public readonly opsCheckout: TaskWorkspace;
  /** A `kubernetes.io/basic-auth` Secret that may fetch the app repo and push to the ops repo. */
  public readonly gitCredentials: TaskWorkspace;

  constructor(scope: Construct, id: string, props: PinRevisionTaskProps = {}) {
    const backoffSeconds = props.backoff?.toSeconds({ integral: false });
    const defaults: { [param: string]: string } = {};
    if (props.opsUrl !== undefined) defaults['ops-url'] = props.opsUrl;
    if (props.opsBranch !== undefined) defaults['ops-branch'] = props.opsBranch;
    if (props.author !== undefined) Object.assign(defaults, { 'author-name': props.author.name, 'author-email': props.author.email });
    if (props.maxAttempts !== undefined) defaults['max-attempts'] = String(props.maxAttempts);
    if (backoffSeconds !== undefined) defaults['backoff-seconds'] = String(backoffSeconds);
    super(scope, id, scriptTaskProps({ scope, id }, pinRevisionScript(), props, {
      name: 'pin-revision',
      description: 'Pins a tested commit of an app in the ops repo: its pin file and the revision of its kpack Image, in one commit. A pin never moves backwards.',
      step: 'pin',
      defaults,
    }));
    this.checkProps(props, backoffSeconds);
    this.app = this.param('app');
    this.revision = this.param('revision');
    this.opsUrl = this.param('ops-url');
    this.opsBranch = this.param('ops-branch');
    this.pinFile = this.param('pin-file');
    this.imageFile = this.param('image-file');
    this.authorName = this.param('author-name');
    this.authorEmail = this.param('author-email');
    this.maxAttempts = this.param('max-attempts');
    this.backoffSeconds = this.param('backoff-seconds');
    this.dryRun = this.param('dry-run');
    this.imageTemplate = this.param('image-template');
    this.generatedList = this.param('generated-list');
    this.baseImageEnv = this.param('base-image-env');
    this.baseImage = this.param('base-image');
    this.baseImageTag = this.param('base-image-tag');
    this.baseImageFile = this.param('base-image-file');
    this.appSource = this.workspace('app-source');
    this.opsCheckout = this.workspace('ops-checkout');
    this.gitCredentials = this.workspace('git-credentials');
  }

  private checkProps(props: PinRevisionTaskProps, backoffSeconds: number | undefined): void {
    const url = props.opsUrl;
    const urlWrong = url === undefined ? undefined : checkCloneUrl(url);
    if (url !== undefined && urlWrong) {
      fail(this, 'opsUrl', url, urlWrong, 'Pass the ops repo\'s plain clone URL, e.g. https://github.com/org/ops.git, and bind its credentials to the git-credentials workspace');
    }
    const branchWrong = props.opsBranch === undefined ? undefined : checkBranchName(props.opsBranch);
    if (branchWrong) fail(this, 'opsBranch', props.opsBranch, branchWrong, 'Pass the branch Argo CD syncs, e.g. main');
    if (props.author) {
      const nameWrong = checkAuthorName(props.author.name);
      if (nameWrong) fail(this, 'author.name', props.author.name, nameWrong, 'Pass the name to commit the pins as, e.g. pin-bot');
      const emailWrong = checkAuthorEmail(props.author.email);
      if (emailWrong) fail(this, 'author.email', props.author.email, emailWrong, 'Pass one such as pin-bot@example.com');
    }
    const attempts = props.maxAttempts;
    if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1 && attempts <= 999)) {
      fail(this, 'maxAttempts', attempts, 'is not a whole number from 1 to 999', 'Use e.g. 5');
    }
    if (backoffSeconds !== undefined && !(Number.isInteger(backoffSeconds) && backoffSeconds >= 0 && backoffSeconds <= 999)) {
      fail(this, 'backoff', `${backoffSeconds}s`, 'is not a whole number of seconds from 0 to 999', 'Use e.g. Duration.seconds(2)');
    }
  }
}
