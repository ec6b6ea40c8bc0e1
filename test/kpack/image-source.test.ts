import { ImageSource, KpackApi } from '../../lib/kpack';
import { checkBranchName, checkCommitSha, isCommitSha } from '../../lib/core/git';
import { checkGitUrl } from '../../lib/core/url';
import { SHA, imageError } from './fixtures';

const URL = 'https://github.com/example/app';
const app = 'kpack/app';

describe('ImageSource pinning', () => {
  test('gitCommit is pinned and renders the SHA; gitBranch is not', () => {
    const commit = ImageSource.gitCommit(URL, SHA);
    const branch = ImageSource.gitBranch(URL, 'main');
    expect([commit.pinned, commit.revision, commit.type]).toEqual([true, SHA, 'git']);
    expect([branch.pinned, branch.revision]).toEqual([false, 'main']);
    expect(commit.render()).toStrictEqual({ git: { url: URL, revision: SHA } });
    expect(isCommitSha(SHA)).toBe(true);
    expect(isCommitSha('main')).toBe(false);
  });

  test('every source type checks clean when valid', () => {
    for (const source of [
      ImageSource.gitCommit('git@github.com:example/app.git', SHA),
      ImageSource.gitCommit('ssh://git@github.com/example/app.git', SHA),
      ImageSource.gitBranch('git://example.com/app.git', 'release/1.x'),
      ImageSource.blob('https://example.com/app.jar'),
      ImageSource.registry(`registry.example.com/app-src@sha256:${'b'.repeat(64)}`),
    ]) {
      expect(source.check(KpackApi.V1ALPHA2)).toEqual([]);
    }
  });
});

describe('ImageSource validation', () => {
  test.each<[string, ImageSource, string]>([
    ['upper-case SHA', ImageSource.gitCommit(URL, SHA.toUpperCase()),
      `${app}: spec.source.git.revision '${SHA.toUpperCase()}' has upper-case hex digits; kpack compares revisions as given, and git prints them lower-case. Pass the full SHA, e.g. from \`git rev-parse HEAD\``],
    ['abbreviated SHA', ImageSource.gitCommit(URL, SHA.slice(0, 7)),
      `${app}: spec.source.git.revision '0123456' is an abbreviated SHA (7 characters); kpack would treat it as a branch or tag to resolve. Pass the full SHA, e.g. from \`git rev-parse HEAD\``],
    ['branch name as commit', ImageSource.gitCommit(URL, 'main'),
      `${app}: spec.source.git.revision 'main' is not a full commit SHA (40 lower-case hex digits). Pass the full SHA, e.g. from \`git rev-parse HEAD\``],
    ['SHA as branch', ImageSource.gitBranch(URL, SHA),
      `${app}: spec.source.git.revision '${SHA}' is a commit SHA, not a branch. Pass a branch name such as 'main', or use ImageSource.gitCommit for a commit`],
    ['branch with a space', ImageSource.gitBranch(URL, 'my branch'),
      `${app}: spec.source.git.revision 'my branch' contains a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in ref names. Pass a branch name such as 'main', or use ImageSource.gitCommit for a commit`],
    ['branch with ..', ImageSource.gitBranch(URL, 'a..b'),
      `${app}: spec.source.git.revision 'a..b' contains '..', which git does not allow in ref names. Pass a branch name such as 'main', or use ImageSource.gitCommit for a commit`],
    ['empty branch', ImageSource.gitBranch(URL, ''),
      `${app}: spec.source.git.revision '' is empty. Pass a branch name such as 'main', or use ImageSource.gitCommit for a commit`],
    ['URL with a token', ImageSource.gitCommit('https://x-access-token:abc@github.com/example/app', SHA),
      `${app}: spec.source.git.url 'https://***@github.com/example/app' carries credentials in the URL, where every reader of the manifests, the process list and the logs sees them. Give the clone URL; credentials belong in a git Secret listed on the service account`],
    ['not a URL', ImageSource.gitCommit('github.com/example/app', SHA),
      `${app}: spec.source.git.url 'github.com/example/app' is not a git URL (https://host/path, ssh://[user@]host/path, git://host/path or user@host:path). Give the clone URL; credentials belong in a git Secret listed on the service account`],
    ['blob that is not http', ImageSource.blob('s3://bucket/app.zip'),
      `${app}: spec.source.blob.url 's3://bucket/app.zip' is not an http(s) URL of a file (https://host/path). Give the https:// URL of a zip, tar or jar archive; credentials belong in a Secret (BlobAuth.SECRET)`],
    ['negative stripComponents', ImageSource.blob('https://example.com/a.zip', { stripComponents: -1 }),
      `${app}: spec.source.blob.stripComponents '-1' is not a whole number of 0 or more. Give how many leading path components to drop, e.g. 1`],
    ['registry image with a bad digest', ImageSource.registry('registry.example.com/src@sha256:abc'),
      `${app}: spec.source.registry.image 'registry.example.com/src@sha256:abc' has digest 'sha256:abc', which is not sha256:<64 lower-case hex digits>, so it is not a valid image reference. Give an image such as registry.example.com/team/app-source:1`],
    ['registry pull secret that is no name', ImageSource.registry('registry.example.com/src:1', { imagePullSecrets: ['Pull'] }),
      `${app}: spec.source.registry.imagePullSecrets 'Pull' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit). Give the name of a Secret in the Image's namespace`],
    ['subPath leaving the source', ImageSource.gitCommit(URL, SHA, { subPath: '../other' }),
      `${app}: spec.source.subPath '../other' is not a relative path inside the source. Give a path such as 'services/api', without a leading '/' or '..'`],
  ])('%s', (_, source, message) => {
    expect(imageError({ source })).toBe(message);
  });

  test('fields the legacy API lacks are errors there', () => {
    const legacy = { api: KpackApi.LEGACY_V1ALPHA1, tag: 'example/app' };
    expect(imageError({ ...legacy, source: ImageSource.gitCommit(URL, SHA, { initializeSubmodules: true }) })).toBe(
      `${app}: spec.source.git.initializeSubmodules 'true' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2`);
    expect(imageError({ ...legacy, source: ImageSource.blob('https://example.com/a.zip', { stripComponents: 1 }) })).toBe(
      `${app}: spec.source.blob.stripComponents '1' does not exist in build.pivotal.io/v1alpha1. Remove it, or use KpackApi.V1ALPHA2`);
  });
});

describe('git checks', () => {
  test.each(['https://github.com/a/b', 'http://git.local:8080/a.git', 'ssh://git@host:2222/a/b.git', 'git@github.com:a/b.git', 'git://host/a'])('URL %p is accepted', url => {
    expect(checkGitUrl(url)).toBeUndefined();
  });

  test.each(['main', 'release/1.x', 'feature-ABC_1', 'v1.2.3'])('branch %p is accepted', b => {
    expect(checkBranchName(b)).toBeUndefined();
  });

  test.each([['/main', 'has an empty path component'], ['a.lock', 'ending with \'.lock\''], ['-x', 'starts with \'-\''], ['x.', 'ends with \'.\''], ['a@{1}', '@{'], ['@', 'is \'@\''], ['.hidden', 'starting with \'.\'']])('branch %p is rejected', (b, why) => {
    expect(checkBranchName(b)).toContain(why);
  });

  test('a SHA with a non-hex character is not a commit', () => {
    expect(checkCommitSha(`${SHA.slice(0, 39)}g`)).toBe('is not a full commit SHA (40 lower-case hex digits)');
  });
});
