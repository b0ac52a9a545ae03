// The gate itself: it forks the chain on a local Anvil for its simulation, so Node only.
export {
  type GateAuthorityEffects,
  type GateChain,
  type GateErrorType,
  type GateParameters,
  type GateReturnType,
  gate,
} from './gate.js';
