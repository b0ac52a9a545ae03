import { encodeFunctionData, parseAbi } from 'viem';
import { expect, test } from 'vitest';

import { safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import { safeTxHashIndex } from './safeTxHashIndex.js';

const safe = '0x1111111111111111111111111111111111111111';
const steps = [
  { to: '0x2222222222222222222222222222222222222222', value: 0n, operation: 0, data: '0x' },
  {
    to: '0x3333333333333333333333333333333333333333',
    value: 5n,
    operation: 1,
    data: encodeFunctionData({ abi: parseAbi(['function setFee(uint256)']), args: [50n] }),
  },
] as const;

test('default: every step at every nonce hashes as safeTxHashes does', () => {
  const index = safeTxHashIndex({ safe, chainId: 31337, steps, fromNonce: 3n, toNonce: 6n });
  expect(index.size).toBe(6);
  for (const [position, step] of steps.entries()) {
    for (const nonce of [3n, 4n, 5n]) {
      const { safeTxHash } = safeTxHashes({
        safe,
        chainId: 31337,
        transaction: safeTransaction({ ...step, operation: step.operation, nonce }),
      });
      expect(index.get(safeTxHash)).toEqual({ step: position, nonce });
    }
  }
});

test('args: another chain gives other hashes', () => {
  const a = safeTxHashIndex({ safe, chainId: 1, steps, fromNonce: 0n, toNonce: 1n });
  const b = safeTxHashIndex({ safe, chainId: 31337, steps, fromNonce: 0n, toNonce: 1n });
  expect([...a.keys()].some((hash) => b.has(hash))).toBe(false);
});
