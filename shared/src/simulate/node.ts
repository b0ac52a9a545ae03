// Simulations on a fork (a local Anvil): Node only.
export {
  type AuthorityChangeSummary,
  type AuthorityEffects,
  type SimulateAuthorityEffectsParameters,
  authorityChangeSummary,
  simulateAuthorityEffects,
} from './authorityEffects.js';
export { type Fork, type OpenForkParameters, openFork } from './fork.js';
export { type RehearseRollbackParameters, type RollbackRehearsalReport, rehearseRollback } from './rehearseRollback.js';
export {
  type RollbackAloneReport,
  type SimulateRollbackAloneParameters,
  rollbackAloneSummary,
  simulateRollbackAlone,
} from './simulateRollbackAlone.js';
export {
  type SimulatePhaseParameters,
  type SimulatedStep,
  type SimulationReport,
  simulatePhase,
  stateBefore,
} from './simulatePhase.js';
export { type PackageAuthorityReport, packageAuthority } from './packageAuthority.js';
export { type SimulateReleaseParameters, type SimulateReleaseReturnType, simulateRelease } from './simulateRelease.js';
