export {
  type AuthorityMapParameters,
  type AuthorityMapReturnType,
  authorityMap,
  beaconImplementation,
} from './authorityMap.js';
export { type AuthorityChange, type DiffAuthorityReturnType, diffAuthority } from './diffAuthority.js';
export { RpcAnswerError, RpcUnreachableError, answered, assertReachable, rpcUrlOf } from './errors.js';
export { declaredAuthorities, declaredMinTimelockDelay, declaredRoles } from './declared.js';
export { type ClassifyHolderOptions, classifyHolder, classifyHolders, describeHolder } from './classifyHolder.js';
export { type AuthorityExpectations, proxyFindings, withExpectations } from './findings.js';
export { isManifestGuardFor } from './manifestGuardOf.js';
export { defaultWatchedRoles, knownRoles, roleOf } from './readers.js';
export { touchedContracts } from './touchedContracts.js';
export type {
  AuthorityFinding,
  AuthorityFindingKind,
  AuthorityMap,
  AuthorityPath,
  AuthorityVia,
  HolderClass,
  ProxyAuthority,
} from './types.js';
