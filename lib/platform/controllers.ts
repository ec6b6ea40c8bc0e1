import { IConstruct } from 'constructs';
import { problem } from '../core/errors';
import { TreeIndex } from '../core/tree-index';
import { KpushController, PipelineTriggerOperator } from '../operators';
import { PROP_OF } from './options';
import type { ProvidedComponent } from './platform-props';
import { ComponentName } from './releases';

/**
 * An installed release that holds only CRDs (`crdsOnly`: kpush's, the operator's at main) needs its controller
 * in the repository (a `KpushController`, a `PipelineTriggerOperator`), running a build of that release, not the
 * v0.5.0 default image.
 */
export function controllerProblems(scope: IConstruct, components: readonly ProvidedComponent[]): string[] {
  const index = TreeIndex.of(scope);
  const out: string[] = [];
  for (const c of components.filter(x => x.mode === 'install' && x.release!.crdsOnly)) {
    const controllers = c.component === ComponentName.KPUSH
      ? index.all('KpushController', (x): x is KpushController => x instanceof KpushController)
      : c.component === ComponentName.PIPELINE_TRIGGER_OPERATOR
        ? index.all('PipelineTriggerOperator', (x): x is PipelineTriggerOperator => x instanceof PipelineTriggerOperator) : [];
    const kind = c.component === ComponentName.KPUSH ? 'KpushController' : 'PipelineTriggerOperator';
    if (controllers.length === 0) {
      out.push(problem(`${PROP_OF[c.component]}.release`, c.release!.version, `installs only the CRDs of ${c.component}, and no ${kind} in this repository runs its controller`,
        `Add one, e.g. new ${kind}(chart, '${c.component}'${c.component === ComponentName.PIPELINE_TRIGGER_OPERATOR ? ', { image: \'<your build of the commit>@sha256:...\' }' : ''}), synced by an Application`));
    }
    for (const manager of controllers) {
      if (manager instanceof PipelineTriggerOperator && manager.image === PipelineTriggerOperator.DEFAULT_IMAGE) {
        out.push(problem(`${PROP_OF[c.component]}.release`, c.release!.version, `installs the CRDs of ${c.release!.version}, but ${manager.node.path} runs ${manager.image}, another version`,
          `Build the manager from ${c.release!.docs.replace(/\/blob\/.*$/, '')} at ${c.release!.version} and give its image to the PipelineTriggerOperator`));
      }
    }
  }
  return out;
}
