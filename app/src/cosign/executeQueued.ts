import type { Hex } from 'viem';

import type { QueuedTransaction, SafeConnection } from '../safe/connection.js';
import { SignerRequiredError } from '../safe/errors.js';

/**
 * Executes a queued Safe transaction from the connected wallet with the owners' confirmations (Transaction Service
 * signatures and on-chain approvals, shared/src/queue); the guard's rejection names its rule.
 *
 * @example
 * await executeQueued(connection, queued);
 */
export async function executeQueued(
  connection: Pick<SafeConnection, 'queue'>,
  queued: QueuedTransaction,
): Promise<Hex> {
  if (!connection.queue)
    throw new SignerRequiredError('execute the transaction here (Safe{Wallet} executes from its own queue)');
  return connection.queue.execute(queued);
}
