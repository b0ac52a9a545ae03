import { type Hex, concat } from 'viem';

import type { Execution, SafeState } from './chain.js';
import type { StoredConfirmation, StoredTransaction } from './store.js';

/** A confirmation as `GET …/confirmations/` and the transaction responses show it. */
export type ConfirmationResponse = {
  owner: string;
  submissionDate: string;
  transactionHash: string | null;
  signature: string;
  signatureType: string;
};

/** A multisig transaction in the service's JSON (the api-kit's `SafeMultisigTransactionResponse`). */
export type MultisigTransactionResponse = {
  safe: string;
  to: string;
  value: string;
  data: string | null;
  operation: number;
  gasToken: string;
  safeTxGas: string;
  baseGas: string;
  gasPrice: string;
  refundReceiver: string;
  nonce: string;
  executionDate: string | null;
  submissionDate: string;
  modified: string;
  blockNumber: number | null;
  transactionHash: string | null;
  safeTxHash: string;
  proposer: string;
  proposedByDelegate: string | null;
  executor: string | null;
  isExecuted: boolean;
  isSuccessful: boolean | null;
  ethGasPrice: string | null;
  maxFeePerGas: string | null;
  maxPriorityFeePerGas: string | null;
  gasUsed: number | null;
  fee: string | null;
  origin: string | null;
  dataDecoded: null;
  confirmationsRequired: number;
  confirmations: ConfirmationResponse[];
  trusted: boolean;
  signatures: string | null;
};

export const confirmationResponse = (confirmation: StoredConfirmation): ConfirmationResponse => ({
  owner: confirmation.owner,
  submissionDate: confirmation.submissionDate,
  transactionHash: null,
  signature: confirmation.signature,
  signatureType: confirmation.signatureType,
});

/** The service's JSON for a stored transaction, with its execution (if any) read from the chain. */
export function multisigTransactionResponse(
  stored: StoredTransaction,
  execution: Execution | undefined,
  safe: Pick<SafeState, 'threshold'>,
): MultisigTransactionResponse {
  const { transaction } = stored;
  const sorted = [...stored.confirmations].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
  return {
    safe: stored.safe,
    to: transaction.to,
    value: transaction.value.toString(),
    data: transaction.data === '0x' ? null : transaction.data,
    operation: transaction.operation,
    gasToken: transaction.gasToken,
    safeTxGas: transaction.safeTxGas.toString(),
    baseGas: transaction.baseGas.toString(),
    gasPrice: transaction.gasPrice.toString(),
    refundReceiver: transaction.refundReceiver,
    nonce: transaction.nonce.toString(),
    executionDate: execution?.executionDate ?? null,
    submissionDate: stored.submissionDate,
    modified: stored.modifiedDate,
    blockNumber: execution?.blockNumber ?? null,
    transactionHash: execution?.transactionHash ?? null,
    safeTxHash: stored.safeTxHash,
    proposer: stored.proposer,
    proposedByDelegate: stored.proposedByDelegate,
    executor: execution?.executor ?? null,
    isExecuted: execution !== undefined,
    isSuccessful: execution ? execution.isSuccessful : null,
    ethGasPrice: execution?.ethGasPrice ?? null,
    maxFeePerGas: null,
    maxPriorityFeePerGas: null,
    gasUsed: execution?.gasUsed ?? null,
    fee:
      execution?.gasUsed != null && execution.ethGasPrice != null
        ? (BigInt(execution.gasUsed) * BigInt(execution.ethGasPrice)).toString()
        : null,
    origin: stored.origin,
    dataDecoded: null,
    confirmationsRequired: safe.threshold,
    confirmations: stored.confirmations.map(confirmationResponse),
    trusted: stored.trusted,
    signatures: execution && sorted.length > 0 ? concat(sorted.map((c) => c.signature as Hex)) : null,
  };
}
