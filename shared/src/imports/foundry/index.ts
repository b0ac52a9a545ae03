export {
  type BroadcastTransaction,
  type ForgeBroadcast,
  assertBroadcastChain,
  broadcastSchema,
  parseBroadcast,
} from './broadcast.js';
export { type DecodeSafeCallParameters, decodeSafeCall } from './decodeCall.js';
export { type AssertDependenciesDeployedParameters, assertDependenciesDeployed } from './deployedDependencies.js';
export {
  type BroadcastIssue,
  ArtifactsDirectoryError,
  BroadcastChainError,
  BroadcastFileError,
  DependencyNotDeployedError,
  ImplementationNotDeployedError,
  NoSafeCallError,
  PhaseRangeError,
  SafeCreateError,
  UpgradeTargetError,
} from './errors.js';
export {
  type ImportFoundryBroadcastParameters,
  type ImportFoundryBroadcastReturnType,
  type ImportedStep,
  importFoundryBroadcast,
} from './importBroadcast.js';
export { parsePhaseRanges } from './phaseRanges.js';
export type { ForgeArtifact } from './readArtifacts.js';
export {
  type BroadcastOtherTransaction,
  type BroadcastSafeCall,
  type SplitBroadcastReturnType,
  describeOther,
  splitBroadcast,
} from './safeCalls.js';
export { type ImportedUpgrade, type UpgradeChecksParameters, upgradeChecks } from './upgradeChecks.js';
