import { Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, problem } from '../core/errors';
import { freeId, requireArray, requirePropsOf } from '../core/guards';
import { NameFormat, checkName, validateName } from '../core/names';
import { IResource, ResourceProps } from '../core/resource';
import { describeSecret } from '../core/secret-references';

/** Props for {@link RegistryServiceAccount}. */
export interface RegistryServiceAccountProps extends ResourceProps {
  /**
   * Names of the registry Secrets kpack authenticates with (`kubernetes.io/dockerconfigjson`). Only the
   * names are rendered; create the Secrets outside git (kubectl, Sealed Secrets, External Secrets). Git
   * Secrets go in with {@link RegistryServiceAccount.addGitSecret}.
   */
  readonly secrets: string[];
  /**
   * Also list the Secrets as `imagePullSecrets`, which kpack uses to pull private builder and run images.
   * @default true
   */
  readonly imagePullSecrets?: boolean;
}

/**
 * The service account kpack builds and pushes with, like the tutorial's `kpack-bot`: it lists registry
 * Secrets by name under `secrets` and `imagePullSecrets`, and git Secrets under `secrets` only
 * ({@link RegistryServiceAccount.addGitSecret}), never their content.
 *
 * It is a cdk8s-plus ServiceAccount, so it also goes wherever one does. Its API token is not mounted
 * (cdk8s-plus' default): kpack reads the Secrets itself, build pods need no API access.
 *
 * @see https://github.com/buildpacks-community/kpack/blob/main/docs/secrets.md
 * @example
 * const bot = new RegistryServiceAccount(chart, 'kpack-bot', { secrets: ['regcred'] });
 * new Image(chart, 'go-sample-app', { serviceAccount: bot, ... });
 */
export class RegistryServiceAccount extends kplus.ServiceAccount implements IResource {
  // Rendered through a patch that reads this array at synth, so addRegistrySecret() shows up later too.
  private readonly pullSecrets: Array<{ name: string }> = [];
  private readonly withPullSecrets: boolean;

  constructor(scope: Construct, id: string, props: RegistryServiceAccountProps) {
    const name = requirePropsOf(scope, id, props, 'Give the service account\'s props: { secrets: [\'regcred\'] }').metadata?.name ?? id;
    super(scope, freeId(scope, id), { metadata: { ...props.metadata, name } });
    validateName(this, 'metadata.name', name, { format: NameFormat.SUBDOMAIN });
    requireArray(this, 'secrets', props.secrets, 'List the registry Secrets by name, e.g. [\'regcred\']');
    if (props.secrets.length === 0) {
      fail(this, 'secrets', props.secrets, 'is empty, so kpack has no credentials to push with', 'Name the dockerconfigjson Secret, e.g. secrets: [\'regcred\']');
    }
    this.withPullSecrets = props.imagePullSecrets ?? true;
    if (this.withPullSecrets) this.apiObject.addJsonPatch(JsonPatch.add('/imagePullSecrets', this.pullSecrets));
    for (const secret of props.secrets) this.addRegistrySecret(secret);
  }

  /** `metadata.namespace`: its own or its chart's. */
  public get namespace(): string | undefined {
    return this.metadata.namespace;
  }

  /**
   * Adds a git Secret (`kubernetes.io/basic-auth` or `ssh-auth`, annotated `kpack.io/git`), by name, to
   * `secrets` only: kpack reads git credentials from the service account's `secrets` alone
   * (buildpacks-community/kpack v0.17.2 `pkg/git/k8s_git_keychain.go`, `pkg/secret/fetcher.go`), while every
   * `imagePullSecrets` entry is mounted into the build pod as a registry credential
   * (`pkg/buildpod/generator.go` `fetchBuildSecrets`, `pkg/apis/build/v1alpha2/build_pod.go`
   * `setupImagePullVolumes`). Whoever adds it describes it for the front page (type, annotation).
   */
  public addGitSecret(secretName: string): void {
    validateName(this, 'secrets', secretName, { format: NameFormat.SUBDOMAIN });
    if (this.secrets.some(s => s.name === secretName)) {
      fail(this, 'secrets', secretName, 'is listed twice', 'Give each Secret once');
    }
    this.addSecret(kplus.Secret.fromSecretName(this, `secret-${secretName}`, secretName));
  }

  /**
   * Adds a registry Secret, by name, to `secrets` and (unless disabled) `imagePullSecrets`: kpack reads
   * registry credentials from both (kpack v0.17.2 `pkg/dockercreds/k8sdockercreds/k8s_keychain.go`: the
   * `secrets` keychain and go-containerregistry's k8schain over the service account's `imagePullSecrets`).
   */
  public addRegistrySecret(secretName: string): void {
    validateName(this, 'secrets', secretName, { format: NameFormat.SUBDOMAIN });
    if (this.secrets.some(s => s.name === secretName)) {
      fail(this, 'secrets', secretName, 'is listed twice', 'Give each Secret once');
    }
    this.addSecret(kplus.Secret.fromSecretName(this, `secret-${secretName}`, secretName));
    if (this.withPullSecrets) this.pullSecrets.push({ name: secretName });
    // A git Secret listed here is described again, as such, by whoever adds it.
    describeSecret(this, {
      namespace: this.metadata.namespace ?? Chart.of(this).namespace ?? '',
      name: secretName,
      type: 'kubernetes.io/dockerconfigjson',
      keys: ['.dockerconfigjson'],
      purpose: `kpack pulls and pushes images as service account ${this.name}`,
      assumed: true,
    });
  }
}

/** The name and namespace of a service account, for a cluster-scoped object's `serviceAccountRef`. */
export interface ServiceAccountRef {
  readonly name: string;
  readonly namespace?: string;
}

/** The `serviceAccountRef` of `sa`: its name and, when it has one, its namespace. */
export function serviceAccountRef(sa: kplus.IServiceAccount): ServiceAccountRef {
  const subject = sa.toSubjectConfiguration();
  return { name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}) };
}

/** Problems of a `serviceAccountRef`, which kpack requires to name both the account and its namespace. */
export function checkServiceAccountRef(field: string, ref: ServiceAccountRef): string[] {
  const out: string[] = [];
  const bad = checkName(ref.name, { format: NameFormat.SUBDOMAIN });
  if (bad) out.push(problem(`${field}.name`, ref.name, bad, 'Give the name of a ServiceAccount'));
  if (!ref.namespace) {
    out.push(problem(`${field}.namespace`, '', 'is missing, but a cluster-scoped kpack object must say where its service account lives',
      'Create the ServiceAccount in a chart with a namespace, or import it with ServiceAccount.fromServiceAccountName(scope, id, name, { namespaceName })'));
  }
  return out;
}
