// Every symbol of the public API (lib/index.ts), and every public member of its classes and interfaces,
// carries TSDoc: the API is read in editors, where the doc comment is the documentation.
import * as path from 'path';
import * as ts from 'typescript';

const INDEX = path.join(__dirname, '..', '..', 'lib', 'index.ts');

/** True when the `export * as X` declaration that made `s` has a doc comment. */
function aliasDocumented(s: ts.Symbol): boolean {
  return (s.declarations ?? []).some(d => ts.isNamespaceExport(d) && ts.getJSDocCommentsAndTags(d.parent).length > 0);
}

function undocumented(): string[] {
  const program = ts.createProgram([INDEX], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  const missing: string[] = [];
  const documented = (s: ts.Symbol) => s.getDocumentationComment(checker).length > 0
    || (s.declarations ?? []).some(d => ts.getJSDocTags(d).length > 0);
  for (const exported of checker.getExportsOfModule(module)) {
    const name = exported.getName();
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl || decl.getSourceFile().fileName.includes('node_modules')) continue;
    const where = path.relative(path.dirname(INDEX), decl.getSourceFile().fileName);
    // `export * as X from './x'` documents X on the export itself
    if (!documented(symbol) && !documented(exported) && !aliasDocumented(exported)) missing.push(`${where}: ${name}`);
    if (!(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) continue;
    for (const member of symbol.members ? [...symbol.members.values()] : []) {
      const md = member.declarations?.[0];
      if (!md || member.getName().startsWith('_') || member.getName() === '__constructor') continue;
      const mods = ts.canHaveModifiers(md) ? ts.getModifiers(md) ?? [] : [];
      if (mods.some(m => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
      if (ts.isParameter(md) && !mods.some(m => m.kind === ts.SyntaxKind.PublicKeyword)) continue;
      if (!documented(member)) missing.push(`${where}: ${name}.${member.getName()}`);
    }
  }
  return missing;
}

test('every exported symbol and public member has TSDoc', () => {
  expect(undocumented()).toEqual([]);
});
