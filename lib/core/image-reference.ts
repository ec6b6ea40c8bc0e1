/**
 * Container image references (`[registry/]repository[:tag][@digest]`), checked with the grammar of
 * distribution/reference that kpack's webhook (go-containerregistry) and the kubelet apply, so a bad
 * reference fails at synth instead of in a build or an image pull. Shared by every construct that takes an
 * image: kpack's, the operators', the promotion of images between environments.
 */

/** A parsed image reference. */
export interface ImageReference {
  /** The registry host, normalized as go-containerregistry does: none and `docker.io` become `index.docker.io`. */
  readonly registry: string;
  /** The repository path inside the registry, e.g. `team/app`. */
  readonly repository: string;
  /** The tag, when one is given. */
  readonly tag?: string;
  /** The digest (`sha256:<64 hex>`), when one is given. */
  readonly digest?: string;
  /** True when the reference names its registry or an account (`team/app`), not only a bare name. */
  readonly qualified: boolean;
}

const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOCKER_HUB = 'index.docker.io';

/** Parses `ref`; returns what is wrong with it as a string when it is not a valid reference. */
export function parseImageReference(ref: string): ImageReference | string {
  if (ref.length === 0) return 'is empty';
  if (/\s/.test(ref)) return 'contains whitespace';
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return `has digest '${digest}', which is not sha256:<64 lower-case hex digits>`;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return `has tag '${tag}', which is not 1 to 128 letters, digits, '_', '.' or '-' (not starting with '.' or '-')`;
  }
  if (rest.length > 255) return `has a name of ${rest.length} characters, more than the 255 allowed`;
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    const host = parts.shift()!;
    if (!DOMAIN.test(host)) return `has registry '${host}', which is not a host name with an optional port`;
    registry = host === 'docker.io' ? DOCKER_HUB : host;
  }
  for (const part of parts) {
    if (!PATH_COMPONENT.test(part)) {
      return `has repository part '${part}', which is not lower-case letters and digits joined by '.', '_', '__' or '-'`;
    }
  }
  const qualified = ref.split('@')[0].includes('/');
  const repository = registry === DOCKER_HUB && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}), qualified };
}

/** What is wrong with `ref` as any image reference (tag or digest), or `undefined` when it is valid. */
export function checkImageReference(ref: string): string | undefined {
  const parsed = parseImageReference(ref);
  return typeof parsed === 'string' ? `${parsed}, so it is not a valid image reference` : undefined;
}

/**
 * What is wrong with `ref` as a pinned image to run, or `undefined`. Pinned means by digest or by an
 * explicit tag other than `latest`: anything else changes under a running Deployment.
 */
export function checkPinnedImage(ref: string): string | undefined {
  const parsed = parseImageReference(ref);
  if (typeof parsed === 'string') return `${parsed}, so it is not a valid image reference`;
  if (parsed.digest) return undefined;
  if (parsed.tag === undefined) return 'has no tag, so it means :latest and changes whenever the image is pushed';
  if (parsed.tag === 'latest') return 'is tagged :latest, which changes whenever the image is pushed';
  return undefined;
}
