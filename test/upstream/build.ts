// Builds the Go programs of test/upstream/ into the cache (node_modules/.cache/cdk8s-push-delivery/upstream/),
// so that the tests start them at once: `node scripts/run-ts.js test/upstream/build.ts` (.ci/run does it before
// npm test). npm test alone builds whatever is missing too.
import { goProgram, Program, PROGRAMS } from './go';

for (const program of Object.keys(PROGRAMS) as Program[]) {
  const start = Date.now();
  const binary = goProgram(program);
  process.stdout.write(`${program}: ${binary} (${((Date.now() - start) / 1000).toFixed(1)} s)\n`);
}
