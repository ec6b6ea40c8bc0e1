// What only a JavaScript caller (or a loose type) gets wrong: every construct a user creates reports missing
// or mistyped props in the library's format — construct path, field, value, fix — never as a TypeError.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
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

describe('mistakes the constructs library or cdk8s would report in their own words', () => {
  const newChart = () => new FolderChart(Testing.app(), 'c', { folder: 'c', namespace: 'ci' });

  test.each(CONSTRUCTS)('%s: an id already taken in the scope names the path of the one there', name => {
    const chart = newChart();
    new Construct(chart, 'x');
    const message = thrown(() => new (lib as any)[name](chart, 'x', {}));
    expect(message).toMatch(OUR_FORMAT);
    expect(message).toContain("c: id 'x' is already the id of c/x. Give each construct in a scope its own id");
  });

  test.each(CONSTRUCTS)('%s: an id that is not a string', name => {
    expect(thrown(() => new (lib as any)[name](newChart(), 42, {}))).toBe("c: id '42' is a number, not a string. Give the construct an id, e.g. 'go-sample-app'");
  });

  test.each(CONSTRUCTS)('%s: props whose getters throw', name => {
    const props = Object.defineProperties({}, Object.fromEntries(['url', 'tag', 'folder', 'source', 'name', 'metadata', 'image', 'secrets', 'controller', 'pipeline', 'path', 'render']
      .map(key => [key, { enumerable: true, get: () => { throw new Error('boom'); } }])));
    const message = thrown(() => new (lib as any)[name](newChart(), 'x', props));
    expect(message).toMatch(OUR_FORMAT);
    expect(message).toMatch(/^c\/x: \w+ '\(a getter\)' cannot be read: it throws 'boom'\. Give a plain value$/);
  });

  test.each([['NaN', NaN], ['Infinity', Infinity], ['a Duration of NaN', Duration.minutes(NaN)], ['a Size of NaN', Size.gibibytes(NaN)]])(
    'a prop that is %s, at any depth, is named with its path', (_what, bad) => {
      for (const name of CONSTRUCTS) {
        const message = thrown(() => new (lib as any)[name](newChart(), 'x', { metadata: { name: 'x' }, deep: [{ value: bad }] }));
        expect({ name, message }).toEqual({ name, message: expect.stringMatching(/^c\/x: deep\[0\]\.value '.*' is not a finite (number|duration|size)\. Give a/) });
      }
    });

  test.each(['argocd', 'front-page', 'platform', 'shop'])('a Team with the id %p of another construct of the OpsRepo', id => {
    const ops = new lib.OpsRepo({ url: 'https://github.com/example/ops.git', root: fs.mkdtempSync(path.join(os.tmpdir(), 'guards-')) });
    new lib.Platform(ops, 'platform');
    new lib.Team(ops, 'shop');
    expect(thrown(() => new lib.Team(ops, id))).toBe(`(app): id '${id}' is already the id of ${id}. Give the team an id no other construct of the OpsRepo has (argocd and front-page are its own)`);
  });
});
