import { type Address, type Hex, getAddress, size } from 'viem';

import type { BatchResult } from './batchReads.js';

/** The 32-byte word a call answered, `undefined` when it reverted or answered less. */
export function wordAt(results: readonly BatchResult[], index: number | undefined): Hex | undefined {
  const result = index === undefined ? undefined : results[index];
  if (!result?.success || size(result.returnData) < 32) return undefined;
  return `0x${result.returnData.slice(2, 66)}`;
}

/** The address a call answered (an ABI-encoded `address`), `undefined` when it reverted or answered less. */
export function addressAt(results: readonly BatchResult[], index: number | undefined): Address | undefined {
  const word = wordAt(results, index);
  return word === undefined ? undefined : getAddress(`0x${word.slice(26)}`);
}
