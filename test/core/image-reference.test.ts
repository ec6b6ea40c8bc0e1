import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { Image, ImageSource } from '../../lib/kpack';
import { checkPinnedImage, parseImageReference } from '../../lib/core/image-reference';
import { checkPushTag } from '../../lib/kpack/image-reference';
import { show } from '../../lib/core/errors';
import { NameFormat, checkName } from '../../lib/core/names';
import { toYaml } from '../../lib/output/render';
import { chartIn, imageProps, thrown } from '../kpack/fixtures';

describe('parseImageReference', () => {
  test.each<[string, object]>([
    ['app', { registry: 'index.docker.io', repository: 'library/app', qualified: false }],
    ['team/app:1.0', { registry: 'index.docker.io', repository: 'team/app', tag: '1.0', qualified: true }],
    ['docker.io/team/app', { registry: 'index.docker.io', repository: 'team/app', qualified: true }],
    ['localhost:5000/app:dev', { registry: 'localhost:5000', repository: 'app', tag: 'dev', qualified: true }],
    [`ghcr.io/a/b/c@sha256:${'0'.repeat(64)}`, { registry: 'ghcr.io', repository: 'a/b/c', digest: `sha256:${'0'.repeat(64)}`, qualified: true }],
    ['registry.example.com:443/team/my_app__x-y.z:v1_2', { registry: 'registry.example.com:443', repository: 'team/my_app__x-y.z', tag: 'v1_2', qualified: true }],
  ])('%p', (ref, parsed) => {
    expect(parseImageReference(ref)).toStrictEqual(parsed);
  });

  test.each([
    ['', 'is empty'],
    ['team/app:', 'has tag \'\''],
    ['team//app', 'has repository part \'\''],
    ['team/app_', 'has repository part \'app_\''],
    ['-bad.host/app', 'has registry \'-bad.host\''],
  ])('%p is rejected', (ref, why) => {
    expect(parseImageReference(ref)).toContain(why);
  });

  test('pinned images: a digest or a tag other than latest', () => {
    expect(checkPinnedImage('docker.io/x/y:1.0')).toBeUndefined();
    expect(checkPinnedImage(`docker.io/x/y@sha256:${'a'.repeat(64)}`)).toBeUndefined();
    expect(checkPinnedImage('docker.io/x/y')).toBe('has no tag, so it means :latest and changes whenever the image is pushed');
    expect(checkPinnedImage('docker.io/x/y:latest')).toBe('is tagged :latest, which changes whenever the image is pushed');
  });
});

const component = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,8}){0,2}$/);
const host = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), fc.constantFrom('.io', '.example.com', '.local'), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
  .map(([name, tld, port]) => `${name}${tld}${port ? `:${port}` : ''}`);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);

describe('properties', () => {
  test('a valid tag is accepted and parses back, from the reference and from the rendered YAML', () => {
    fc.assert(fc.property(host, fc.array(component, { minLength: 1, maxLength: 3 }), fc.option(tag, { nil: undefined }), (registry, parts, t) => {
      const ref = `${registry}/${parts.join('/')}${t !== undefined ? `:${t}` : ''}`;
      expect(parseImageReference(ref)).toStrictEqual({ registry, repository: parts.join('/'), ...(t !== undefined ? { tag: t } : {}), qualified: true });
      const { chart } = chartIn();
      const image = new Image(chart, 'app', imageProps({ tag: ref, additionalTags: [`${registry}/${parts.join('/')}:extra`] }));
      const parsed = YAML.parse(toYaml(image.resource.toJson()));
      expect(parsed.spec.tag).toBe(ref);
      expect(parsed.spec.additionalTags).toEqual([`${registry}/${parts.join('/')}:extra`]);
    }));
  });

  test('any string as a tag is either accepted and round-trips, or rejected with a message naming it (redacted as messages are)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), ref => {
      const { chart } = chartIn();
      const error = thrown(() => new Image(chart, 'app', imageProps({ tag: ref })));
      if (checkPushTag(ref) === undefined) {
        expect(error).toBe('');
        expect(YAML.parse(toYaml((chart.node.findChild('app') as Image).resource.toJson())).spec.tag).toBe(ref);
      } else {
        expect(error).toContain(`kpack/app: spec.tag '${show(ref)}' `);
      }
    }));
  });

  test('an Image name is either a valid label-length subdomain and round-trips, or rejected', () => {
    const name = fc.string({ unit: fc.constantFrom(...'abz09-.A_'.split('')), maxLength: 70 });
    fc.assert(fc.property(name, n => {
      const { chart } = chartIn();
      const error = thrown(() => new Image(chart, 'x', imageProps({ metadata: { name: n } })));
      const wrong = checkName(n, { format: NameFormat.SUBDOMAIN, maxLength: 63 });
      if (wrong) {
        expect(error).toBe(`kpack/x: metadata.name '${n}' ${wrong}. kpack puts the Image name in a label of every Build: use lower-case letters, digits, '-' and '.', at most 63 characters`);
      } else {
        expect(error).toBe('');
        const image = chart.node.findChild('x') as Image;
        expect(YAML.parse(toYaml(image.resource.toJson())).metadata.name).toBe(n);
        expect(image.name).toBe(n);
      }
    }));
  });

  test('any 40-hex lower-case SHA pins the Image and round-trips; anything else is rejected as a commit', () => {
    const sha = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 40, maxLength: 40 });
    fc.assert(fc.property(sha, s => {
      const { chart } = chartIn();
      const image = new Image(chart, 'app', imageProps({ source: ImageSource.gitCommit('https://github.com/example/app', s) }));
      expect(image.pinned).toBe(true);
      expect(YAML.parse(toYaml(image.resource.toJson())).spec.source.git.revision).toBe(s);
    }));
    fc.assert(fc.property(fc.string({ maxLength: 45 }).filter(s => !/^[0-9a-f]{40}$/.test(s)), s => {
      expect(ImageSource.gitCommit('https://github.com/example/app', s).check(imageProps().builder.api!)).toHaveLength(1);
    }));
  });
});
