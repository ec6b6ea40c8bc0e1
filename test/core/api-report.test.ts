// The public API (lib/index.ts) is exactly what the committed report api/cdk8s-push-delivery.api.md says: any
// change of a public signature fails here until the report is regenerated (`npm run api`) and committed with
// the change, so that it is reviewed as a diff. API Extractor runs as in CI (not a local build): it compares,
// it never rewrites the report.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CompilerState, ConsoleMessageId, Extractor, ExtractorConfig, ExtractorLogLevel, ExtractorMessage } from '@microsoft/api-extractor';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const REPORT = path.join(ROOT, 'api', 'cdk8s-push-delivery.api.md');

/**
 * Emits the declarations of lib/index.ts and what it reaches into `outDir`, as the build does, but no JavaScript
 * and without type-checking again (`tsc --noEmit` in `npm test` does that): the same .d.ts files in a fraction
 * of the time.
 */
function emitDeclarations(outDir: string): void {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'),
    { outDir, noEmit: false, declaration: true, emitDeclarationOnly: true, noCheck: true }, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: d => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    });
  if (!parsed) throw new Error('tsconfig.build.json could not be read');
  const program = ts.createProgram({ rootNames: [path.join(ROOT, 'lib', 'index.ts')], options: parsed.options });
  const result = program.emit(undefined, undefined, undefined, true);
  if (result.emitSkipped) {
    throw new Error(ts.formatDiagnostics(result.diagnostics, { getCanonicalFileName: f => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  }
}

/** API Extractor's comparison of the API (declarations in `declarations`) with the report in `reportFolder`. */
function checkReport(declarations: string, reportFolder: string, compilerState?: CompilerState) {
  const configFile = path.join(ROOT, 'api-extractor.json');
  const configObject = ExtractorConfig.loadFile(configFile);
  const config = ExtractorConfig.prepare({
    configObject: {
      ...configObject,
      mainEntryPointFilePath: path.join(declarations, 'lib', 'index.d.ts'),
      apiReport: { ...configObject.apiReport!, reportFolder, reportTempFolder: path.join(declarations, 'report') },
    },
    configObjectFullPath: configFile,
    packageJsonFullPath: path.join(ROOT, 'package.json'),
  });
  const problems: string[] = [];
  let diff = '';
  const result = Extractor.invoke(config, {
    localBuild: false,
    printApiReportDiff: true,
    ...(compilerState ? { compilerState } : {}),
    messageCallback: (message: ExtractorMessage) => {
      message.handled = true;
      // A changed report is told by apiReportChanged, with its diff; any other warning or error is a problem.
      if (message.messageId === ConsoleMessageId.ApiReportDiff) diff = message.text;
      else if (message.messageId === ConsoleMessageId.ApiReportNotCopied) return;
      else if (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning) {
        problems.push(message.formatMessageWithLocation(`${declarations}/`));
      }
    },
  });
  return { config, problems, diff, changed: result.apiReportChanged };
}

describe('API report', () => {
  let tmp: string;
  let compilerState: CompilerState;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'api-report-'));
    emitDeclarations(tmp);
  }, 60_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the public API is the committed report api/cdk8s-push-delivery.api.md', () => {
    const { config, problems, diff, changed } = checkReport(tmp, path.dirname(REPORT));
    compilerState = CompilerState.create(config);
    expect(problems).toEqual([]);
    if (changed) {
      throw new Error(`The public API differs from the committed ${path.relative(ROOT, REPORT)}. Run \`npm run api\` and `
        + `commit the regenerated report with the change.\n\n${diff}`);
    }
  }, 60_000);

  test('a change of the API fails the comparison, with the diff', () => {
    const stale = path.join(tmp, 'stale');
    fs.mkdirSync(stale);
    const lines = fs.readFileSync(REPORT, 'utf8').split('\n');
    const removed = lines.findIndex(l => l.startsWith('export class OpsRepo '));
    lines.splice(removed, 1);
    fs.writeFileSync(path.join(stale, path.basename(REPORT)), lines.join('\n'));
    const { changed, diff } = checkReport(tmp, stale, compilerState);
    expect(changed).toBe(true);
    expect(diff).toContain('+export class OpsRepo ');
  }, 60_000);
});
