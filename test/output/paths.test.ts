// The output directory and everything in it are untrusted paths: a folder of dist/ that is a link, a
// generated file replaced by a link, a generated-files list that is a link or names a file through a linked
// folder, an output directory that is a link or leads out with '..', a staging folder that is a link: each
// is refused with a message naming it, before anything is written or deleted, and nothing outside changes.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { FolderChart } from '../../lib/output/folder-chart';
import { OpsApp } from '../../lib/output/ops-app';
import { readGeneratedFiles } from '../../lib/output/writer';
import { picture } from '../support/crash';
import { tempDir } from '../support/git-fixtures';
import { thrown } from '../support/synth';

let dir: string;
let outdir: string;
let outside: string;
beforeEach(() => {
  dir = tempDir('paths-');
  outdir = path.join(dir, 'dist');
  outside = tempDir('paths-outside-');
  fs.writeFileSync(path.join(outside, 'configmap-a.yaml'), 'not ours\n');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

function app(objects: string[], folder = 'ci', out = outdir): OpsApp {
  const ops = new OpsApp({ outdir: out });
  const chart = new FolderChart(ops, 'chart', { folder, namespace: 'ci' });
  for (const name of objects) new ApiObject(chart, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  return ops;
}

describe('refused, naming the path, with nothing written or deleted inside or outside', () => {
  const cases: Array<[string, () => void, () => unknown, string]> = [
    ['a folder of dist/ that is a link to a folder outside', () => fs.symlinkSync(outside, path.join(outdir, 'apps')),
      () => app(['a', 'b'], 'apps/new').synthesize(),
      "Synthesis stopped, nothing was written: apps/new/configmap-a.yaml: folder 'apps' of the output directory is a symbolic link: synthesis writes only into real folders, and never follows a link, which could lead out of the repository. Replace it with a folder, or delete it: synthesis makes it"],
    ['a generated file replaced by a link to a file outside', () => {
      fs.rmSync(path.join(outdir, 'ci', 'configmap-a.yaml'));
      fs.symlinkSync(path.join(outside, 'configmap-a.yaml'), path.join(outdir, 'ci', 'configmap-a.yaml'));
    }, () => app(['a', 'b']).synthesize(),
    'Synthesis stopped, nothing was written: ci/configmap-a.yaml: is a symbolic link: synthesis never reads or writes through a link. Delete the link; synthesis writes the file'],
    ['the generated-files list a link', () => {
      fs.writeFileSync(path.join(outside, 'list'), 'configmap-a.yaml\n');
      fs.rmSync(path.join(outdir, '.generated-files'));
      fs.symlinkSync(path.join(outside, 'list'), path.join(outdir, '.generated-files'));
    }, () => app(['a']).synthesize(),
    "generated-files list '.generated-files' is a symbolic link to <outside>/list, not a regular file. Replace the link with a real folder (or delete it): the writer never follows a link, which could lead out of the repository"],
    ['a listed file no longer generated, in a folder that is now a link to a folder outside', () => {
      fs.rmSync(path.join(outdir, 'ci'), { recursive: true });
      fs.symlinkSync(outside, path.join(outdir, 'ci'));
    }, () => app([], 'other').synthesize(),
    "generated file 'ci/configmap-a.yaml' is under 'ci', which is a symbolic link to <outside>, not a folder: the tools never follow a link, which could lead out of the repository. Replace the link with a real folder (or delete it): the writer never follows a link, which could lead out of the repository"],
    ['the output directory a link', () => {
      fs.renameSync(outdir, path.join(dir, 'real'));
      fs.symlinkSync(path.join(dir, 'real'), outdir);
    }, () => app(['a']).synthesize(),
    "output directory '<outdir>' is a symbolic link to <dir>/real, not a folder. Give a folder of the repository, e.g. 'dist' (a link could send the output anywhere)"],
    ['the staging folder a link (made by someone else, to a folder outside)', () => fs.symlinkSync(outside, path.join(dir, '.dist.cdk8s-staging')),
      () => app(['a', 'b']).synthesize(),
      '<dir>/.dist.cdk8s-staging is a symbolic link to <outside>, where synthesis stages the files of <outdir>. Delete it: the writer makes that folder itself, and never follows a link'],
    ['plan reading a generated file that is a link', () => {
      fs.rmSync(path.join(outdir, 'ci', 'configmap-a.yaml'));
      fs.symlinkSync(path.join(outside, 'configmap-a.yaml'), path.join(outdir, 'ci', 'configmap-a.yaml'));
    }, () => readGeneratedFiles(outdir),
    "generated file 'ci/configmap-a.yaml' is a symbolic link to <outside>/configmap-a.yaml, not a regular file. Delete <outdir>/ci/configmap-a.yaml and run npm run synth: it writes the file"],
  ];
  test.each(cases)('%s', (_name, arrange, act, message) => {
    app(['a']).synthesize();
    arrange();
    const inside = picture(dir);
    const beyond = picture(outside);
    expect(thrown(act)).toBe(message.replace(/<outside>/g, outside).replace(/<outdir>/g, outdir).replace(/<dir>/g, dir));
    expect(picture(dir)).toEqual(inside);
    expect(picture(outside)).toEqual(beyond);
  });
});

describe('the output directory option', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));
  const cases: Array<[string, string]> = [
    ['../escape', "output directory '../escape' leads out of the working directory. Give a folder of the repository, e.g. 'dist' (a link could send the output anywhere)"],
    ['.', "output directory '.' is the working directory itself. Give a folder of the repository, e.g. 'dist' (a link could send the output anywhere)"],
    ['out/dist', "output directory 'out/dist' is under 'out', which is a symbolic link to <outside>, not a folder: the tools never follow a link, which could lead out of the repository. Give a folder of the repository, e.g. 'dist' (a link could send the output anywhere)"],
    ['dist\n', "output directory 'dist\\n' is empty or contains a control character. Give a folder of the repository, e.g. 'dist' (a link could send the output anywhere)"],
  ];
  test.each(cases)('%p is refused', (given, message) => {
    fs.symlinkSync(outside, path.join(dir, 'out'));
    process.chdir(dir);
    const before = picture(path.dirname(dir) === dir ? dir : outside);
    expect(thrown(() => app(['a'], 'ci', given).synthesize())).toBe(message.replace('<outside>', outside));
    expect(picture(outside)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });

  test('a relative folder below the working directory is fine', () => {
    process.chdir(dir);
    app(['a'], 'ci', 'build/dist').synthesize();
    expect(fs.readFileSync(path.join(dir, 'build', 'dist', '.generated-files'), 'utf8')).toBe('ci/configmap-a.yaml\n');
  });
});
