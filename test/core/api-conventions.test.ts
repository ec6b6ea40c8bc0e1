// The conventions every construct of the public API (lib/index.ts) follows (docs/conventions.md): each links
// the upstream documentation of what it renders with `@see`, and each that renders one object (its
// `resource`) implements IResource.
import * as path from 'path';
import * as ts from 'typescript';

const INDEX = path.join(__dirname, '..', '..', 'lib', 'index.ts');

const program = ts.createProgram([INDEX], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true });
const checker = program.getTypeChecker();
const publicSymbols = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!)
  .map(e => (e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e));

/** True when `type` is constructs' `Construct` or a class derived from it. */
function isConstruct(type: ts.Type): boolean {
  const decl = type.getSymbol()?.declarations?.[0];
  if (type.getSymbol()?.getName() === 'Construct' && decl?.getSourceFile().fileName.includes('node_modules/constructs/')) return true;
  return (type.isClassOrInterface() ? checker.getBaseTypes(type) : []).some(isConstruct);
}

const constructClasses = publicSymbols
  .filter(s => s.flags & ts.SymbolFlags.Class && !s.declarations?.[0]?.getSourceFile().fileName.includes('node_modules'))
  .map(s => ({ name: s.getName(), symbol: s, declaration: s.declarations![0] as ts.ClassDeclaration, type: checker.getDeclaredTypeOfSymbol(s) }))
  .filter(c => isConstruct(c.type));

test('the public API has construct classes to check', () => {
  expect(constructClasses.map(c => c.name)).toEqual(expect.arrayContaining(['Task', 'Pipeline', 'Image', 'EventListener', 'Application', 'GitRepository', 'ImageDeploy', 'OpsRepo']));
});

test('every exported construct class links the upstream documentation of what it renders with @see', () => {
  const links = (c: typeof constructClasses[number]) => ts.getJSDocTags(c.declaration)
    .filter(t => t.tagName.text === 'see')
    // A URL after @see is parsed as a name reference (`https`) and a comment (`://...`): read the tag's text.
    .map(t => t.getText().replace(/^@see\s+/, '').split(/\s/)[0]);
  const missing = constructClasses.filter(c => !links(c).some(l => /^https:\/\/\S+$/.test(l.trim()))).map(c => c.name);
  expect(missing).toEqual([]);
});

test('every exported construct class that renders one object (its `resource`) implements IResource', () => {
  const iresource = publicSymbols.find(s => s.getName() === 'IResource');
  expect(iresource).toBeDefined();
  const target = checker.getDeclaredTypeOfSymbol(iresource!);
  const renderingOne = constructClasses.filter(c => c.type.getProperty('resource'));
  expect(renderingOne.length).toBeGreaterThan(15);
  expect(renderingOne.filter(c => !checker.isTypeAssignableTo(c.type, target)).map(c => c.name)).toEqual([]);
});
