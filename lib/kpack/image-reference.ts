// Image references are checked alike everywhere (lib/core/image-reference.ts); kpack adds what it pushes to.
import { parseImageReference } from '../core/image-reference';

export { type ImageReference, checkImageReference, checkPinnedImage, parseImageReference } from '../core/image-reference';

/**
 * What is wrong with `ref` as an image tag kpack pushes to (an Image's `tag`, a Builder's `tag`, a cache
 * tag), or `undefined`. kpack parses it as a tag, so a digest is rejected; a bare name would resolve to
 * Docker Hub's `library/` namespace, where nobody but Docker can push.
 */
export function checkPushTag(ref: string): string | undefined {
  const parsed = parseImageReference(ref);
  if (typeof parsed === 'string') return `${parsed}, so it is not a valid image tag`;
  if (parsed.digest) return 'has a digest, but kpack pushes to a tag';
  if (!parsed.qualified) return 'names no registry or account, so it would resolve to Docker Hub\'s library/ namespace';
  return undefined;
}

/** The registry of a reference known to be valid. */
export function registryOf(ref: string): string {
  const parsed = parseImageReference(ref);
  return typeof parsed === 'string' ? '' : parsed.registry;
}

