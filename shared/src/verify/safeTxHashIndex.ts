import { type Address, type Hex, concat, encodeAbiParameters, keccak256, numberToHex, stringToBytes } from 'viem';

import type { Step } from '../guard/manifest.js';
import { safeTransaction, safeTxHashes } from '../safe/safeTx.js';

const safeTxTypeHash = keccak256(
  stringToBytes(
    'SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,' +
      'address gasToken,address refundReceiver,uint256 nonce)',
  ),
);

/** Where a safeTxHash comes from: the step of the phase and the Safe nonce it was signed for. */
export type SafeTxOrigin = { step: number; nonce: bigint };

/**
 * The safeTxHash of every step of a phase (as Manifest Guard sends them: no refund, no gas fields) at every nonce in
 * `[fromNonce, toNonce)`, so an `ExecutionSuccess(txHash)` of the Safe names the step it executed. The struct is
 * encoded once per step and only its nonce word changes; `safeTxHash.test.ts` checks it against `safeTxHashes`.
 *
 * @example
 * const index = safeTxHashIndex({ safe, chainId, steps: phase.steps, fromNonce: 0n, toNonce: 40n });
 * index.get(executionSuccess.args.txHash); // { step: 3, nonce: 17n }
 */
export function safeTxHashIndex(args: {
  safe: Address;
  chainId: number;
  steps: readonly Step[];
  fromNonce: bigint;
  toNonce: bigint;
}): Map<Hex, SafeTxOrigin> {
  const { domainHash } = safeTxHashes({
    safe: args.safe,
    chainId: args.chainId,
    transaction: safeTransaction({ to: args.safe, value: 0n, data: '0x', operation: 0, nonce: 0n }),
  });
  const prefix = concat(['0x1901', domainHash]);
  const index = new Map<Hex, SafeTxOrigin>();
  args.steps.forEach((step, position) => {
    const encoded = encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'address' },
        { type: 'uint256' },
        { type: 'bytes32' },
        { type: 'uint8' },
        { type: 'uint256' },
        { type: 'uint256' },
        { type: 'uint256' },
        { type: 'address' },
        { type: 'address' },
        { type: 'uint256' },
      ],
      [safeTxTypeHash, step.to, step.value, keccak256(step.data), step.operation, 0n, 0n, 0n, zero, zero, 0n],
    );
    const head = encoded.slice(0, -64);
    for (let nonce = args.fromNonce; nonce < args.toNonce; nonce += 1n) {
      const structHash = keccak256(`${head}${numberToHex(nonce, { size: 32 }).slice(2)}` as Hex);
      index.set(keccak256(concat([prefix, structHash])), { step: position, nonce });
    }
  });
  return index;
}

const zero: Address = '0x0000000000000000000000000000000000000000';
