// Installs the real tools of the catalog's step images (test/support/step-tools.ts) ahead of the tests, so
// that `npm test` finds them in place: `node scripts/run-ts.js test/support/install-step-tools.ts`. The
// tests install whatever is missing themselves; this only moves the wait.
import { GO_STEP_IMAGE, GOLANGCI_LINT_STEP_IMAGE, JAVA_STEP_IMAGE, NODE_STEP_IMAGE } from '../../lib/catalog/scripts';
import { stepToolchain } from './step-tools';

for (const image of [GO_STEP_IMAGE, GOLANGCI_LINT_STEP_IMAGE, NODE_STEP_IMAGE, JAVA_STEP_IMAGE]) {
  const start = Date.now();
  const tools = stepToolchain(image);
  // eslint-disable-next-line no-console
  console.log(`step tools of ${image}: ${tools.versions.join(', ')} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
}
