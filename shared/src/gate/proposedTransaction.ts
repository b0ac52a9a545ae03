import { type Address, getAddress, zeroAddress } from 'viem';

import { batchAsMultiSendStep } from '../txbuilder/batchAsMultiSendStep.js';
import type { TxBuilderBatch } from '../txbuilder/batchFile.js';
import { GateInputError } from './errors.js';
import type { NormalizedTransaction, ProposedSafeTransaction } from './types.js';

/** Whether the input is a Safe Transaction Builder batch file rather than one Safe transaction. */
export function isTxBuilderBatch(input: unknown): input is TxBuilderBatch {
  return typeof input === 'object' && input !== null && Array.isArray((input as TxBuilderBatch).transactions);
}

/**
 * The Safe transaction the gate compares with the manifest's next step: a single transaction as given (defaults:
 * value 0, call, no refund), or a Transaction Builder batch as Safe{Wallet} executes it (one call, or one
 * delegatecall to MultiSendCallOnly with all of them).
 *
 * @throws {GateInputError} for a batch of several transactions when the MultiSendCallOnly is not known.
 *
 * @example
 * normalizeProposed(batch, config.multiSendCallOnly); // { to: MultiSendCallOnly, operation: 1, … }
 */
export function normalizeProposed(
  proposed: ProposedSafeTransaction | TxBuilderBatch,
  multiSendCallOnly: Address | undefined,
): NormalizedTransaction {
  if (isTxBuilderBatch(proposed)) {
    if (proposed.transactions.length > 1 && !multiSendCallOnly) {
      throw new GateInputError(
        'a Transaction Builder batch of several transactions needs the MultiSendCallOnly address',
        'Pass chain ({ publicClient, guard }) so the guard configuration is read, or config.multiSendCallOnly.',
      );
    }
    const step = batchAsMultiSendStep({ batch: proposed, multiSendCallOnly: multiSendCallOnly ?? zeroAddress });
    return {
      to: step.to,
      value: step.value,
      data: step.data,
      operation: step.operation === 'delegatecall' ? 1 : 0,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
    };
  }
  return {
    to: getAddress(proposed.to),
    value: BigInt(proposed.value ?? 0),
    data: proposed.data.toLowerCase() as NormalizedTransaction['data'],
    operation: Number(proposed.operation ?? 0),
    gasPrice: BigInt(proposed.gasPrice ?? 0),
    gasToken: getAddress(proposed.gasToken ?? zeroAddress),
    refundReceiver: getAddress(proposed.refundReceiver ?? zeroAddress),
  };
}
