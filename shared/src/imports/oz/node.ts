// Importing upgrades prepared with OpenZeppelin's Upgrades plugins: their network files are read from disk and their
// storage layouts compared with upgrades-core (a Node package): Node only.
export {
  type CompareOzLayoutsParameters,
  type CompareOzLayoutsReturnType,
  compareOzLayouts,
} from './compareOzLayouts.js';
export {
  AlreadyUpgradedError,
  CurrentImplementationNotInNetworkFileError,
  type IncompatibleLayout,
  IncompatibleStorageLayoutError,
  NetworkFileChainMismatchError,
  NetworkFileUnreadableError,
  NewImplementationNotInNetworkFileError,
  OzProxyKindMismatchError,
  ProxyNotInNetworkFileError,
  UnknownOzProxyKindError,
} from './errors.js';
export {
  type OzProxyKind,
  findOzImplementation,
  findOzProxy,
  ozProxyKinds,
  requireNewOzImplementation,
} from './findInNetworkFile.js';
export { type ImportOzReleaseParameters, type ImportOzReleaseReturnType, importOzRelease } from './importOzRelease.js';
export {
  type OzImplementationEntry,
  type OzNetworkFile,
  type OzProxyEntry,
  type ParseNetworkFileErrorType,
  type ParseNetworkFileParameters,
  type ParseNetworkFileReturnType,
  parseNetworkFile,
} from './networkFile.js';
export {
  type NetworkFileChainIdParameters,
  type NetworkFileChainIdReturnType,
  networkFileChainId,
} from './networkFileChain.js';
export { readNetworkFile } from './readNetworkFile.js';
export {
  type ResolveOzUpgradeErrorType,
  type ResolveOzUpgradeParameters,
  type ResolveOzUpgradeReturnType,
  resolveOzUpgrade,
} from './resolveOzUpgrade.js';
