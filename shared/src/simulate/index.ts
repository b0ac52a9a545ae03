export { type SimulatedEvent, decodeLogs } from './decodeLogs.js';
export { SimulationError } from './errors.js';
export { type ExecuteAsExecutorParameters, type ExecutionResult, executeAsExecutor } from './executeAsExecutor.js';
export { ensureApproved, openPhaseGate, simulationMetricsHash } from './prepareOnFork.js';
export { type SimulationSummary, simulationSummary } from './simulationSummary.js';
export {
  type ImplementationFinding,
  type InstalledImplementationShape,
  type InstalledImplementationShapesParameters,
  implementationFindings,
  installedImplementationShapes,
} from './implementationShapes.js';
export { reportHash } from './reportHash.js';
export { type ProxySlots, type StateDifference, type StateSnapshot, compareState, readState } from './stateSnapshot.js';
export { toJson } from './toJson.js';
