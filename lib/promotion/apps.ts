import { AppDelivery } from '../delivery/app-delivery';
import { DeployMode, Environment } from '../delivery/environments';
import { OpsRepo } from '../delivery/ops-repo';

/** The apps of `ops`, by name. */
export function appsOf(ops: OpsRepo): Map<string, AppDelivery> {
  const out = new Map<string, AppDelivery>();
  for (const [name, owner] of ops.claimed('app')) if (AppDelivery.isAppDelivery(owner)) out.set(name, owner);
  return out;
}

/** The app `app` of `ops`; throws naming the apps there are. */
export function findApp(ops: OpsRepo, app: string): AppDelivery {
  const apps = appsOf(ops);
  const found = apps.get(app);
  if (!found) {
    throw new Error(`app '${app}' is not an app of this ops repository. Use one of: ${[...apps.keys()].sort().join(', ') || '(none)'}`);
  }
  return found;
}

/** The environment `env` of `app`; throws naming the environments there are. */
export function findEnvironment(app: AppDelivery, env: string): Environment {
  const found = app.environments.find(e => e.name === env);
  if (!found) {
    throw new Error(`environment '${env}' is not an environment of app '${app.appName}'. Use one of: ${app.environments.map(e => e.name).join(', ')}`);
  }
  return found;
}

/** Whether the environment runs an image promoted to it (a Deployment without a fixed image). */
export function isPromoted(env: Environment): boolean {
  return env.mode === DeployMode.PROMOTED && (env.options as { image?: string }).image === undefined;
}
