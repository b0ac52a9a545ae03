export { type AuthorityMapParameters, type AuthorityMapReturnType, authorityMap } from './authorityMap.js';
export { type AuthorityChange, type DiffAuthorityReturnType, diffAuthority } from './diffAuthority.js';
export { RpcAnswerError, RpcUnreachableError, answered, assertReachable, rpcUrlOf } from './errors.js';
export { declaredAuthorities } from './declared.js';
export { knownRoles } from './readers.js';
export type {
  AuthorityFinding,
  AuthorityFindingKind,
  AuthorityMap,
  AuthorityPath,
  AuthorityVia,
  ProxyAuthority,
} from './types.js';
