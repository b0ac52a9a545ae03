import { type Address, type Hex, getAddress } from 'viem';

import type { SafeTransaction } from '../../../shared/src/safe/safeTx.js';
import type { QueuedTransaction } from './connection.js';

/** The Safe Transaction Service through api-kit (loaded on first use, so it stays out of the first bundle). */
export async function txServiceQueue(txServiceUrl: string, chainId: number) {
  const { default: SafeApiKit } = await import('@safe-global/api-kit');
  const api = new SafeApiKit({ chainId: BigInt(chainId), txServiceUrl });
  return {
    async nextNonce(safe: Address, current: bigint): Promise<bigint> {
      try {
        return BigInt(await api.getNextNonce(safe));
      } catch {
        return current;
      }
    },
    async propose(args: {
      safe: Address;
      transaction: SafeTransaction;
      safeTxHash: Hex;
      sender: Address;
      signature: Hex;
    }) {
      const { transaction } = args;
      await api.proposeTransaction({
        safeAddress: args.safe,
        safeTxHash: args.safeTxHash,
        senderAddress: args.sender,
        senderSignature: args.signature,
        safeTransactionData: {
          to: transaction.to,
          value: transaction.value.toString(),
          data: transaction.data,
          operation: transaction.operation,
          safeTxGas: transaction.safeTxGas.toString(),
          baseGas: transaction.baseGas.toString(),
          gasPrice: transaction.gasPrice.toString(),
          gasToken: transaction.gasToken,
          refundReceiver: transaction.refundReceiver,
          nonce: Number(transaction.nonce),
        },
      });
    },
    async confirm(safeTxHash: Hex, signature: Hex) {
      await api.confirmTransaction(safeTxHash, signature);
    },
    async get(safeTxHash: Hex): Promise<QueuedTransaction | undefined> {
      try {
        const tx = await api.getTransaction(safeTxHash);
        return {
          safeTxHash,
          call: {
            to: getAddress(tx.to),
            value: BigInt(tx.value),
            data: (tx.data ?? '0x') as Hex,
            operation: tx.operation === 1 ? 1 : 0,
          },
          nonce: BigInt(tx.nonce),
          confirmations: (tx.confirmations ?? []).map((c) => ({
            owner: getAddress(c.owner),
            signature: (c.signature ?? undefined) as Hex | undefined,
          })),
          confirmationsRequired: tx.confirmationsRequired,
          executed: tx.isExecuted,
          source: 'tx-service',
        };
      } catch {
        return undefined;
      }
    },
  };
}
