import type { QueuedTransaction, SafeConnection } from '../safe/connection.js';
import { SignerRequiredError } from '../safe/errors.js';

/**
 * An owner confirms a queued transaction standalone: an EIP-712 signature to the Transaction Service, or
 * `approveHash` on chain on the service-free path (shared/src/queue).
 */
export async function confirmQueued(
  connection: Pick<SafeConnection, 'queue'>,
  queued: QueuedTransaction,
): Promise<void> {
  if (!connection.queue)
    throw new SignerRequiredError('confirm the transaction here (Safe{Wallet} confirms in its own queue)');
  await connection.queue.confirm(queued);
}
