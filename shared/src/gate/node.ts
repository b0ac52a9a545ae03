// The gate itself: it forks the chain on a local Anvil for its simulation, so Node only.
export { type GateErrorType, type GateParameters, type GateReturnType, gate } from './gate.js';
