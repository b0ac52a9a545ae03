import type SafeApiKit from '@safe-global/api-kit';
import { type Hex, getAddress } from 'viem';

import { AlreadyExecutedError } from './errors.js';
import { verifiedTransaction } from './serviceTransaction.js';
import { type SafeSigner, signSafeTx } from './signer.js';

export type ConfirmSafeTransactionParameters = {
  apiKit: SafeApiKit;
  chainId: number;
  safeTxHash: Hex;
  /** An owner of the Safe. */
  signer: SafeSigner;
};

export type ConfirmSafeTransactionReturnType = {
  safeTxHash: Hex;
  /** `false` when this owner had already confirmed (nothing was sent). */
  added: boolean;
  /** Owners that have confirmed, after this call. */
  confirmations: number;
  confirmationsRequired: number;
};

/**
 * Adds an owner's confirmation to a queued Safe transaction. The transaction is read from the service and hashed
 * again before signing, so the owner signs the transaction they were shown.
 *
 * @example
 * await confirmSafeTransaction({ apiKit, chainId: 31337, safeTxHash, signer: secondOwner });
 */
export async function confirmSafeTransaction(
  parameters: ConfirmSafeTransactionParameters,
): Promise<ConfirmSafeTransactionReturnType> {
  const { apiKit, chainId, safeTxHash, signer } = parameters;
  const response = await apiKit.getTransaction(safeTxHash);
  const transaction = verifiedTransaction(response, chainId);
  if (response.isExecuted) throw new AlreadyExecutedError(safeTxHash, response.transactionHash);
  const confirmed = (response.confirmations ?? []).map((confirmation) => getAddress(confirmation.owner));
  if (confirmed.includes(getAddress(signer.address)))
    return {
      safeTxHash,
      added: false,
      confirmations: confirmed.length,
      confirmationsRequired: response.confirmationsRequired,
    };
  const signature = await signSafeTx({ signer, safe: getAddress(response.safe), chainId, transaction });
  await apiKit.confirmTransaction(safeTxHash, signature);
  return {
    safeTxHash,
    added: true,
    confirmations: confirmed.length + 1,
    confirmationsRequired: response.confirmationsRequired,
  };
}
