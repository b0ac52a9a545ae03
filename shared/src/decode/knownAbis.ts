import { type Abi, type AbiFunction, type Hex, toFunctionSelector, toFunctionSignature } from 'viem';

import { manifestGuardAbi, proxyAdminAbi, upgradeableBeaconAbi } from '../generated/index.js';
import {
  accessControlAbi,
  accessControlDefaultAdminRulesAbi,
  ownable2StepAbi,
  ownableAbi,
  proxyAdminV4Abi,
  transparentUpgradeableProxyV4Abi,
  uupsUpgradeableAbi,
  uupsUpgradeableV4Abi,
} from '../generated/openZeppelin.js';
import { multiSendAbi, safeAbi } from '../generated/safe.js';

/** A contract ABI the decoder knows, with the name people know it by. */
export type KnownAbi = { contract: string; abi: Abi };

/**
 * The ABIs the decoder knows: OpenZeppelin v4 and v5 ProxyAdmin, v4 TransparentUpgradeableProxy, UUPS (v4, v5),
 * UpgradeableBeacon, Ownable, Ownable2Step, AccessControl, AccessControlDefaultAdminRules (generated from the installed
 * `@openzeppelin/contracts` packages and the forge build), the Safe and MultiSend (from the Safe npm packages) and
 * the ManifestGuard (generated from the forge build).
 */
export const knownAbis: readonly KnownAbi[] = [
  { contract: 'ProxyAdmin (OZ v5)', abi: proxyAdminAbi },
  { contract: 'ProxyAdmin (OZ v4)', abi: proxyAdminV4Abi },
  { contract: 'TransparentUpgradeableProxy (OZ v4)', abi: transparentUpgradeableProxyV4Abi },
  { contract: 'UUPS proxy (OZ v5)', abi: uupsUpgradeableAbi },
  { contract: 'UUPS proxy (OZ v4)', abi: uupsUpgradeableV4Abi },
  { contract: 'UpgradeableBeacon', abi: upgradeableBeaconAbi },
  { contract: 'Ownable', abi: ownableAbi },
  { contract: 'Ownable2Step', abi: ownable2StepAbi },
  { contract: 'AccessControl', abi: accessControlAbi },
  { contract: 'AccessControlDefaultAdminRules', abi: accessControlDefaultAdminRulesAbi },
  { contract: 'Safe', abi: safeAbi },
  { contract: 'MultiSend', abi: multiSendAbi },
  { contract: 'ManifestGuard', abi: manifestGuardAbi },
];

/** A function the decoder can decode (`signature`: `name(types)`), and every known contract that has it. */
export type KnownFunction = { selector: Hex; signature: string; item: AbiFunction; contracts: string[] };

/**
 * Indexes functions by selector. Contracts that share a signature (e.g. `upgradeAndCall` of the v4 and v5
 * ProxyAdmin, `upgradeTo` of a UUPS proxy and a beacon) share one entry naming them all.
 *
 * @example
 * const index = functionIndex(knownAbis);
 * index.get('0x9623609d')?.contracts; // ['ProxyAdmin (OZ v5)', 'ProxyAdmin (OZ v4)']
 */
export function functionIndex(abis: readonly KnownAbi[]): Map<Hex, KnownFunction[]> {
  const index = new Map<Hex, KnownFunction[]>();
  for (const { contract, abi } of abis) {
    for (const item of abi) {
      if (item.type !== 'function') continue;
      const selector = toFunctionSelector(item);
      const signature = toFunctionSignature(item);
      const entries = index.get(selector) ?? [];
      const same = entries.find((entry) => entry.signature === signature);
      if (same) {
        if (!same.contracts.includes(contract)) same.contracts.push(contract);
      } else entries.push({ selector, signature, item, contracts: [contract] });
      index.set(selector, entries);
    }
  }
  return index;
}

/** The index of `knownAbis`. */
export const knownFunctions = functionIndex(knownAbis);
