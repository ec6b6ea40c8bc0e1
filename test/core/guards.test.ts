// What only a JavaScript caller (or a loose type) gets wrong: every construct a user creates reports missing
// or mistyped props in the library's format — construct path, field, value, fix — never as a TypeError.
import { Testing } from 'cdk8s';
import * as lib from '../../lib';
import { FolderChart } from '../../lib/output/folder-chart';
import { thrown } from '../support/synth';

const OUR_FORMAT = /^[^\n:]+: [\w.[\]"-]+ '.*' [^\n]+\. [^\n]+$/s;

/** The constructs users create in a chart, with props a caller could get wrong. */
const CONSTRUCTS = ['FolderChart', 'Application', 'ApplicationSet', 'AppProject', 'GitRepository', 'ImageRepository', 'ImagePolicy',
  'ImageDeploy', 'PipelineTrigger', 'ClusterStack', 'ClusterStore', 'ClusterBuilder', 'Builder', 'Image', 'RegistryServiceAccount',
  'Task', 'InlineTask', 'Pipeline', 'PipelineRun', 'TriggerTemplate', 'TriggerBinding', 'EventListener', 'KpushController',
  'PipelineTriggerOperator', 'GeneratedFile'];

describe.each(CONSTRUCTS)('%s', name => {
  const Construct = (lib as any)[name];
  test.each([['no props', undefined], ['empty props', {}], ['props of the wrong types', { name: 42, url: 42, tag: {}, folder: 7, source: 'x' }]])(
    '%s: either accepted or refused in our format', (_what, props) => {
      expect(typeof Construct).toBe('function');
      const chart = new FolderChart(Testing.app(), 'c', { folder: 'c', namespace: 'ci' });
      const message = thrown(() => new Construct(chart, 'x', props));
      if (message !== '') expect(message).toMatch(OUR_FORMAT);
    });
});

test('OpsRepo without props, and a Platform outside an OpsRepo', () => {
  expect(thrown(() => new (lib as any).OpsRepo(undefined))).toMatch(OUR_FORMAT);
  expect(thrown(() => new (lib as any).OpsRepo({ url: 42 }))).toMatch(OUR_FORMAT);
  expect(thrown(() => new lib.Platform(Testing.app() as any, 'platform'))).toMatch(OUR_FORMAT);
});
