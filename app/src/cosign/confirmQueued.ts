import { safeAbi } from '../../../shared/src/safe/safeArtifacts.js';
import { safeTransaction } from '../../../shared/src/safe/safeTx.js';
import type { QueuedTransaction, SafeConnection } from '../safe/connection.js';
import { requireOwner } from '../safe/standaloneConnection.js';
import { signSafeCall } from '../safe/signSafeCall.js';
import { txServiceQueue } from '../safe/txServiceQueue.js';
import { walletWrite } from './guardWrite.js';

/**
 * An owner confirms a queued transaction standalone: an EIP-712 signature to the Transaction Service, or
 * `approveHash` on chain on the service-free path.
 */
export async function confirmQueued(
  connection: Omit<SafeConnection, 'refresh'>,
  queued: QueuedTransaction,
): Promise<void> {
  const { state } = connection;
  const owner = requireOwner(connection.wallet, state, 'confirm the Safe transaction');
  if (connection.txServiceUrl) {
    const transaction = safeTransaction({ ...queued.call, nonce: queued.nonce });
    const signature = await signSafeCall({ wallet: owner, safe: state.safe, chainId: state.chainId, transaction });
    const queue = await txServiceQueue(connection.txServiceUrl, state.chainId);
    await queue.confirm(queued.safeTxHash, signature);
    return;
  }
  await walletWrite(
    connection,
    { address: state.safe, abi: safeAbi, functionName: 'approveHash', args: [queued.safeTxHash] },
    'approve the Safe transaction hash',
  );
}
