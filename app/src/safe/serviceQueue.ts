import type SafeApiKit from '@safe-global/api-kit';
import { type Hex, type PublicClient, getAddress } from 'viem';

import { onChainApprovals, verifiedTransaction } from '../../../shared/src/index.js';
import type { QueuedTransaction, SafeState } from './connection.js';

/** api-kit on a Transaction Service, loaded on first use so it stays out of the first bundle. */
export async function apiKitFor(txServiceUrl: string, chainId: number): Promise<SafeApiKit> {
  const { default: ApiKit } = await import('@safe-global/api-kit');
  return new ApiKit({ chainId: BigInt(chainId), txServiceUrl });
}

/**
 * One transaction of the Transaction Service, hashed again before anything reads it (`verifiedTransaction`: a service
 * that changed it is refused), with the owners' confirmations: the service's signatures and on-chain `approveHash`.
 * `undefined` when the service does not know the hash.
 */
export async function serviceQueued(
  apiKit: SafeApiKit,
  client: PublicClient,
  state: SafeState,
  safeTxHash: Hex,
): Promise<QueuedTransaction | undefined> {
  let response;
  try {
    response = await apiKit.getTransaction(safeTxHash);
  } catch {
    return undefined;
  }
  const transaction = verifiedTransaction(response, state.chainId);
  const approvals = await onChainApprovals({
    publicClient: client,
    safe: state.safe,
    safeTxHash,
    owners: state.owners,
  });
  const confirmations = (response.confirmations ?? []).map((c) => ({
    owner: getAddress(c.owner),
    signature: (c.signature ?? undefined) as Hex | undefined,
  }));
  for (const owner of approvals) {
    if (!confirmations.some((c) => c.owner === owner)) confirmations.push({ owner, signature: undefined });
  }
  return {
    safeTxHash,
    call: { to: transaction.to, value: transaction.value, data: transaction.data, operation: transaction.operation },
    nonce: transaction.nonce,
    confirmations,
    confirmationsRequired: response.confirmationsRequired,
    executed: response.isExecuted,
    source: 'tx-service',
    proposer: response.proposer ? getAddress(response.proposer) : undefined,
  };
}

/**
 * The Safe's transactions the Transaction Service holds from the Safe's nonce on, not executed, oldest nonce first:
 * the one queue every owner sees. A transaction whose data does not hash to its safeTxHash is left out (never shown
 * as signable).
 */
export async function servicePending(
  apiKit: SafeApiKit,
  client: PublicClient,
  state: SafeState,
): Promise<QueuedTransaction[]> {
  const { results } = await apiKit.getPendingTransactions(state.safe, { currentNonce: Number(state.nonce) });
  const read = await Promise.all(
    results.map((tx) => serviceQueued(apiKit, client, state, tx.safeTxHash as Hex).catch(() => undefined)),
  );
  return read
    .filter((tx): tx is QueuedTransaction => tx !== undefined && !tx.executed && tx.nonce >= state.nonce)
    .sort((a, b) => (a.nonce === b.nonce ? 0 : a.nonce < b.nonce ? -1 : 1));
}
