import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { checkReleaseUrl } from '../core/url';
import { describeValue, requireKind, requireObject } from '../core/guards';
import { checkName, NameFormat } from '../core/names';
import { ComponentMode, PlatformComponent } from './platform-component';
import type { PlatformProps } from './platform-props';
import { ComponentName, ComponentRelease, RELEASES } from './releases';

/** The prop of {@link PlatformProps} that chooses each component. */
export const PROP_OF: { readonly [c in ComponentName]: keyof PlatformProps } = {
  [ComponentName.TEKTON_PIPELINES]: 'tektonPipelines',
  [ComponentName.TEKTON_TRIGGERS]: 'tektonTriggers',
  [ComponentName.TEKTON_PRUNER]: 'tektonPruner',
  [ComponentName.KPACK]: 'kpack',
  [ComponentName.FLUX]: 'flux',
  [ComponentName.PIPELINE_TRIGGER_OPERATOR]: 'pipelineTriggerOperator',
  [ComponentName.KPUSH]: 'kpush',
};

const OTHER_PROPS = ['runHistory', 'projectName'];

/**
 * What a version may be: a release as upstream tags it (`v1.15.0`, `0.1.0`, `v1.16.0-rc.1`), a build of an
 * untagged commit (`main-4f0f57d`: a branch, then at least 7 hex digits of the commit), or a full commit SHA
 * (kpush publishes no releases). Never `latest` or a branch alone: a version names one build.
 */
const RELEASE_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$/;
const COMMIT_BUILD = /^[a-z0-9]+([._-][a-z0-9]+)*-[0-9a-f]{7,40}$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** What is wrong with `version` as the version of a component, or undefined. */
export function checkVersion(version: unknown): string | undefined {
  if (typeof version !== 'string') return `is ${describeValue(version)}, not a string`;
  if (version.length === 0) return 'is empty';
  if (/[\s\u0000-\u001f\u007f]/.test(version)) return 'holds white space or a control character (a newline would end the line it is written on)';
  if (/^(latest|stable|main|master|head)$/i.test(version)) return 'names no build: it moves';
  if (!RELEASE_VERSION.test(version) && !COMMIT_BUILD.test(version) && !COMMIT.test(version)) {
    return 'is neither a release (v1.2.3), a build of a commit (<branch>-<7 to 40 hex digits>) nor a full commit SHA';
  }
  return undefined;
}


/**
 * The choice of every component, checked for JavaScript callers and typos: an unknown prop (e.g.
 * `tektonPipeline`) is refused with the list of known ones, every choice must be a {@link PlatformComponent},
 * every declared version a real one ({@link checkVersion}), and every release given the release of that
 * component, fetched over https without credentials, each field a plain value ({@link checkRelease}).
 */
export function platformChoices(scope: IConstruct, props: PlatformProps): { readonly [c in ComponentName]: PlatformComponent } {
  requireObject(scope, 'props', props, 'Give the platform\'s props, e.g. { flux: PlatformComponent.absent() }, or none');
  const known = [...Object.values(PROP_OF), ...OTHER_PROPS];
  for (const key of Object.keys(props)) {
    if (!known.includes(key)) {
      fail(scope, key, (props as any)[key], 'is not a prop of the Platform, so it would be ignored', `Use one of ${known.join(', ')}`);
    }
  }
  if (props.projectName !== undefined) {
    const wrong = typeof props.projectName === 'string' ? checkName(props.projectName) : `is ${describeValue(props.projectName)}, not a string`;
    if (wrong) fail(scope, 'projectName', props.projectName, wrong, 'Name the AppProject with lower-case letters, digits and \'-\', e.g. \'platform\'');
  }
  const out: Partial<Record<ComponentName, PlatformComponent>> = {};
  for (const component of Object.values(ComponentName)) {
    const field = PROP_OF[component];
    const choice = requireKind<PlatformComponent>(scope, field, props[field] ?? PlatformComponent.whenNeeded(), PlatformComponent.isPlatformComponent, 'a PlatformComponent',
      'Use PlatformComponent.whenNeeded(), .install(release?), .preinstalled(\'vX.Y.Z\') or .absent()');
    if (choice.mode === ComponentMode.PREINSTALLED) checkRunning(scope, field, component, choice.running!);
    if (choice.release !== undefined) checkRelease(scope, `${field}.release`, component, choice.release);
    out[component] = choice;
  }
  return out as { [c in ComponentName]: PlatformComponent };
}

function checkRunning(scope: IConstruct, field: string, component: ComponentName, running: { version: string; parts?: { readonly [part: string]: string } }): void {
  const wrong = checkVersion(running.version);
  if (wrong) fail(scope, `${field}.version`, running.version, wrong, `Give the version the cluster runs, as upstream tags it, e.g. '${RELEASES[component].version}'`);
  checkParts(scope, `${field}.parts`, component, running.parts);
}

function checkParts(scope: IConstruct, field: string, component: ComponentName, parts: unknown): void {
  if (parts === undefined) return;
  requireObject(scope, field, parts as object, 'Give the versions of the bundled parts, e.g. { \'image-reflector-controller\': \'v1.1.2\' }');
  const known = Object.keys(RELEASES[component].parts ?? {});
  for (const [part, version] of Object.entries(parts as object)) {
    if (!known.includes(part)) {
      fail(scope, field, part, `is not a part of ${component} whose version matters here`, known.length ? `Give only ${known.join(', ')}` : 'Leave parts out');
    }
    const wrong = checkVersion(version);
    if (wrong) fail(scope, `${field}.${part}`, version, wrong, `Give the version of ${part} as upstream tags it, e.g. '${RELEASES[component].parts![part]}'`);
  }
}

/**
 * Checks a release given to `install()` or `whenNeeded()`: it is `component`'s, at a real version, its artifacts
 * and page are https URLs without credentials, its namespace and API groups are names, and the objects it deletes
 * are named. No field can carry a line break into the generated `kustomization.yaml`.
 */
export function checkRelease(scope: IConstruct, field: string, component: ComponentName, release: ComponentRelease): void {
  requireObject(scope, field, release, `Give a ComponentRelease, e.g. { ...RELEASES['${component}'], version: '...' }`);
  if (release.component !== component) {
    fail(scope, `${field}.component`, release.component, `is another component's release, given for ${component}`, `Give ${component} a release of ${component}, e.g. RELEASES['${component}']`);
  }
  const versionWrong = checkVersion(release.version);
  if (versionWrong) fail(scope, `${field}.version`, release.version, versionWrong, `Give the version the artifacts are of, as upstream tags it, e.g. '${RELEASES[component].version}'`);
  checkParts(scope, `${field}.parts`, component, release.parts);
  if (!Array.isArray(release.resources) || release.resources.length === 0) {
    fail(scope, `${field}.resources`, release.resources, 'lists no artifact', 'Give the URLs of the release\'s manifests, e.g. its release.yaml');
  }
  release.resources.forEach((url, i) => {
    const wrong = checkReleaseUrl(url);
    if (wrong) fail(scope, `${field}.resources[${i}]`, url, wrong, 'Give the https URL of the artifact as upstream publishes it, without credentials');
  });
  const docsWrong = checkReleaseUrl(release.docs);
  if (docsWrong) fail(scope, `${field}.docs`, release.docs, docsWrong, 'Give the https URL of the page that documents the install');
  const nsWrong = typeof release.namespace === 'string' ? checkName(release.namespace, { format: NameFormat.LABEL }) : `is ${describeValue(release.namespace)}, not a string`;
  if (nsWrong) fail(scope, `${field}.namespace`, release.namespace, nsWrong, 'Give the namespace the release installs its controllers in');
  if (!Array.isArray(release.apiGroups)) fail(scope, `${field}.apiGroups`, release.apiGroups, `is ${describeValue(release.apiGroups)}, not an array`, 'List the API groups whose kinds the release serves');
  release.apiGroups.forEach((group, i) => {
    const wrong = typeof group === 'string' ? (group === '' ? undefined : checkName(group)) : `is ${describeValue(group)}, not a string`;
    if (wrong) fail(scope, `${field}.apiGroups[${i}]`, group, wrong, 'Give an API group such as tekton.dev');
  });
  (release.deletes ?? []).forEach((d, i) => {
    const at = `${field}.deletes[${i}]`;
    requireObject(scope, at, d, 'Give { apiVersion, kind, name, namespace? } of an object of the artifacts');
    for (const key of ['apiVersion', 'kind', 'name', 'namespace'] as const) {
      const value = d[key];
      if (value === undefined && key === 'namespace') continue;
      if (typeof value !== 'string' || !/^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(value)) {
        fail(scope, `${at}.${key}`, value, 'is not a plain name (letters, digits, \'-\', \'_\', \'.\' and \'/\')', `Give the ${key} of the object to drop, as the artifact has it`);
      }
    }
  });
  (release.patches ?? []).forEach((p, i) => requireObject(scope, `${field}.patches[${i}]`, p, 'Give a strategic-merge patch as an object with apiVersion, kind and metadata'));
}
