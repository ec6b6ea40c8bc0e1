import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as l1 from '../../imports/flux-gitrepository-source.toolkit.fluxcd.io';
import { fail } from '../core/errors';
import { ResourceProps } from '../core/resource';
import { freeId, requireKind, requireObject, requireString } from '../core/guards';
import { checkGitUrl, checkUrlText } from '../core/url';
import { checkedFluxDuration, checkedPollInterval } from './duration';
import { GitRef } from './git-ref';
import { objectMetadata } from '../core/metadata';
import { IFluxObject } from './source';

/** Authentication provider of a {@link GitRepository}. */
export enum GitProvider {
  /** Credentials from `secret`, or none. */
  GENERIC = 'generic',
  /** Azure DevOps, with workload identity. */
  AZURE = 'azure',
  /** GitHub App credentials from `secret`. */
  GITHUB = 'github',
}

/** A Flux `GitRepository`: the PipelineTrigger operator reads its latest commit from it. */
export interface IGitRepository extends IFluxObject {}

/** Props for {@link GitRepository}. */
export interface GitRepositoryProps extends ResourceProps {
  /**
   * Metadata; `name` defaults to the construct id, `namespace` to the chart's.
   * @default - name: the construct id
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The repository URL: `https://`, `http://` or `ssh://` (scp-like `git@host:path` is not accepted by Flux;
   * write `ssh://git@host/path`). Plain `http://` only without `secret`: the credentials would travel
   * unencrypted. Never with credentials, a query or whitespace in it.
   */
  readonly url: string;

  /**
   * The Git reference to check out and watch.
   * @see https://fluxcd.io/flux/components/source/gitrepositories/#reference
   */
  readonly ref: GitRef;

  /**
   * How often the repository is checked for new commits.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * Secret with credentials: `username`/`password` or `bearerToken` for HTTPS, `identity`/`known_hosts` for SSH.
   * Referenced by name only; it must be in the GitRepository's namespace.
   * @default - no credentials (a public repository)
   * @see https://fluxcd.io/flux/components/source/gitrepositories/#secret-reference
   */
  readonly secret?: kplus.ISecret;

  /**
   * Authentication provider.
   * @default GitProvider.GENERIC
   */
  readonly provider?: GitProvider;

  /**
   * Service account for workload identity; Flux accepts it only with `GitProvider.AZURE`.
   * @default - none
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * Extra `.sourceignore` patterns (one per entry), excluded from the artifact.
   * @default - Flux's default ignore set
   * @see https://fluxcd.io/flux/components/source/gitrepositories/#ignore
   */
  readonly ignore?: string[];

  /**
   * Timeout of Git operations such as cloning (no `h` unit in this field: hours are written as minutes).
   * @default - Flux's default, 60s
   */
  readonly timeout?: Duration;

  /**
   * Whether to stop reconciling (no new commits are seen while suspended).
   * @default false
   */
  readonly suspend?: boolean;

  /**
   * Whether to check out the repository's submodules.
   * @default false
   */
  readonly recurseSubmodules?: boolean;
}

const URL_SCHEMES = /^(http|https|ssh):\/\/.+$/;
const SCP_LIKE = /^([^@/:]+)@([^:/]+):(.+)$/;

/**
 * A Flux `GitRepository` (`source.toolkit.fluxcd.io/v1`): source-controller fetches a Git reference every
 * `interval` and publishes the latest commit in its status.
 *
 * @see https://fluxcd.io/flux/components/source/gitrepositories/
 * @example
 * new GitRepository(chart, 'go-sample-app', {
 *   url: 'https://github.com/springone-tour-2020-cicd/go-sample-app.git',
 *   ref: GitRef.branch('main'),
 *   interval: Duration.minutes(1),
 * });
 */
export class GitRepository extends Construct implements IGitRepository {
  /** `source.toolkit.fluxcd.io/v1`. */
  public readonly apiVersion = l1.GitRepository.GVK.apiVersion;
  /** `GitRepository`. */
  public readonly kind = l1.GitRepository.GVK.kind;
  /** `metadata.name`. */
  public readonly name: string;
  /** The repository URL. */
  public readonly url: string;
  /** The Git reference it watches. */
  public readonly ref: GitRef;
  /** The generated L1 object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: GitRepositoryProps) {
    super(scope, freeId(scope, id));
    requireObject(this, 'props', props, 'Give the GitRepository\'s props: url, ref');
    requireString(this, 'spec.url', props.url, 'Give the clone URL, e.g. \'https://github.com/org/app.git\'');
    requireKind(this, 'spec.ref', props.ref, (x: unknown) => x instanceof GitRef, 'a GitRef', 'Use GitRef.branch(\'main\'), GitRef.tag(...), GitRef.semver(...) or GitRef.commit(...)');
    const metadata = objectMetadata(this, id, props.metadata);
    this.name = metadata.name!;
    this.url = props.url;
    this.ref = props.ref;

    const textWrong = checkUrlText(props.url);
    if (textWrong) fail(this, 'spec.url', props.url, textWrong, 'Give the clone URL and the credentials as a Secret (secretRef)');
    if (!URL_SCHEMES.test(props.url)) {
      const scp = SCP_LIKE.exec(props.url);
      fail(this, 'spec.url', props.url, 'is not an http://, https:// or ssh:// URL',
        scp ? `Write it as 'ssh://${scp[1]}@${scp[2]}/${scp[3]}'` : 'Use a URL such as \'https://github.com/org/repo.git\'');
    }
    // source-controller sends the Secret's username and password (or bearer token) to the URL's host.
    const urlWrong = checkGitUrl(props.url, { credentials: props.secret !== undefined });
    if (urlWrong) fail(this, 'spec.url', props.url, urlWrong, 'Give the https:// or ssh:// clone URL; the credentials stay in the Secret (secretRef)');
    const wrongRef = props.ref.check();
    if (wrongRef) fail(this, `spec.ref.${props.ref.kind}`, props.ref.value, wrongRef[0], wrongRef[1]);
    if (props.serviceAccount && props.provider !== GitProvider.AZURE) {
      fail(this, 'spec.serviceAccountName', props.serviceAccount.name, `is only accepted with provider 'azure' (provider is '${props.provider ?? GitProvider.GENERIC}')`,
        'Set provider: GitProvider.AZURE, or remove serviceAccount and use secret');
    }
    const ignore = props.ignore ?? [];
    const emptyIgnore = ignore.findIndex(p => p.trim() === '' || p.includes('\n'));
    if (emptyIgnore >= 0) {
      fail(this, `ignore[${emptyIgnore}]`, ignore[emptyIgnore], 'is empty or spans lines', 'Give one .sourceignore pattern per entry');
    }

    this.resource = new l1.GitRepository(this, 'Resource', {
      metadata,
      spec: {
        url: props.url,
        interval: checkedPollInterval(this, 'spec.interval', props.interval ?? Duration.minutes(1)),
        ref: { [props.ref.kind]: props.ref.value },
        ...(props.secret ? { secretRef: { name: props.secret.name } } : {}),
        ...(props.provider ? { provider: props.provider as string as l1.GitRepositorySpecProvider } : {}),
        ...(props.serviceAccount ? { serviceAccountName: props.serviceAccount.name } : {}),
        ...(ignore.length ? { ignore: ignore.map(p => `${p}\n`).join('') } : {}),
        ...(props.timeout ? { timeout: checkedFluxDuration(this, 'spec.timeout', props.timeout, { allowHours: false }) } : {}),
        ...(props.suspend !== undefined ? { suspend: props.suspend } : {}),
        ...(props.recurseSubmodules !== undefined ? { recurseSubmodules: props.recurseSubmodules } : {}),
      },
    });
  }

  /** `metadata.namespace`: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.resource.metadata.namespace;
  }
}
