import { spawnSync } from 'child_process';

/**
 * Which real toolchains this machine has, for the tests that run catalog steps against real projects. A
 * missing one is said plainly; under `CI=true` it is a failure, since CI must run every toolchain test.
 */
export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v "$1"`, 'sh', tool], { stdio: 'ignore' }).status === 0;
}

/**
 * A test that passes when every tool is on PATH and fails under `CI=true` when one is missing; elsewhere
 * it passes and prints which tests did not run and why.
 */
export function toolchainTest(tools: string[], what: string): boolean {
  const missing = tools.filter(t => !hasTool(t));
  test(`toolchain for ${what}: ${tools.join(', ')}`, () => {
    if (missing.length === 0) return;
    const message = `${missing.join(', ')} not found on PATH: the real-toolchain tests of ${what} did not run. Install ${missing.join(', ')} to run them`;
    if (process.env.CI === 'true') throw new Error(message);
    // eslint-disable-next-line no-console
    console.warn(message);
  });
  return missing.length === 0;
}
