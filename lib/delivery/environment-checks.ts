import { Application } from '../argocd';
import { IOpsRepository } from '../argocd/ops-repository';
import { problem } from '../core/errors';
import { FolderChart } from '../output/folder-chart';
import { clusterKey } from './cluster';
import { DeployMode, Environment, KpushEnvironmentOptions } from './environments';

/**
 * kpush lists kpack Images and patches Deployments in the cluster it runs in (kpush
 * `manager/k8s/K8SImageManager.java`, `K8SDeploymentManager.java`): a kpush environment, its controller
 * and the app's kpack Image must be on one cluster. Problems of the environments of one app.
 */
export function kpushClusterProblems(ops: IOpsRepository, buildChart: FolderChart, environments: readonly Environment[]): string[] {
  const out: string[] = [];
  const clusterOf = (chart: FolderChart) => {
    const by = ops.syncerOf(chart);
    return by instanceof Application ? clusterKey(by.destination.toSpec()) : 'in-cluster';
  };
  const build = clusterOf(buildChart);
  for (const env of environments.filter(e => e.mode === DeployMode.KPUSH)) {
    const controllerChart = FolderChart.of((env.options as KpushEnvironmentOptions).controller);
    const where = [['the kpack Image', build], [`the kpush controller (${controllerChart.folder})`, clusterOf(controllerChart)]];
    for (const [what, cluster] of where) {
      if (cluster !== env.cluster.key) {
        out.push(problem(`environments[${env.name}].cluster`, env.cluster.toString(), `is not the cluster of ${what} (${cluster}), and kpush only sees Images and Deployments of its own cluster`,
          'Run the kpush environment where kpack builds and kpush runs, or make it a Deployment environment promoted by digest'));
      }
    }
  }
  return out;
}
