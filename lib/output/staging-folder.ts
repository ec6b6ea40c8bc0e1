import * as path from 'path';

/**
 * The writer's staging folder of the output directory `outdir` (absolute): `.<name>.cdk8s-staging` beside
 * it, on the same file system (lib/output/journal.ts). Nothing but path arithmetic here, so that the CLI
 * can look for one without loading the library.
 */
export function stagingFolderOf(outdir: string): string {
  return path.join(path.dirname(outdir), `.${path.basename(outdir)}.cdk8s-staging`);
}
