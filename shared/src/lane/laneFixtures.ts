/**
 * Calldata builders for lane classifier tests: the nested calls the guard reads (`upgradeToAndCall`,
 * `upgradeAndCall`, `multicall`) and the ways their ABI encoding can be broken. Test support: not exported from the
 * package index.
 */
import {
  type Address,
  type Hex,
  concat,
  encodeFunctionData,
  numberToHex,
  pad,
  parseAbi,
  size,
  slice,
  zeroHash,
} from 'viem';

import type { Manifest, Step } from '../guard/manifest.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { nestedCallSelectors } from './nestedCalls.js';

export const nestingAbi = parseAbi([
  'function upgradeToAndCall(address implementation, bytes data)',
  'function upgradeAndCall(address proxy, address implementation, bytes data)',
  'function multicall(bytes[] data)',
  'function transferOwnership(address newOwner)',
  'function pause()',
  'function setFee(uint256 fee)',
  'function setSafeMethod(bytes4 selector, bytes32 method)',
  'function setDomainVerifier(bytes32 domainSeparator, address verifier)',
  'function setSupportedInterface(bytes4 interfaceId, bool supported)',
  'function addSupportedInterfaceBatch(bytes4 interfaceId, bytes32[] handlerWithSelectors)',
  'function removeSupportedInterfaceBatch(bytes4 interfaceId, bytes4[] selectors)',
]);

/** A 32-byte word. */
export const word = (value: number | bigint): Hex => pad(numberToHex(value), { size: 32 });

export const upgradeToAndCall = (implementation: Address, data: Hex): Hex =>
  encodeFunctionData({ abi: nestingAbi, functionName: 'upgradeToAndCall', args: [implementation, data] });
export const upgradeAndCall = (proxy: Address, implementation: Address, data: Hex): Hex =>
  encodeFunctionData({ abi: nestingAbi, functionName: 'upgradeAndCall', args: [proxy, implementation, data] });
export const multicall = (entries: readonly Hex[]): Hex =>
  encodeFunctionData({ abi: nestingAbi, functionName: 'multicall', args: [entries] });
export const transferOwnership = (owner: Address): Hex =>
  encodeFunctionData({ abi: nestingAbi, functionName: 'transferOwnership', args: [owner] });
export const pause: Hex = encodeFunctionData({ abi: nestingAbi, functionName: 'pause' });
export const setFee = (fee: bigint): Hex =>
  encodeFunctionData({ abi: nestingAbi, functionName: 'setFee', args: [fee] });

/** The five setters of Safe's ExtensibleFallbackHandler, encoded. */
export const extensibleFallbackHandlerSetters = (verifier: Address): Hex[] => [
  encodeFunctionData({ abi: nestingAbi, functionName: 'setSafeMethod', args: ['0x12345678', zeroHash] }),
  encodeFunctionData({ abi: nestingAbi, functionName: 'setDomainVerifier', args: [zeroHash, verifier] }),
  encodeFunctionData({ abi: nestingAbi, functionName: 'setSupportedInterface', args: ['0x12345678', true] }),
  encodeFunctionData({ abi: nestingAbi, functionName: 'addSupportedInterfaceBatch', args: ['0x12345678', [zeroHash]] }),
  encodeFunctionData({
    abi: nestingAbi,
    functionName: 'removeSupportedInterfaceBatch',
    args: ['0x12345678', ['0x12345678']],
  }),
];

/** `data` with the 32-byte word at byte `at` replaced by `value`. */
export const withWord = (data: Hex, at: number, value: number | bigint): Hex =>
  concat([slice(data, 0, at), word(value), ...(at + 32 < size(data) ? [slice(data, at + 32)] : [])]);

/**
 * `multicall(bytes[])` whose `count` entries all point at the same encoded `entry` (legal ABI for a reader that
 * follows offsets): small calldata that a naive recursive reader walks `count ** depth` times.
 */
export function sharedEntryMulticall(entry: Hex, count: number): Hex {
  const tail = 32 * count; // the entries' offsets, relative to the start of the offsets
  const encodedEntry = concat([word(size(entry)), entry, `0x${'00'.repeat((32 - (size(entry) % 32)) % 32)}`]);
  return concat([
    nestedCallSelectors.multicall,
    word(32),
    word(count),
    ...Array.from({ length: count }, () => word(tail)),
    encodedEntry,
  ]);
}

/** Hex in upper case after the `0x`. */
export const upper = <T extends Hex>(hex: T): T => `0x${hex.slice(2).toUpperCase()}` as T;

export const call = (to: Address, data: Hex): Step => ({ to, value: 0n, operation: 0, data });

/** A MultiSend batch step to `multiSendCallOnly`. */
export const batch = (multiSendCallOnly: Address, calls: { to: Address; data: Hex; operation?: number }[]): Step => ({
  to: multiSendCallOnly,
  value: 0n,
  operation: 1,
  data: encodeFunctionData({
    abi: multiSendAbi,
    functionName: 'multiSend',
    args: [encodeMultiSend(calls.map((c) => ({ ...c, value: 0n })))],
  }),
});

/** A manifest of the given phases (Release with a rollback id, or another kind without). */
export const manifestOf = (steps: Step[][], kind = 0): Manifest => ({
  kind,
  ticket: 'LANE-1',
  notBefore: 0n,
  expiry: 4_000_000_000n,
  rollback: kind === 0 ? `0x${'11'.repeat(32)}` : zeroHash,
  evidence: zeroHash,
  phases: steps.map((phase) => ({ steps: phase, checks: [], conditions: [], minSoak: 0n })),
});
