export {
  type AggregateParameters,
  type BatchCall,
  type BatchResult,
  type SlotRead,
  aggregate,
  canonicalMulticall3,
  readSlots,
} from './batchReads.js';
export { type ContainmentManifest, containmentPlan, strongestResponse } from './containment.js';
export { type CallPosition, type Effect, effectAbi, phaseEffects } from './effects.js';
export { VerifyInputError } from './errors.js';
export { type SafeTxOrigin, safeTxHashIndex } from './safeTxHashIndex.js';
export { type Invariant, judgeInvariant } from './invariants.js';
export type { ChainFacts } from './stateFindings.js';
export { safeGuardSlot, safeModuleGuardSlot } from './stateReads.js';
export type {
  Containment,
  ContainmentAction,
  ContainmentTransaction,
  VerifiedExecution,
  VerifyFinding,
  VerifyRule,
} from './types.js';
export {
  type VerifyPhaseErrorType,
  type VerifyPhaseParameters,
  type VerifyPhaseReturnType,
  verifyPhase,
} from './verifyPhase.js';
