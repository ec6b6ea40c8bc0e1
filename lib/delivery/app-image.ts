import { Construct } from 'constructs';
import { UNPINNED, UNRECORDED } from '../catalog/scripts/pin-revision';
import { fail } from '../core/errors';
import { renderJson } from '../core/render-json';
import { describeSecret } from '../core/secret-references';
import { IBuilder, Image, ImageBuildOptions, ImageCache, ImageSource, RegistryServiceAccount } from '../kpack';
import { FolderChart } from '../output/folder-chart';
import { forEachExpressionString } from '../tekton/expressions';
import { toYaml } from '../output/render';

/** What {@link addAppImage} needs. */
export interface AppImageOptions {
  /** The app's name: names the Image. */
  readonly app: string;
  /** The app repository's clone URL. */
  readonly url: string;
  /** The pinned commit, or {@link UNPINNED}. */
  readonly revision: string;
  /** Where kpack pushes. */
  readonly tag: string;
  /** The kpack builder. */
  readonly builder: IBuilder;
  /** The registry Secret kpack pushes with. */
  readonly registrySecret: string;
  /** The name of kpack's service account. */
  readonly serviceAccountName: string;
  /** The build cache. */
  readonly cache?: ImageCache;
  /** Build settings: buildpack env, resources of the build pod. @default - none */
  readonly build?: ImageBuildOptions;
  /** The basic-auth Secret kpack reads a private repository with. @default - a public repository */
  readonly gitSecret?: string;
  /**
   * The build variable that records the base image: the template holds `UNRECORDED` in it, so the Pipeline that
   * carries the template does not change with each record (the first pin writes the record). @default - none
   */
  readonly baseImageEnv?: string;
}

/** The app's kpack Image, and the Image as synthesis renders it before the first pin. */
export interface AppImage {
  /** The Image; out of the tree (not rendered) while nothing is pinned. */
  readonly image: Image;
  /** The Image at {@link UNPINNED}, as YAML: what the first pin writes, with the tested commit. */
  readonly template: string;
}

/**
 * Creates in `chart` the service account kpack builds with and the app's Image at `revision`. Before the
 * first pin (`UNPINNED`) the Image is not rendered: kpack resolves a revision that is no ref as a commit and
 * fetches exactly it (buildpacks-community/kpack `pkg/git/remote_git_resolver.go`), so an Image at git's null
 * id fails its build, and kpush would watch an Image that never built. The template, rendered from the same
 * props at the null id, is what the pin step writes then.
 */
export function addAppImage(scope: Construct, chart: FolderChart, o: AppImageOptions): AppImage {
  const namespace = chart.namespace ?? '';
  // Described before the service account lists them, so one Secret named for both is refused as such.
  describeSecret(scope, {
    namespace, name: o.registrySecret, type: 'kubernetes.io/dockerconfigjson', keys: ['.dockerconfigjson'], purpose: `kpack pushes ${o.tag}`, field: 'image.registrySecret',
  });
  if (o.gitSecret) {
    describeSecret(scope, {
      namespace, name: o.gitSecret, type: 'kubernetes.io/basic-auth', keys: ['username', 'password'],
      annotations: { 'kpack.io/git': gitServer(o.url) }, purpose: 'kpack reads the private app repository', field: 'ci.gitCredentialsSecret',
    });
  }
  const bot = new RegistryServiceAccount(chart, 'kpack-bot', {
    metadata: { name: o.serviceAccountName },
    secrets: [o.registrySecret],
  });
  // kpack uses a git Secret of its service account's `secrets` whose kpack.io/git annotation matches the
  // repository's server (kpack docs/secrets.md); listed there only, never as an image pull Secret.
  if (o.gitSecret) bot.addGitSecret(o.gitSecret);
  const props = (revision: string, build = o.build) => ({
    tag: o.tag,
    builder: o.builder,
    serviceAccount: bot,
    source: ImageSource.gitCommit(o.url, revision),
    ...(o.cache ? { cache: o.cache } : {}),
    ...(build ? { build } : {}),
  });
  const image = new Image(chart, o.app, props(o.revision));
  // Rendered here and taken out of the tree, so it is never synthesized itself.
  const templateBuild = o.baseImageEnv ? { ...o.build, env: { ...o.build?.env, [o.baseImageEnv]: UNRECORDED } } : o.build;
  const unpinned = new Image(chart, `${o.app}-unpinned`, { ...props(UNPINNED, templateBuild), metadata: { name: o.app } });
  const rendered = renderJson(unpinned.resource);
  checkTemplateText(scope, rendered);
  const template = toYaml(rendered);
  chart.node.tryRemoveChild(unpinned.node.id);
  if (o.revision === UNPINNED) chart.node.tryRemoveChild(image.node.id);
  return { image, template };
}

/** The props each field of the Image comes from, for messages. */
const PROP_OF: ReadonlyArray<readonly [string, string]> = [['spec.source.git.url', 'repository.url'], ['spec.tag', 'image.tag'], ['spec.build', 'image.build'], ['spec.cache', 'image.cache']];

/**
 * Throws when a string of the Image template holds `$(`: the template reaches the pin step as the value of a
 * Pipeline task param, in which Tekton substitutes every `$(params.*)`, `$(tasks.*)`, `$(context.*)` it
 * knows, in one pass and with no escape (tektoncd/pipeline `pkg/substitution/replacements.go` @v1.15.0,
 * `ApplyReplacements`), and the step reads it from its environment, where the kubelet expands `$(NAME)`.
 * The first pin would then write another Image than synthesis renders.
 */
function checkTemplateText(scope: Construct, rendered: unknown): void {
  forEachExpressionString(rendered, '', (text, field) => {
    const at = field();
    const prop = PROP_OF.find(([prefix]) => at === prefix || at.startsWith(`${prefix}.`) || at.startsWith(`${prefix}[`));
    fail(scope, prop ? prop[1] + at.slice(prop[0].length) : at, text,
      'contains \'$(\', which Tekton would substitute in the kpack Image the first pin writes (the pin step receives it as a param), so it would differ from the Image synthesis renders',
      'Give the value without \'$(\'');
  });
}

/** `scheme://host` of a clone URL (`git@host` for scp-like SSH URLs): what kpack's `kpack.io/git` annotation matches. */
function gitServer(url: string): string {
  const scp = /^([A-Za-z0-9_.-]+@[A-Za-z0-9.-]+):/.exec(url);
  if (scp) return scp[1];
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}
