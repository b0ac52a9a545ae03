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
export {
  type ForwarderCode,
  type ForwarderPattern,
  eip1167Code,
  eip1167CreationCode,
  forwarderCode,
} from './forwarderCode.js';
export {
  type ImplementationProbe,
  type ImplementationShape,
  type ImplementationShapeEvidence,
  type ImplementationShapeParameters,
  type ImplementationVerdict,
  describeShapeEvidence,
  hiddenProxyProbeData,
  implementationShape,
} from './implementationShape.js';
export { type InstalledImplementation, installedImplementations } from './installedImplementations.js';
export {
  type CallFrame,
  type OnwardDelegatecall,
  type TraceOnwardDelegatecallsParameters,
  onwardDelegatecalls,
  probeCaller,
  traceOnwardDelegatecalls,
} from './onwardDelegatecalls.js';
