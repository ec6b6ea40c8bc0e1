// The public API of the output layer: what lib/index.ts re-exports. Rendering, validation, staging, writing
// and the drift check behind OpsApp are internal.
export { type FolderCluster, type IFolderSync } from './clusters';
export { FolderChart, type FolderChartProps } from './folder-chart';
export { GeneratedFile, type GeneratedFileProps } from './generated-file';
export { OpsApp, type OpsAppProps, type SynthReport } from './ops-app';
export { type OutputFiles } from './render';
export { type OutputPlan } from './writer';
