import { type Hex, concat, isAddressEqual, pad } from 'viem';

import { safeWithGuardErrorsAbi } from '../../../shared/src/guard/guardErrors.js';
import { safeTransaction } from '../../../shared/src/safe/safeTx.js';
import type { QueuedTransaction, SafeConnection } from '../safe/connection.js';
import { NotEnoughConfirmationsError } from './errors.js';
import { walletWrite } from './guardWrite.js';

/**
 * The owners' signatures for `execTransaction`, sorted by owner: EIP-712 signatures as confirmed, and for an
 * on-chain `approveHash` the pre-validated form (r = owner, s = 0, v = 1).
 *
 * @throws {NotEnoughConfirmationsError} below the threshold.
 */
export function packSignatures(queued: QueuedTransaction, owners: readonly Hex[], threshold: number): Hex {
  const valid = queued.confirmations.filter((c) => owners.some((owner) => isAddressEqual(owner, c.owner)));
  if (valid.length < threshold) throw new NotEnoughConfirmationsError(valid.length, threshold);
  return concat(
    [...valid]
      .sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1))
      .slice(0, Math.max(threshold, 1))
      .map((c) => c.signature ?? concat([pad(c.owner), pad('0x0'), '0x01'])),
  );
}

/**
 * Executes a queued Safe transaction from the connected wallet (it must be one of the guard's executors).
 *
 * @example
 * await executeQueued(connection, queued);
 */
export async function executeQueued(
  connection: Pick<SafeConnection, 'wallet' | 'client' | 'state'>,
  queued: QueuedTransaction,
): Promise<Hex> {
  const { state } = connection;
  const signatures = packSignatures(queued, state.owners, state.threshold);
  const t = safeTransaction({ ...queued.call, nonce: queued.nonce });
  return walletWrite(
    connection,
    {
      address: state.safe,
      abi: safeWithGuardErrorsAbi,
      functionName: 'execTransaction',
      args: [
        t.to,
        t.value,
        t.data,
        t.operation,
        t.safeTxGas,
        t.baseGas,
        t.gasPrice,
        t.gasToken,
        t.refundReceiver,
        signatures,
      ],
    },
    'execute the Safe transaction',
  );
}
