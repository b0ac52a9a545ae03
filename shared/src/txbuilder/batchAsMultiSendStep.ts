import type { Address } from 'viem';

import { multiSendStep } from '../builders/multiSendStep.js';
import type { PackageStep } from '../package/schema.js';
import type { TxBuilderBatch } from './batchFile.js';
import { batchToSteps } from './importTxBuilderBatch.js';

export type BatchAsMultiSendStepParameters = { batch: TxBuilderBatch; multiSendCallOnly: Address };

/**
 * The one manifest step that matches executing this batch from Safe{Wallet}: a single transaction is proposed as
 * itself (a call); several are proposed as one delegatecall to MultiSendCallOnly with `multiSend` of all of them,
 * which is what the guard then sees. Use it when the batch itself (not its steps one by one) is what signers will
 * execute; the MultiSendCallOnly must be the guard's configured one (and the one Safe{Wallet} uses on that chain).
 *
 * @example
 * const step = batchAsMultiSendStep({ batch, multiSendCallOnly: config.multiSendCallOnly });
 */
export function batchAsMultiSendStep({ batch, multiSendCallOnly }: BatchAsMultiSendStepParameters): PackageStep {
  const steps = batchToSteps(batch);
  if (steps.length === 1) return steps[0]!;
  const step = multiSendStep({
    multiSendCallOnly,
    calls: steps.map((inner) => ({ to: inner.to, value: inner.value, data: inner.data, operation: 0 })),
  });
  return { to: step.to, value: step.value, operation: 'delegatecall', data: step.data };
}
