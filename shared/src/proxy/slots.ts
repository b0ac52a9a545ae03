import { type Address, type Hex, getAddress, hexToBigInt, keccak256, numberToHex, pad, stringToBytes } from 'viem';

const slot = (label: string): Hex => pad(numberToHex(hexToBigInt(keccak256(stringToBytes(label))) - 1n), { size: 32 });

/**
 * The EIP-1967 storage slots, each `bytes32(uint256(keccak256(label)) - 1)` (recomputed here from the labels).
 *
 * @example
 * await client.getStorageAt({ address: proxy, slot: eip1967Slots.implementation });
 */
export const eip1967Slots = {
  /** `eip1967.proxy.implementation`: 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc. */
  implementation: slot('eip1967.proxy.implementation'),
  /** `eip1967.proxy.admin`: 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103. */
  admin: slot('eip1967.proxy.admin'),
  /** `eip1967.proxy.beacon`: 0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50. */
  beacon: slot('eip1967.proxy.beacon'),
} as const;

/**
 * The address in the low 20 bytes of a storage word; `undefined` for an empty (zero) word.
 *
 * @example
 * addressInSlot(await client.getStorageAt({ address: proxy, slot: eip1967Slots.admin })); // '0x…' (the ProxyAdmin)
 */
export function addressInSlot(word: Hex | undefined): Address | undefined {
  if (!word || hexToBigInt(word) === 0n) return undefined;
  return getAddress(`0x${word.slice(-40)}`);
}
