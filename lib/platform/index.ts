// The public API of the platform: what lib/index.ts re-exports.
export { Platform, PlatformComponent, type PlatformProps, type ProvidedComponent, type RunHistory } from './platform';
export { type RunningVersion } from './compatibility';
export { type ComponentRelease, ComponentName, type DeletedObject, PLATFORM_CONFIG_WAVE, type ReleaseSync, RELEASES } from './releases';
