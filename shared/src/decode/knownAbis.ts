import { createRequire } from 'node:module';
import { type Abi, type AbiFunction, type Hex, toFunctionSelector, toFunctionSignature } from 'viem';

import { manifestGuardAbi, proxyAdminAbi, upgradeableBeaconAbi } from '../generated/index.js';
import { multiSendAbi, safeAbi } from '../safe/safeArtifacts.js';

const require = createRequire(import.meta.url);
const openZeppelin = (name: string): Abi =>
  (require(`@openzeppelin/contracts/build/contracts/${name}.json`) as { abi: Abi }).abi;
const openZeppelinV4 = (name: string): Abi =>
  (require(`@openzeppelin/contracts-v4/build/contracts/${name}.json`) as { abi: Abi }).abi;

/** A contract ABI the decoder knows, with the name people know it by. */
export type KnownAbi = { contract: string; abi: Abi };

/**
 * The ABIs the decoder knows: OpenZeppelin v4 and v5 ProxyAdmin, v4 TransparentUpgradeableProxy, UUPS (v4, v5),
 * UpgradeableBeacon, Ownable, Ownable2Step, AccessControl, AccessControlDefaultAdminRules (from the installed
 * `@openzeppelin/contracts` packages and the forge build), the Safe and MultiSend (from the Safe npm packages) and
 * the ManifestGuard (generated from the forge build).
 */
export const knownAbis: readonly KnownAbi[] = [
  { contract: 'ProxyAdmin (OZ v5)', abi: proxyAdminAbi },
  { contract: 'ProxyAdmin (OZ v4)', abi: openZeppelinV4('ProxyAdmin') },
  { contract: 'TransparentUpgradeableProxy (OZ v4)', abi: openZeppelinV4('ITransparentUpgradeableProxy') },
  { contract: 'UUPS proxy (OZ v5)', abi: openZeppelin('UUPSUpgradeable') },
  { contract: 'UUPS proxy (OZ v4)', abi: openZeppelinV4('UUPSUpgradeable') },
  { contract: 'UpgradeableBeacon', abi: upgradeableBeaconAbi },
  { contract: 'Ownable', abi: openZeppelin('Ownable') },
  { contract: 'Ownable2Step', abi: openZeppelin('Ownable2Step') },
  { contract: 'AccessControl', abi: openZeppelin('AccessControl') },
  { contract: 'AccessControlDefaultAdminRules', abi: openZeppelin('AccessControlDefaultAdminRules') },
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
