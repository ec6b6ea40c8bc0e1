// The layers of lib/ read top-down: no file imports a folder of a higher layer, the folders of one layer
// import each other without a circle, and no files import each other in a circle (type-only imports count:
// a circle of types is a circle of concerns all the same).
import * as path from 'path';
import { cycles, folderGraph, ImportGraph, importGraph, upwardImports } from './support/import-graph';

/** The layers of lib/, bottom up (docs/conventions.md, "Layers"). */
const LAYERS = [
  ['core'],
  ['output'],
  ['kpack', 'tekton', 'triggers', 'flux', 'argocd', 'operators', 'platform'],
  ['catalog'],
  ['delivery'],
  ['promotion', 'plan'],
  ['cli'],
  [''],
];

const graph = importGraph(path.join(__dirname, '..', 'lib'));

test('every folder of lib/ is in a layer, and no import runs up the layers', () => {
  expect(graph.size).toBeGreaterThan(100);
  expect(upwardImports(graph, LAYERS)).toEqual([]);
});

test('the folders of one layer import each other without a circle', () => {
  expect(cycles(folderGraph(graph))).toEqual([]);
});

test('no files of lib/ import each other in a circle', () => {
  expect(cycles(graph)).toEqual([]);
});

test('the checks find an upward import, a folder in no layer and circles of files and of folders', () => {
  const bad: ImportGraph = new Map([
    ['platform/platform.ts', ['delivery/ops-repo.ts', 'argocd/app.ts']],
    ['delivery/ops-repo.ts', ['delivery/front-page.ts']],
    ['delivery/front-page.ts', ['platform/platform.ts', 'delivery/ops-repo.ts']],
    ['argocd/app.ts', ['kpack/image.ts']],
    ['kpack/image.ts', ['argocd/project.ts']],
    ['argocd/project.ts', []],
    ['misc/x.ts', []],
  ]);
  expect(upwardImports(bad, LAYERS)).toEqual(['platform/platform.ts -> delivery/ops-repo.ts', "misc/x.ts: folder 'misc' is in no layer"]);
  expect(cycles(bad)).toEqual([['delivery/front-page.ts', 'delivery/ops-repo.ts', 'platform/platform.ts']]);
  expect(cycles(folderGraph(bad))).toEqual([['argocd', 'kpack'], ['delivery', 'platform']]);
});
