import { type Hex, toFunctionSelector } from 'viem';

/**
 * The function signatures of the guard's default privileged set, in the order of
 * guard/src/libraries/PrivilegedSelectors.sol (`privilegedSelectors.test.ts` reads that file and compares).
 */
export const defaultPrivilegedSignatures = [
  // Ownable, Ownable2Step
  'transferOwnership(address)',
  'renounceOwnership()',
  'acceptOwnership()',
  // AccessControl, AccessControlDefaultAdminRules
  'grantRole(bytes32,address)',
  'revokeRole(bytes32,address)',
  'renounceRole(bytes32,address)',
  'beginDefaultAdminTransfer(address)',
  'acceptDefaultAdminTransfer()',
  // OpenZeppelin v4 ProxyAdmin and TransparentUpgradeableProxy admin changes
  'changeProxyAdmin(address,address)',
  'changeAdmin(address)',
  // Safe owners, threshold, modules, guards, fallback handler
  'addOwnerWithThreshold(address,uint256)',
  'removeOwner(address,address,uint256)',
  'swapOwner(address,address,address)',
  'changeThreshold(uint256)',
  'enableModule(address)',
  'disableModule(address,address)',
  'setGuard(address)',
  'setModuleGuard(address)',
  'setFallbackHandler(address)',
  // Safe's ExtensibleFallbackHandler: a routine `setDomainVerifier` would make `isValidSignature` answer yes
  // for messages no owner signed
  'setSafeMethod(bytes4,bytes32)',
  'setDomainVerifier(bytes32,address)',
  'setSupportedInterface(bytes4,bool)',
  'addSupportedInterfaceBatch(bytes4,bytes32[])',
  'removeSupportedInterfaceBatch(bytes4,bytes4[])',
] as const;

/** The default privileged selectors, by selector: the signature each one is the hash of. */
export const defaultPrivilegedSelectors: ReadonlyMap<Hex, string> = new Map(
  defaultPrivilegedSignatures.map((signature) => [toFunctionSelector(signature), signature]),
);

/**
 * Whether `selector` is in the guard's default privileged set (`PrivilegedSelectors.isDefault`).
 *
 * @example
 * isDefaultPrivilegedSelector('0xf2fde38b'); // true: transferOwnership(address)
 */
export function isDefaultPrivilegedSelector(selector: Hex): boolean {
  return defaultPrivilegedSelectors.has(selector.toLowerCase() as Hex);
}
