import { App, Testing } from 'cdk8s';
import { PodSecurity } from '../../lib/core/pod-security';
import { ClusterBuilder, Image, ImageProps, ImageSource, KpackApi } from '../../lib/kpack';
import { FolderChart } from '../../lib/output/folder-chart';

export { problemsOf, thrown } from '../kpack/fixtures';

/**
 * The opt-out of ImageDeploys that stand alone in these tests: no Deployment of their name is rendered, so
 * the restricted default would be a synth error (see kpush-image-deploy.test.ts).
 */
export const STANDALONE = PodSecurity.baseline('a test of the ImageDeploy alone, without the Deployment kpush patches');

/** An app with one FolderChart in namespace `apps`. */
export function appChart(): { app: App; chart: FolderChart } {
  const app = Testing.app();
  return { app, chart: new FolderChart(app, 'deploy', { folder: 'deploy', namespace: 'apps' }) };
}

/** A kpack Image named `name` in `api`, pinned to a commit. */
export function kpackImage(scope: FolderChart, name: string, over: Partial<ImageProps> = {}): Image {
  const api = over.api ?? KpackApi.V1ALPHA2;
  return new Image(scope, name, {
    api,
    tag: `docker.io/example/${name}`,
    builder: ClusterBuilder.fromName('default', { api }),
    source: ImageSource.gitCommit(`https://github.com/example/${name}`, '0123456789abcdef0123456789abcdef01234567'),
    ...over,
  });
}
