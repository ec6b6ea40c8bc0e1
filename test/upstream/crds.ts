// The CustomResourceDefinitions the API server test installs: those of the upstream releases the Platform pins
// (lib/platform/releases.ts), taken at exactly those versions from the Go module proxy (each project's module
// holds its CRD files), and, for the two that no module serves at the pinned version, from this repository's
// schema store (schemas/, generated from the upstream CRD files by `npm run import`).
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ComponentName, RELEASES } from '../../lib/platform/releases';
import { moduleDir, requiredVersion } from './go';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { crdOf } = require('../../scripts/crd-schemas.js');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Argo CD's release the checks hold the output to: the version of the CRDs in `schemas/argocd` (argo-cd
 * manifests/crds at v3.5.1). The Platform does not install Argo CD; the cluster runs it already.
 */
export const ARGOCD_VERSION = 'v3.5.1';

/** One CRD, written to its own file. */
export interface Crd {
  /** `<group>/<Kind>`. */
  readonly key: string;
  readonly file: string;
  /** Where it comes from: `<module>@<version> <path>` or `schemas/<path>`. */
  readonly source: string;
}

/** What a PipelineTrigger is written for decides its CRD: the operator changed the shape of spec. */
export type PipelineTriggerShape = 'current' | 'v0.1';

/** The CRDs by `<group>/<Kind>`; PipelineTrigger's under `pipeline.jquad.rocks/PipelineTrigger@<shape>`. */
export class CrdCatalog {
  private readonly crds = new Map<string, Crd>();

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    const pipeline = moduleDir('github.com/tektoncd/pipeline', undefined, 'tekton');
    const triggers = moduleDir('github.com/tektoncd/triggers', undefined, 'tekton');
    const kpack = moduleDir('github.com/pivotal/kpack', undefined, 'kpack');
    const flux = RELEASES[ComponentName.FLUX].parts!;
    const sourceController = moduleDir('github.com/fluxcd/source-controller', flux['source-controller']);
    const argocd = moduleDir('github.com/argoproj/argo-cd/v3', ARGOCD_VERSION);
    const pullRequests = pullRequestOperatorVersion();
    const modules: [string, string, string, RegExp][] = [
      [`github.com/tektoncd/pipeline@${requiredVersion('tekton', 'github.com/tektoncd/pipeline')}`, pipeline, 'config/300-crds', /\.yaml$/],
      [`github.com/tektoncd/triggers@${requiredVersion('tekton', 'github.com/tektoncd/triggers')}`, triggers, 'config', /^300-.*\.yaml$/],
      [`github.com/pivotal/kpack@${requiredVersion('kpack', 'github.com/pivotal/kpack')}`, kpack, 'config', /\.yaml$/],
      [`github.com/fluxcd/source-controller@${flux['source-controller']}`, sourceController, 'config/crd/bases', /\.yaml$/],
      [`github.com/argoproj/argo-cd/v3@${ARGOCD_VERSION}`, argocd, 'manifests/crds', /-crd\.yaml$/],
      [`github.com/jquad-group/pullrequest-operator@${pullRequests}`, moduleDir('github.com/jquad-group/pullrequest-operator', pullRequests), 'config/crd/bases', /\.yaml$/],
    ];
    for (const [module, dirOf, folder, pattern] of modules) {
      for (const file of fs.readdirSync(path.join(dirOf, folder)).filter(f => pattern.test(f)).sort()) {
        for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dirOf, folder, file), 'utf8'))) {
          const crd = doc.toJS();
          if (crd?.kind === 'CustomResourceDefinition') this.add(crd, `${module} ${folder}/${file}`);
        }
      }
    }
    // Not served by the module proxy at the pinned version: fluxcd/image-reflector-controller (only its api/
    // submodule, which has no CRD files) and jquad-group/pipeline-trigger-operator; kpush is Java. The store
    // keeps each CRD's group, names, scope and every version's schema (scripts/crd-schemas.js): enough for
    // the API server's validation of the objects, which is what this test needs.
    this.addStored('flux/imagerepositories.image.toolkit.fluxcd.io.json');
    this.addStored('flux/imagepolicies.image.toolkit.fluxcd.io.json');
    this.addStored('kpush/imagedeploys.crd.whizzosoftware.com.json');
    this.addStored('pipeline-trigger-operator/main-4f0f57d/pipelinetriggers.pipeline.jquad.rocks.json', '@current');
    this.addStored('pipeline-trigger-operator/v0.1.4/pipelinetriggers.pipeline.jquad.rocks.json', '@v0.1');
  }

  private add(crd: any, source: string, suffix = ''): void {
    const key = `${crd.spec.group}/${crd.spec.names.kind}${suffix}`;
    if (this.crds.has(key)) return; // the first source listed wins (the module over the store)
    const file = path.join(this.dir, `${crd.metadata.name}${suffix.replace('@', '-')}.yaml`);
    this.crds.set(key, { key, file, source });
    fs.writeFileSync(file, YAML.stringify(crd, { lineWidth: 0 }));
  }

  private addStored(stored: string, suffix = ''): void {
    const entry = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', stored), 'utf8'));
    this.add(crdOf(entry), `schemas/${stored}`, suffix);
  }

  /** The CRD that serves objects of `apiVersion`/`kind`, if any (built-in kinds have none). */
  crdFor(object: any): Crd | undefined {
    const group = String(object.apiVersion ?? '').split('/').slice(0, -1).join('/');
    if (group === 'pipeline.jquad.rocks' && object.kind === 'PipelineTrigger') {
      return this.crds.get(`${group}/${object.kind}@${object.spec?.pipeline !== undefined ? 'v0.1' : 'current'}`);
    }
    return this.crds.get(`${group}/${object.kind}`);
  }

  /** Every CRD, for the docs and the test's log. */
  all(): Crd[] {
    return [...this.crds.values()];
  }
}

/** The pullrequest-operator version whose CRD the Platform installs with the pipeline-trigger-operator. */
function pullRequestOperatorVersion(): string {
  const url = RELEASES[ComponentName.PIPELINE_TRIGGER_OPERATOR].resources.find(r => r.includes('pullrequest-operator'));
  const m = url && /pullrequest-operator\/(v[^/]+)\//.exec(url);
  if (!m) throw new Error('lib/platform/releases.ts: the pipeline-trigger-operator release lists no pullrequest-operator CRD');
  return m[1];
}
