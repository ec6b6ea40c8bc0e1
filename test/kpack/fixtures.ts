import { App, Testing } from 'cdk8s';
import { FolderChart } from '../../lib/output/folder-chart';
import { ClusterBuilder, Image, ImageProps, ImageSource, KpackApi } from '../../lib/kpack';
export { synthProblems as problemsOf, thrown } from '../support/synth';

/** A 40-hex commit SHA for tests. */
export const SHA = '0123456789abcdef0123456789abcdef01234567';

/** An app with one FolderChart in namespace `ci`, another namespace, or none (`null`). */
export function chartIn(namespace: string | null = 'ci'): { app: App; chart: FolderChart } {
  const app = Testing.app();
  return { app, chart: new FolderChart(app, 'kpack', { folder: 'kpack', ...(namespace ? { namespace } : {}) }) };
}

/** The props of a minimal valid v1alpha2 Image, to be overridden per test. */
export function imageProps(over: Partial<ImageProps> = {}): ImageProps {
  return {
    tag: 'registry.example.com/team/app',
    builder: ClusterBuilder.fromName('default', { api: KpackApi.V1ALPHA2 }),
    source: ImageSource.gitCommit('https://github.com/example/app', SHA),
    ...over,
  };
}

/** Builds an Image in a fresh chart and returns the message it throws, or '' when it does not. */
export function imageError(over: Partial<ImageProps>, id = 'app'): string {
  const { chart } = chartIn();
  try {
    new Image(chart, id, imageProps(over));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

