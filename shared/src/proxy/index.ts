export {
  type DetectProxyKindErrorType,
  type DetectProxyKindParameters,
  type DetectProxyKindReturnType,
  type ProxyEvidence,
  type ProxyKind,
  UnknownProxyKindError,
  detectProxyKind,
} from './detectProxyKind.js';
export { addressInSlot, eip1967Slots } from './slots.js';
