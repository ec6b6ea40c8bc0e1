// Runs a TypeScript file of this repository without a build: `node scripts/run-ts.js <file.ts> [args]`, or
// `require('./run-ts').runTs(file)`. The runner is the package CLI's own (lib/cli/run-ts.ts), which uses
// only Node's built-in modules; this file compiles that one file with esbuild and loads it.
const esbuild = require('esbuild');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const source = path.join(__dirname, '..', 'lib', 'cli', 'run-ts.ts');
const runner = new Module(source, module);
runner.filename = source;
runner.paths = module.paths;
runner._compile(compiled(fs.readFileSync(source, 'utf8')), source);

/**
 * The runner compiled, kept beside the bundles it makes (node_modules/.cache/cdk8s-push-delivery) and used
 * again while its source and esbuild are the same: starting esbuild is a tenth of a second.
 */
function compiled(text) {
  const key = `${esbuild.version} ${require('crypto').createHash('sha256').update(text).digest('hex')}`;
  const cache = path.join(__dirname, '..', 'node_modules', '.cache', 'cdk8s-push-delivery', 'run-ts.json');
  try {
    const kept = JSON.parse(fs.readFileSync(cache, 'utf8'));
    if (kept.key === key) return kept.code;
  } catch {
    // no cache yet, or an unreadable one: compile
  }
  const code = esbuild.transformSync(text, { loader: 'ts', format: 'cjs', target: 'node20' }).code;
  const tmp = `${cache}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify({ key, code }));
    fs.renameSync(tmp, cache);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
  return code;
}
const esbuildPath = require.resolve('esbuild');

/** Bundles and runs `file`; returns its module exports. With `asMain`, the file runs as the main module. */
const runTs = (file, asMain = false) => runner.exports.runTs(file, esbuildPath, asMain);

module.exports = { runTs };

if (require.main === module) {
  const [file, ...args] = process.argv.slice(2);
  process.argv = [process.argv[0], path.resolve(file), ...args];
  runTs(file, true);
}
