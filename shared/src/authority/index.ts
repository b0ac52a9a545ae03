export { type AuthorityMapParameters, type AuthorityMapReturnType, authorityMap } from './authorityMap.js';
export { type AuthorityChange, type DiffAuthorityReturnType, diffAuthority } from './diffAuthority.js';
export { RpcUnreachableError, assertReachable, rpcUrlOf } from './errors.js';
export { knownRoles } from './readers.js';
export type {
  AuthorityFinding,
  AuthorityFindingKind,
  AuthorityMap,
  AuthorityPath,
  AuthorityVia,
  ProxyAuthority,
} from './types.js';
