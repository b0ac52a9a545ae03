import { type Hex, toFunctionSelector } from 'viem';

/**
 * The guard's `LaneClassifier.MAX_NESTING`: a call nested deeper than this (an `upgradeToAndCall`, `upgradeAndCall`
 * or `multicall` whose data would be read at this depth) is privileged without being read.
 */
export const maxNesting = 4;

/** The calls whose data runs on the Safe's behalf (guard/src/libraries/NestedCalls.sol). */
export const nestedCallSelectors = {
  /** `upgradeToAndCall(address,bytes)`: the init data runs on the proxy called. */
  upgradeToAndCall: toFunctionSelector('upgradeToAndCall(address,bytes)'),
  /** `upgradeAndCall(address,address,bytes)`: the ProxyAdmin forwards the data to the proxy (first argument). */
  upgradeAndCall: toFunctionSelector('upgradeAndCall(address,address,bytes)'),
  /** `multicall(bytes[])`: each entry runs on the contract called, with the same `msg.sender`. */
  multicall: toFunctionSelector('multicall(bytes[])'),
} as const satisfies Record<string, Hex>;

/** A `bytes` value read out of calldata, or `undefined` when the guard cannot read it (not canonical ABI). */
export type NestedRead = Uint8Array | undefined;

/** The 32-byte word of `data` at `at` (which must be in bounds), as a number. */
export function wordAt(data: Uint8Array, at: number): bigint {
  let value = 0n;
  for (let i = at; i < at + 32; i++) value = (value << 8n) | BigInt(data[i]!);
  return value;
}

/**
 * `NestedCalls.bytesArg`: the `bytes` argument at head position `position` of `data` (selector included), without
 * copying (a subarray of `data`). `undefined` where the guard's reader reports `ok = false`: the head, offset or
 * length out of bounds.
 *
 * @example
 * const init = bytesArg(calldata, 1); // upgradeToAndCall(address,bytes): the init data
 */
export function bytesArg(data: Uint8Array, position: number): NestedRead {
  const head = 4 + 32 * position;
  if (data.length < head + 32) return undefined;
  return bytesAt(data, 4, wordAt(data, head));
}

/**
 * `NestedCalls.arrayLength`: where the offsets of the `bytes[]` argument at head position 0 start, and how many
 * entries it has; `undefined` when the guard cannot read it.
 */
export function arrayLength(data: Uint8Array): { start: number; length: number } | undefined {
  const size = BigInt(data.length);
  if (data.length < 36) return undefined;
  const offset = wordAt(data, 4);
  if (offset > size || size - 4n < offset + 32n) return undefined;
  const start = 4 + Number(offset) + 32;
  const length = wordAt(data, start - 32);
  if (length > (size - BigInt(start)) / 32n) return undefined;
  return { start, length: Number(length) };
}

/** `NestedCalls.arrayEntry`: entry `i` of the `bytes[]` whose offsets start at `start` (from `arrayLength`). */
export function arrayEntry(data: Uint8Array, start: number, i: number): NestedRead {
  return bytesAt(data, start, wordAt(data, start + 32 * i));
}

function bytesAt(data: Uint8Array, base: number, offset: bigint): NestedRead {
  const size = BigInt(data.length);
  if (offset > size || size - BigInt(base) < offset + 32n) return undefined;
  const from = base + Number(offset) + 32;
  const length = wordAt(data, from - 32);
  if (length > size - BigInt(from)) return undefined;
  return data.subarray(from, from + Number(length));
}
