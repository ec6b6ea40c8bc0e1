import * as YAML from 'yaml';
import { isCommitSha } from '../core/git';
import { createYamlWriter } from './yaml-writer';

/**
 * The YAML writer of `yaml-writer.js` with this library's rule for commit SHAs: rendered Kubernetes objects
 * byte for byte as the `yaml` library writes them with `{ lineWidth: 0 }`, except that a commit SHA is
 * always double-quoted, and so is a multi-line string with a line of only blanks, which the library's
 * literal block would not read back as written.
 */
const writer = createYamlWriter(YAML, isCommitSha);

/** Serializes one rendered object (plain JSON) as a YAML document. */
export const toYaml: (obj: unknown) => string = writer.toYaml;

/** The reference rendering, for tests: the `yaml` library alone (with the same quoting of SHAs and blank lines). */
export const referenceYaml: (obj: unknown) => string = writer.referenceYaml;

/**
 * What a worker thread needs to run the same writer: its source (the function is self-contained, and plain
 * JavaScript however this library is loaded: compiled, bundled or as it is) and the `yaml` library's file.
 */
export const YAML_WRITER = { source: createYamlWriter.toString(), yamlModule: require.resolve('yaml') };
