import { SSH_SCHEME } from './git';
import { describeValue } from './guards';

/**
 * The one rule set for every URL a construct writes into `dist/`: git repositories (the ops repository, the app
 * repositories, kpack and Flux sources, Argo CD sources and AppProject source globs), cluster API servers
 * (Argo CD destinations), kpack blob sources and the platform's release artifacts. Each URL:
 *
 * - has no whitespace and no control character (a trailing line break is no longer the URL the controller
 *   compares and connects to);
 * - carries no credentials: no user info (an `ssh://` login name excepted, it is no secret), no query and no
 *   fragment, where tokens hide too ({@link checkUrlCredentials});
 * - uses a scheme of its kind, and never plain `http://` (or `git://`) where credentials travel over it.
 *
 * The catalog's step scripts apply the same credential rules at run time (`check_url` in
 * lib/catalog/scripts/git-setup.ts).
 */

const SCHEME_USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)@/;
const SCP_PASSWORD = /^[^/:@]*:[^/@]*@/;
const QUERY_OR_FRAGMENT = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^?#]*[?#]/;
/** Whitespace (`\s` covers the Unicode spaces and line separators) and the C0 and C1 control characters. */
const WHITESPACE_OR_CONTROL = /[\s\x00-\x1f\x7f-\x9f]/;

/**
 * What is wrong with a URL that can carry a secret, or undefined (`kind` names the URLs in a message, e.g.
 * `'git URLs'`). Any user info is refused
 * (`https://TOKEN@host/...` authenticates as well as `https://user:pass@host/...`), except a login name in an
 * `ssh://` URL, which is no secret (`git@host:...` and `ssh://git@host/...`); so are a password in an
 * scp-like address (`user:pass@host:path`) and a query or fragment, where tokens hide too. A URL in a manifest
 * is read by everyone who reads the repository, and lands in `.git/config`, process lists and logs.
 */
export function checkUrlCredentials(url: string, kind = 'git URLs'): string | undefined {
  const userinfo = SCHEME_USERINFO.exec(url);
  if (userinfo && (!SSH_SCHEME.test(userinfo[1]) || /[:@]/.test(userinfo[2]))) {
    return 'carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them';
  }
  if (!userinfo && SCP_PASSWORD.test(url)) {
    return 'carries a password in the URL (before \'@\'), where every reader of the manifests, the process list and the logs sees it';
  }
  if (QUERY_OR_FRAGMENT.test(url)) return `has a query or a fragment, where tokens hide too; ${kind} have neither`;
  return undefined;
}

/**
 * What is wrong with the text of any URL or URL glob, or undefined: empty, whitespace or control characters,
 * credentials. Every kind's check starts here; AppProject globs (`https://github.com/org/*`) get only this.
 */
export function checkUrlText(url: string, kind = 'git URLs'): string | undefined {
  if (url.length === 0) return 'is empty';
  const credentials = checkUrlCredentials(url, kind);
  if (credentials) return credentials;
  if (WHITESPACE_OR_CONTROL.test(url)) {
    return 'contains whitespace or a control character (a line break, a tab, a space), which the controller would take as part of the URL';
  }
  return undefined;
}

const GIT_FORMS: ReadonlyArray<readonly [string, RegExp]> = [
  ['https', /^https:\/\/[^/@]+(?::\d+)?\/.+$/i],
  ['http', /^http:\/\/[^/@]+(?::\d+)?\/.+$/i],
  ['ssh', /^ssh:\/\/(?:[^@/]+@)?[^/@]+(?::\d+)?\/.+$/i],
  ['git', /^git:\/\/[^/@]+(?::\d+)?\/.+$/i],
  ['scp', /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/].*$/],
];

/**
 * Whether `url`'s host is this machine's loopback (`localhost`, `127.0.0.0/8`, `[::1]`): credentials sent
 * there never cross a network, so plain http:// leaks nothing (a repository served on the node or through a
 * port-forward).
 */
function isLoopback(url: string): boolean {
  return /^[a-z]+:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?\//i.test(url);
}

/** Options of {@link checkGitUrl}. */
export interface GitUrlOptions {
  /**
   * Credentials are offered to the repository's host (a private repository, a push, or a clone with a
   * git-credentials workspace): plain `http://` would send them unencrypted (except to the loopback
   * address), and `git://` has no authentication at all, so only `https://` and SSH are accepted.
   * @default false
   */
  readonly credentials?: boolean;
}

/**
 * What is wrong with `url` as a git repository URL (https://, ssh://, scp-like `user@host:path`, and, when no
 * credentials are offered, http:// and git://), or `undefined`.
 */
export function checkGitUrl(url: string, options: GitUrlOptions = {}): string | undefined {
  const text = checkUrlText(url);
  if (text) return text;
  const form = GIT_FORMS.find(([, pattern]) => pattern.test(url))?.[0];
  if (!form) return 'is not a git URL (https://host/path, ssh://[user@]host/path, git://host/path or user@host:path)';
  if (options.credentials && form === 'http' && !isLoopback(url)) {
    return 'is plain http://, so the git credentials offered to its host would cross the network unencrypted (and anyone on the way could change the code that is tested and built)';
  }
  if (options.credentials && form === 'git') return 'is git://, which has no authentication, so a repository that needs credentials cannot be read over it';
  return undefined;
}

/**
 * What is wrong with `url` as the API server URL of a cluster registered in Argo CD, or undefined: an
 * `https://host[:port][/path]` URL, the form Argo CD's cluster Secrets hold (argo-cd
 * `docs/operator-manual/declarative-setup.md`, "Clusters"). Argo CD finds the cluster by this exact string,
 * with trailing `/` trimmed (argo-cd `util/settings/cluster_informer.go` @v3.5.1, `GetClusterByURL`), and
 * connects with it as the host of a client-go config carrying the cluster's bearer token or client
 * certificate (`pkg/apis/application/v1alpha1/types.go`, `RESTConfig`): over plain `http://` the token would
 * travel unencrypted.
 */
export function checkClusterServerUrl(url: string): string | undefined {
  const text = checkUrlText(url, 'API server URLs');
  if (text) return text;
  if (/^http:\/\//i.test(url)) return 'is plain http://, so Argo CD would send the cluster\'s bearer token unencrypted';
  if (!/^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/.*)?$/i.test(url) && !/^https:\/\/\[[0-9A-Fa-f:.]+\](?::\d{1,5})?(?:\/.*)?$/i.test(url)) {
    return 'is not an https://host[:port] URL of a Kubernetes API server';
  }
  if (url.endsWith('/')) {
    return 'ends with \'/\', which Argo CD trims when it looks the cluster up, so it would be another cluster here than in Argo CD';
  }
  return undefined;
}

/** Options of {@link checkHttpUrl}. */
export interface HttpUrlOptions {
  /** Credentials are sent to the host, so plain `http://` is refused. @default false */
  readonly credentials?: boolean;
}

/** What is wrong with `url` as the http(s) URL of a file (a kpack blob source), or undefined. */
export function checkHttpUrl(url: string, options: HttpUrlOptions = {}): string | undefined {
  const text = checkUrlText(url, 'archive URLs');
  if (text) return text;
  if (!/^https?:\/\/[^/@]+\/.+$/i.test(url)) return 'is not an http(s) URL of a file (https://host/path)';
  if (options.credentials && /^http:/i.test(url) && !isLoopback(url)) return 'is plain http://, so the credentials sent to its host would cross the network unencrypted';
  return undefined;
}

/**
 * What is wrong with `url` as the URL of a published release artifact (or its page), which kustomize fetches
 * into the cluster, or undefined: a string, the text rules of every URL ({@link checkUrlText}: no credentials,
 * query or fragment, whitespace or control character), and https only: over plain http anyone on the way could
 * change what the cluster installs.
 */
export function checkReleaseUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return `is ${describeValue(url)}, not a string`;
  const text = checkUrlText(url, 'release artifact URLs');
  if (text) return text;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:') return `is fetched over ${parsed.protocol.replace(/:$/, '')}, where anyone on the way can change what the cluster installs`;
  return undefined;
}
