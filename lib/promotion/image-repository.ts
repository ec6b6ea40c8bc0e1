// An image promoted to an environment should come from the repository the app's kpack Image pushes to, or
// from the one the environment runs already (a mirror it pulls from). By digest, an image of another
// repository passes every other check: a digest of the wrong app, pasted from another pull request, would
// deploy that app's code under this one's name. So promote refuses it unless told it is meant
// (`--allow-other-repository`, which the commit message records).
import { AppDelivery } from '../delivery/app-delivery';
import { Environment } from '../delivery/environments';
import { parseImageReference } from '../core/image-reference';

/** A repository (registry and path) of an image reference, as a reader writes it; undefined when malformed. */
export function repositoryOf(ref: string): string | undefined {
  const parsed = parseImageReference(ref);
  if (typeof parsed === 'string') return undefined;
  return `${parsed.registry === 'index.docker.io' ? 'docker.io' : parsed.registry}/${parsed.repository}`;
}

/**
 * Why `image` is not of `app`'s repository (its kpack Image's tag) nor of the one `to` runs now
 * (`previous`), with the fix; undefined when it is.
 */
export function otherRepositoryProblem(app: AppDelivery, to: Environment, image: string, previous: string | undefined): { problem: string; fix: string } | undefined {
  const repository = repositoryOf(image);
  const own = repositoryOf(app.image.tag);
  const current = previous === undefined ? undefined : repositoryOf(previous);
  if (repository === undefined || repository === own || repository === current) return undefined;
  const usual = [own, ...(current && current !== own ? [current] : [])].filter((r): r is string => r !== undefined);
  return {
    problem: `image '${image}' is of repository ${repository}, but app '${app.appName}' builds ${own ?? app.image.tag} (its kpack Image's tag)`
      + (current && current !== own ? ` and environment '${to.name}' runs ${current}` : ''),
    fix: `Give an image of ${usual.join(' or ')} (the digest kpack reported for this app), or pass --allow-other-repository (allowOtherRepository: true) if ${to.name} is meant to run an image of ${repository}`,
  };
}
