import * as kplus from 'cdk8s-plus-27';
import { problem } from '../core/errors';
import { checkCelExpression } from './cel-check';
import { EventValue } from './event-value';
import { GITHUB_EVENT_NAMES, GitHubEventName, isGitHubEventName } from './github-events';

/** A key of a Secret, by the Secret's name. The value itself never appears in a manifest. */
export interface SecretKeyReference {
  /** The Secret's name, in the EventListener's namespace. */
  readonly name: string;
  /** The key within the Secret. */
  readonly key: string;
}

/** A problem found in an interceptor's params, with the field relative to the interceptor. */
export interface InterceptorProblem {
  /** The param, e.g. `eventTypes` or `overlays.short_sha`. */
  readonly field: string;
  /** The bad value. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly whatIsWrong: string;
  /** How to fix it. */
  readonly howToFix: string;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OVERLAY_KEY = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/** Options of {@link Interceptor.github}. */
export interface GitHubInterceptorOptions {
  /**
   * The Secret holding the webhook secret GitHub signs each delivery with; the interceptor rejects a
   * delivery whose `X-Hub-Signature-256` does not match. A cdk8s-plus `ISecret` (then give `secretKey`) or
   * a `{ name, key }` reference.
   */
  readonly secret: kplus.ISecret | SecretKeyReference;
  /** The key within `secret` when it is an `ISecret`. @default - none; required with an `ISecret` */
  readonly secretKey?: string;
  /** The event types to accept (`X-GitHub-Event`); others are rejected. */
  readonly eventTypes: GitHubEventName[];
  /**
   * Adds the files a push or pull request changes as `$(extensions.changed_files)`, read from the GitHub API
   * with this personal access token. @default - not added
   */
  readonly changedFilesToken?: SecretKeyReference;
}

/** Options of {@link Interceptor.cel}. */
export interface CelInterceptorOptions {
  /** A CEL expression; events for which it is not `true` are dropped. @default - every event passes */
  readonly filter?: string;
  /**
   * CEL expressions whose results are added to the event as `$(extensions.<key>)`, by key. Read them in a
   * binding with {@link CelInterceptor.extension}. @default - none
   */
  readonly overlays?: { [key: string]: string };
}

/**
 * An interceptor of an EventListener trigger: processes each event before the bindings read it, and may
 * reject it. Create one with {@link Interceptor.github} or {@link Interceptor.cel}.
 *
 * @see https://tekton.dev/docs/triggers/interceptors/
 */
export abstract class Interceptor {
  /**
   * Triggers' core `github` ClusterInterceptor: verifies GitHub's signature with the webhook secret and
   * accepts only the given event types.
   *
   * @example
   * Interceptor.github({ secret: { name: 'github-webhook', key: 'secret' }, eventTypes: ['push'] })
   */
  public static github(options: GitHubInterceptorOptions): GitHubInterceptor {
    return new GitHubInterceptor(options);
  }

  /**
   * Triggers' core `cel` ClusterInterceptor: filters events with a CEL expression and adds computed values.
   *
   * @example
   * Interceptor.cel({ filter: Cel.pushToBranch('main'), overlays: { short_sha: Cel.shortSha('body.after') } })
   */
  public static cel(options: CelInterceptorOptions): CelInterceptor {
    return new CelInterceptor(options);
  }

  /** The ClusterInterceptor this refers to (`github`, `cel`). */
  public abstract readonly interceptorName: string;

  /** The extension keys this interceptor adds to the event. */
  public abstract readonly extensionKeys: string[];

  /** @internal The `interceptors[]` entry. */
  public abstract _render(): any;

  /** @internal Problems with the params, checked when the interceptor is added to a trigger. */
  public abstract _check(): InterceptorProblem[];

  /** True when the interceptor adds the extension at `path` (or an object above or below it). */
  public providesExtension(path: ReadonlyArray<string | number>): boolean {
    const wanted = path.map(String);
    return this.extensionKeys.some(key => {
      const keyPath = key.split('.');
      const n = Math.min(keyPath.length, wanted.length);
      return n > 0 && keyPath.slice(0, n).every((k, i) => k === wanted[i]);
    });
  }

  /** The `ref` of a core ClusterInterceptor. */
  protected ref(name: string): { name: string; kind: string } {
    return { name, kind: 'ClusterInterceptor' };
  }
}

/** The `github` interceptor. See {@link Interceptor.github}. */
export class GitHubInterceptor extends Interceptor {
  /** Always `github`. */
  public readonly interceptorName = 'github';
  /** The event types it accepts. */
  public readonly eventTypes: GitHubEventName[];
  /** `changed_files` when `changedFilesToken` is set; otherwise none. */
  public readonly extensionKeys: string[];

  /** Use {@link Interceptor.github}. */
  constructor(private readonly options: GitHubInterceptorOptions) {
    super();
    // A JavaScript caller may leave these out: _check() reports it in the listener's terms.
    this.eventTypes = Array.isArray(options?.eventTypes) ? [...options.eventTypes] : [];
    this.extensionKeys = options?.changedFilesToken ? ['changed_files'] : [];
  }

  /** `$(extensions.changed_files)`: the changed files, when `changedFilesToken` is set. */
  public get changedFiles(): EventValue {
    if (!this.options.changedFilesToken) {
      throw new Error(problem('changedFilesToken', 'undefined', 'is not set, so the interceptor adds no changed_files',
        'Give changedFilesToken to Interceptor.github'));
    }
    return EventValue.extension('changed_files');
  }

  /** @internal */
  public _render(): any {
    const params: any[] = [
      { name: 'secretRef', value: this.secretRef() ?? {} },
      { name: 'eventTypes', value: this.eventTypes },
    ];
    const token = this.options.changedFilesToken;
    if (token) {
      params.push({ name: 'addChangedFiles', value: { enabled: true, personalAccessToken: { secretName: token.name, secretKey: token.key } } });
    }
    return { ref: this.ref('github'), params };
  }

  /** @internal */
  public _check(): InterceptorProblem[] {
    const out: InterceptorProblem[] = [];
    if (this.eventTypes.length === 0) {
      out.push({ field: 'eventTypes', value: [], whatIsWrong: 'is empty, so every event is rejected', howToFix: 'List the event types to accept, e.g. [\'push\']' });
    }
    for (const t of this.eventTypes) {
      if (!isGitHubEventName(t)) {
        out.push({ field: 'eventTypes', value: t, whatIsWrong: 'is not a GitHub webhook event type', howToFix: `Use one of: ${GITHUB_EVENT_NAMES.join(', ')}` });
      }
    }
    const secret = this.secretRef();
    if (secret === undefined) {
      out.push({ field: 'secret', value: this.options?.secret, whatIsWrong: 'is not a Secret, so GitHub\'s signature cannot be verified and anyone can start a run',
        howToFix: 'Give the webhook secret: secret: { name: \'github-webhook\', key: \'secret\' }, or a cdk8s-plus ISecret with secretKey' });
    } else {
      out.push(...checkSecretKey('secretRef', secret.secretName, secret.secretKey));
    }
    const token = this.options.changedFilesToken;
    if (token) out.push(...checkSecretKey('addChangedFiles.personalAccessToken', token.name, token.key));
    return out;
  }

  private secretRef(): { secretName: string; secretKey: string } | undefined {
    const s = this.options?.secret;
    if (s === null || typeof s !== 'object' || typeof s.name !== 'string') return undefined;
    if ('node' in s) return { secretName: s.name, secretKey: this.options.secretKey ?? '' };
    return { secretName: s.name, secretKey: typeof s.key === 'string' ? s.key : '' };
  }
}

/** The `cel` interceptor. See {@link Interceptor.cel}. */
export class CelInterceptor extends Interceptor {
  /** Always `cel`. */
  public readonly interceptorName = 'cel';
  /** The filter expression, if any. */
  public readonly filter?: string;
  /** The overlay expressions by key. */
  public readonly overlays: { readonly [key: string]: string };
  /** The overlay keys. */
  public readonly extensionKeys: string[];

  /** Use {@link Interceptor.cel}. */
  constructor(options: CelInterceptorOptions) {
    super();
    this.filter = options.filter;
    this.overlays = { ...(options.overlays ?? {}) };
    this.extensionKeys = Object.keys(this.overlays);
  }

  /** `$(extensions.<key>)` for one of the overlays, to bind in a TriggerBinding. */
  public extension(key: string): EventValue {
    if (!(key in this.overlays)) {
      return EventValue.invalid(problem('overlays', key, 'is not an overlay of this CEL interceptor',
        `Use one of: ${this.extensionKeys.join(', ') || '(none)'}, or add it to overlays`));
    }
    return EventValue.extension(key);
  }

  /** @internal */
  public _render(): any {
    const params: any[] = [];
    if (this.filter !== undefined) params.push({ name: 'filter', value: this.filter });
    const overlays = Object.entries(this.overlays).map(([key, expression]) => ({ key, expression }));
    if (overlays.length > 0) params.push({ name: 'overlays', value: overlays });
    return { ref: this.ref('cel'), params };
  }

  /** @internal */
  public _check(): InterceptorProblem[] {
    const out: InterceptorProblem[] = [];
    if (this.filter === undefined && this.extensionKeys.length === 0) {
      out.push({ field: 'params', value: {}, whatIsWrong: 'has neither a filter nor overlays, so the interceptor does nothing', howToFix: 'Give a filter, overlays, or remove the interceptor' });
    }
    if (this.filter !== undefined) {
      const p = checkCelExpression(this.filter);
      if (p) out.push({ field: 'filter', value: this.filter, ...p });
    }
    for (const [key, expression] of Object.entries(this.overlays)) {
      if (!OVERLAY_KEY.test(key)) {
        out.push({ field: 'overlays', value: key, whatIsWrong: 'is not a valid overlay key', howToFix: 'Use keys of letters, digits, \'_\' and \'-\', nested with \'.\', e.g. \'short_sha\'' });
      }
      const p = checkCelExpression(expression);
      if (p) out.push({ field: `overlays.${key}`, value: expression, ...p });
    }
    return out;
  }
}

function checkSecretKey(field: string, name: string, key: string): InterceptorProblem[] {
  const out: InterceptorProblem[] = [];
  if (!SECRET_NAME.test(name) || name.length > 253) {
    out.push({ field: `${field}.secretName`, value: name, whatIsWrong: 'is not a valid Secret name', howToFix: 'Reference the Secret by its DNS-1123 name' });
  }
  if (!SECRET_KEY.test(key)) {
    out.push({ field: `${field}.secretKey`, value: key, whatIsWrong: key === '' ? 'is missing' : 'is not a valid Secret key',
      howToFix: 'Name the key within the Secret (letters, digits, \'-\', \'_\' and \'.\'), e.g. secretKey: \'secret\'' });
  }
  return out;
}
