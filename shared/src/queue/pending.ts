import type SafeApiKit from '@safe-global/api-kit';
import type { SafeMultisigTransactionResponse } from '@safe-global/types-kit';
import { type Address, type Hex, type PublicClient, getAddress } from 'viem';

import type { SafeTransaction } from '../safe/safeTx.js';
import { ServiceDataMismatchError } from './errors.js';
import { onChainApprovals, readQueueSafeState } from './safeState.js';
import { verifiedTransaction } from './serviceTransaction.js';

/** An owner's confirmation: a signature kept by the service, or an `approveHash` on chain. */
export type QueueConfirmation = {
  owner: Address;
  source: 'service' | 'chain';
  signatureType: string;
};

/** A queued, not executed Safe transaction, with what it still needs. */
export type PendingTransaction = {
  safeTxHash: Hex;
  nonce: bigint;
  /** `undefined` when the service's data does not hash to `safeTxHash` (see `warnings`). */
  transaction: SafeTransaction | undefined;
  proposer: Address | null;
  origin: string | null;
  submissionDate: string;
  /** Current owners' confirmations (service signatures and on-chain approvals, one per owner). */
  confirmations: QueueConfirmation[];
  /** The Safe's threshold now. */
  confirmationsRequired: number;
  /** Enough confirmations, and its nonce is the Safe's next: the executor can send it. */
  ready: boolean;
  /** Another transaction used this nonce: these signatures can never execute. */
  nonceTaken: boolean;
  /** Plain-language problems: stale nonce, a nonce shared with other queued transactions, tampered data. */
  warnings: string[];
};

export type PendingTransactionsParameters = {
  apiKit: SafeApiKit;
  publicClient: PublicClient;
  chainId: number;
  safe: Address;
};

/**
 * The Safe's queue: every transaction the service holds that has not executed, oldest nonce first, with its
 * confirmations (including on-chain `approveHash` approvals) and a flag on entries whose nonce another executed
 * transaction has taken ("the signatures were collected for a nonce another transaction has used").
 *
 * @example
 * const queue = await pendingTransactions({ apiKit, publicClient, chainId: 31337, safe });
 * const stale = queue.filter((entry) => entry.nonceTaken);
 */
export async function pendingTransactions(parameters: PendingTransactionsParameters): Promise<PendingTransaction[]> {
  const { apiKit, publicClient, chainId } = parameters;
  const safe = getAddress(parameters.safe);
  const state = await readQueueSafeState(publicClient, safe);
  const responses: SafeMultisigTransactionResponse[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await apiKit.getMultisigTransactions(safe, { executed: false, ordering: 'nonce', limit: 100, offset });
    responses.push(...page.results);
    if (!page.next || page.results.length === 0) break;
  }
  const sharedNonce = new Map<string, number>();
  for (const response of responses) sharedNonce.set(response.nonce, (sharedNonce.get(response.nonce) ?? 0) + 1);

  return Promise.all(
    responses.map(async (response): Promise<PendingTransaction> => {
      const safeTxHash = response.safeTxHash as Hex;
      const nonce = BigInt(response.nonce);
      const warnings: string[] = [];
      let transaction: SafeTransaction | undefined;
      try {
        transaction = verifiedTransaction(response, chainId);
      } catch (error) {
        if (!(error instanceof ServiceDataMismatchError)) throw error;
        warnings.push(error.shortMessage);
      }
      const confirmations: QueueConfirmation[] = [];
      for (const confirmation of response.confirmations ?? []) {
        const owner = getAddress(confirmation.owner);
        if (state.owners.includes(owner))
          confirmations.push({ owner, source: 'service', signatureType: confirmation.signatureType });
      }
      for (const owner of await onChainApprovals({ publicClient, safe, safeTxHash, owners: state.owners }))
        if (!confirmations.some((confirmation) => confirmation.owner === owner))
          confirmations.push({ owner, source: 'chain', signatureType: 'APPROVED_HASH' });
      const nonceTaken = nonce < state.nonce;
      if (nonceTaken)
        warnings.push(
          `The signatures were collected for nonce ${nonce}, which another transaction has used (the Safe is at nonce ` +
            `${state.nonce}): this transaction can never execute. Propose it again at nonce ${state.nonce} or later.`,
        );
      const sharing = sharedNonce.get(response.nonce) ?? 1;
      if (!nonceTaken && sharing > 1)
        warnings.push(`${sharing} queued transactions share nonce ${nonce}: only one of them can execute.`);
      return {
        safeTxHash,
        nonce,
        transaction,
        proposer: response.proposer ? getAddress(response.proposer) : null,
        origin: response.origin ?? null,
        submissionDate: response.submissionDate,
        confirmations,
        confirmationsRequired: state.threshold,
        ready: transaction !== undefined && nonce === state.nonce && confirmations.length >= state.threshold,
        nonceTaken,
        warnings,
      };
    }),
  );
}
