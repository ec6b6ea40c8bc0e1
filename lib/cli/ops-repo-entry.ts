import { problem } from '../core/errors';
import { OpsRepo } from '../delivery/ops-repo';
import { describeValue, loadApp } from './entry';

/** Runs `entry` (relative to `dir`) and returns the OpsRepo it exports: what plan and promote work on. */
export function loadOpsRepo(entry: string, dir: string): OpsRepo {
  const app = loadApp(entry, dir);
  if (!OpsRepo.isOpsRepo(app)) {
    throw new Error(`${entry}: ${problem('export', 'app', `is ${describeValue(app)}, not an OpsRepo`,
      'plan and promote work on the app of an ops repository: export const app = new OpsRepo({ ... })')}`);
  }
  return app;
}
