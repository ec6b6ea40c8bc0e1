// Pin files are untrusted paths: a link (committed to git, or made by hand) to a file outside the repository,
// or to another app's pin, a folder where a pin goes, a pins/ folder that is a link, or a name that would
// lead out of pins/ is refused with a message naming the path and the fix, never read through.
import * as fs from 'fs';
import * as path from 'path';
import { PinFiles } from '../../lib/delivery/pins';
import { digest, PIN, shop, writePins } from '../promotion/shop';
import { tempDir } from '../support/git-fixtures';
import { synthProblems, thrown } from '../support/synth';

let root: string;
let outside: string;
beforeEach(() => {
  root = tempDir('pin-paths-');
  outside = tempDir('pin-outside-');
  writePins(root);
  fs.writeFileSync(path.join(outside, 'secret'), `${PIN}\n`);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

const pins = () => new PinFiles(root);
const replace = (rel: string, make: (abs: string) => void) => {
  const abs = path.join(root, rel);
  fs.rmSync(abs, { recursive: true, force: true });
  make(abs);
};

describe('a pin that is not a plain file of pins/ is refused, naming it and the fix', () => {
  const FIX = 'Make pins/go-sample-app.sha a plain file in pins/ (not a link or a folder), e.g. git rm it and write the pin again';
  const cases: Array<[string, () => void, () => unknown, string]> = [
    ['a link to a file outside the repository', () => replace('pins/go-sample-app.sha', abs => fs.symlinkSync(path.join(outside, 'secret'), abs)),
      () => pins().read('go-sample-app'), `pin file 'pins/go-sample-app.sha' is a symbolic link to <outside>/secret, not a regular file. ${FIX}`],
    ['a link to another app\'s pin', () => replace('pins/go-sample-app.sha', abs => fs.symlinkSync('storefront.sha', abs)),
      () => pins().read('go-sample-app'), `pin file 'pins/go-sample-app.sha' is a symbolic link to storefront.sha, not a regular file. ${FIX}`],
    ['a folder', () => replace('pins/go-sample-app.sha', abs => fs.mkdirSync(abs)),
      () => pins().read('go-sample-app'), `pin file 'pins/go-sample-app.sha' is a folder, not a regular file. ${FIX}`],
    ['pins/ itself a link to a folder outside', () => {
      fs.cpSync(path.join(root, 'pins'), path.join(outside, 'pins'), { recursive: true });
      replace('pins', abs => fs.symlinkSync(path.join(outside, 'pins'), abs));
    }, () => pins().read('go-sample-app'),
    `pin file 'pins/go-sample-app.sha' is under 'pins', which is a symbolic link to <outside>/pins, not a folder: the tools never follow a link, which could lead out of the repository. ${FIX}`],
    ['an image pin that is a link', () => replace('pins/go-sample-app.prod.image', abs => fs.symlinkSync(path.join(outside, 'secret'), abs)),
      () => pins().readImage('go-sample-app', 'prod'),
      `pin file 'pins/go-sample-app.prod.image' is a symbolic link to <outside>/secret, not a regular file. Make pins/go-sample-app.prod.image a plain file in pins/ (not a link or a folder), e.g. git rm it and write the pin again`],
    ['an app name that leads out of pins/', () => undefined, () => PinFiles.pathOf('../../etc/passwd#'),
      "app '../../etc/passwd#' is not a name of lower-case letters, digits and '-' (a DNS label), so it names no pin file. Give the name of an app of the ops repository"],
    ['an environment name with a slash', () => undefined, () => PinFiles.imagePathOf('go-sample-app', 'prod/../../x'),
      "environment 'prod/../../x' is not a name of lower-case letters, digits and '-' (a DNS label), so it names no pin file. Give the name of an environment of the ops repository"],
  ];
  test.each(cases)('%s', (_name, arrange, act, message) => {
    arrange();
    expect(thrown(act)).toBe(message.replace('<outside>', outside));
  });

  test('through the ops repository: synthesis stops with the same message', () => {
    replace('pins/storefront.prod.image', abs => fs.symlinkSync(path.join(outside, 'secret'), abs));
    expect(synthProblems(shop(root))).toContainEqual(expect.stringContaining(
      `pin file 'pins/storefront.prod.image' is a symbolic link to ${outside}/secret, not a regular file.`));
    replace('pins/storefront.sha', abs => fs.symlinkSync(path.join(outside, 'secret'), abs));
    expect(thrown(() => shop(root))).toContain(`pin file 'pins/storefront.sha' is a symbolic link to ${outside}/secret, not a regular file.`);
  });

  test('plain pins still read', () => {
    expect(pins().read('go-sample-app')).toBe(PIN);
    expect(pins().readImage('storefront', 'staging')).toBe(digest('storefront', 1));
  });
});
