export { configDifferences } from './configDifferences.js';
export {
  DryRunRevertError,
  DryRunSafeNotFoundError,
  NotAnAnvilEndpointError,
  SimulationRpcInvalidError,
  SimulationRpcUnreachableError,
  SimulationWrongChainError,
} from './errors.js';
export { dryRunEvidence, guardCall, noOpTarget, removalStep, routineStep } from './dryRunManifests.js';
export { installDryRun } from './installDryRun.js';
export { type InstallSafe, readInstallSafe } from './installSafe.js';
export { hasModuleGuard, hasTransactionGuard } from '../safe/safeVersion.js';
export { type InstallConfigIssue, InstallConfigError, parseInstallConfig } from './parseInstallConfig.js';
export { type SimulationEndpoint, connectSimulation, isAnvilEndpoint } from './simulationEndpoint.js';
export {
  type InstallDryRunParameters,
  type InstallDryRunProgress,
  type InstallDryRunReport,
  type InstallDryRunStep,
  type InstallStepError,
  type InstallStepName,
  installStepNames,
  installStepTitles,
} from './types.js';
