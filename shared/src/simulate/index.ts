export { type SimulatedEvent, decodeLogs } from './decodeLogs.js';
export { SimulationError } from './errors.js';
export { type ExecuteAsExecutorParameters, type ExecutionResult, executeAsExecutor } from './executeAsExecutor.js';
export { type Fork, type OpenForkParameters, openFork } from './fork.js';
export { ensureApproved, openPhaseGate, simulationMetricsHash } from './prepareOnFork.js';
export { type RehearseRollbackParameters, type RollbackRehearsalReport, rehearseRollback } from './rehearseRollback.js';
export {
  type RollbackAloneReport,
  type SimulateRollbackAloneParameters,
  rollbackAloneSummary,
  simulateRollbackAlone,
} from './simulateRollbackAlone.js';
export { type SimulationSummary, simulationSummary } from './simulationSummary.js';
export { reportHash } from './reportHash.js';
export {
  type SimulatePhaseParameters,
  type SimulatedStep,
  type SimulationReport,
  simulatePhase,
  stateBefore,
} from './simulatePhase.js';
export { type ProxySlots, type StateDifference, type StateSnapshot, compareState, readState } from './stateSnapshot.js';
export { toJson } from './toJson.js';
export { type PackageAuthorityReport, packageAuthority } from './packageAuthority.js';
export { type SimulateReleaseParameters, type SimulateReleaseReturnType, simulateRelease } from './simulateRelease.js';
