// The public API of the platform: what lib/index.ts re-exports.
export { Platform, type PlatformProps, type ProvidedComponent, type RunHistory } from './platform';
export { ComponentMode, PlatformComponent } from './platform-component';
export { type RunningVersion } from './compatibility';
export { type ComponentRelease, ComponentName, type DeletedObject, PIPELINE_TRIGGER_OPERATOR_MAIN, PIPELINE_TRIGGER_OPERATOR_MAIN_COMMIT, PLATFORM_CONFIG_WAVE, type ReleaseSync, RELEASES } from './releases';
export { type PlatformPrerequisite } from './prerequisites';
