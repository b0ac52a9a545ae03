export { GateInputError } from './errors.js';
export { evidenceReasons } from './rules/evidence.js';
export { guardReason } from './guardReason.js';
export { packageHash } from './packageHash.js';
export { isTxBuilderBatch, normalizeProposed } from './proposedTransaction.js';
export {
  type ChainState,
  type ManifestView,
  type Verdict,
  readChainState,
  readManifestView,
  unknownManifestView,
} from './readChainState.js';
export { type StepIndex, findStep, stepMismatch } from './stepMatch.js';
export { targetProxy } from './targetProxy.js';
export type { GateDecision, GateReason, GateValue, NormalizedTransaction, ProposedSafeTransaction } from './types.js';
