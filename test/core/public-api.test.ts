// The public API is lib/index.ts: an explicit list of what each domain's lib/<domain>/index.ts exports, itself
// an explicit list. Every symbol of it, and every public member of its classes and interfaces, carries TSDoc:
// the API is read in editors, where the doc comment is the documentation.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '..', '..', 'lib');
const INDEX = path.join(LIB, 'index.ts');
const DOMAINS = fs.readdirSync(LIB).filter(d => fs.existsSync(path.join(LIB, d, 'index.ts'))).sort();

const program = ts.createProgram([INDEX, ...DOMAINS.map(d => path.join(LIB, d, 'index.ts'))],
  { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true });
const checker = program.getTypeChecker();

function exportsOf(file: string): ts.Symbol[] {
  return checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
}

/** True when an `export * as X` declaration on the way from `s` to what it names has a doc comment. */
function namespaceExportDocumented(s: ts.Symbol): boolean {
  for (let at: ts.Symbol | undefined = s; at && at.flags & ts.SymbolFlags.Alias; at = checker.getImmediateAliasedSymbol(at)) {
    if ((at.declarations ?? []).some(d => ts.isNamespaceExport(d) && ts.getJSDocCommentsAndTags(d.parent).length > 0)) return true;
  }
  return false;
}

function undocumented(): string[] {
  const missing: string[] = [];
  const documented = (s: ts.Symbol) => s.getDocumentationComment(checker).length > 0
    || (s.declarations ?? []).some(d => ts.getJSDocTags(d).length > 0);
  for (const exported of exportsOf(INDEX)) {
    const name = exported.getName();
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl || decl.getSourceFile().fileName.includes('node_modules')) continue;
    const where = path.relative(LIB, decl.getSourceFile().fileName);
    if (!documented(symbol) && !documented(exported) && !namespaceExportDocumented(exported)) missing.push(`${where}: ${name}`);
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

test('lib/index.ts exports exactly what the domain indexes export, each from its own domain', () => {
  const fromDomains: string[] = [];
  const strays: string[] = [];
  for (const domain of DOMAINS) {
    for (const exported of exportsOf(path.join(LIB, domain, 'index.ts'))) {
      fromDomains.push(exported.getName());
      const decl = checker.getAliasedSymbol(exported).declarations?.[0];
      const file = decl ? path.relative(LIB, decl.getSourceFile().fileName) : '?';
      if (!file.startsWith(`${domain}/`)) strays.push(`${domain}/index.ts: ${exported.getName()} (from ${file})`);
    }
  }
  expect(strays).toEqual([]);
  expect(exportsOf(INDEX).map(s => s.getName()).sort()).toEqual(fromDomains.sort());
  expect(DOMAINS).toEqual(expect.arrayContaining(['core', 'delivery', 'output', 'tekton']));
});

test('every index lists its exports: no `export * from`', () => {
  const wildcards: string[] = [];
  for (const file of [INDEX, ...DOMAINS.map(d => path.join(LIB, d, 'index.ts'))]) {
    const source = program.getSourceFile(file)!;
    for (const statement of source.statements) {
      // `export * as TektonApi from './api'` names what it exports; `export * from` does not.
      if (ts.isExportDeclaration(statement) && !statement.exportClause) wildcards.push(`${path.relative(LIB, file)}: ${statement.getText()}`);
    }
  }
  expect(wildcards).toEqual([]);
});
