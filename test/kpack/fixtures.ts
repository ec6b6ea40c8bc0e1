import { App, Testing } from 'cdk8s';
import { FolderChart } from '../../lib/output/folder-chart';
import { validateTree } from '../../lib/output/render';
import { ClusterBuilder, Image, ImageProps, ImageSource, KpackApi } from '../../lib/kpack';

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

/** The problems validation reports for the whole app, each as `<path>: <message>` (empty when valid). */
export function problemsOf(app: App): string[] {
  try {
    validateTree(app);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map(l => l.trim());
  }
}

/** The message `fn` throws, or '' when it does not throw. */
export function thrown(fn: () => unknown): string {
  try {
    fn();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
