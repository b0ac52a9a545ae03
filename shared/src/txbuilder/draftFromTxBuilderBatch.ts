import { type Address, isAddress, isAddressEqual, zeroHash } from 'viem';

import { type DecodedCall, decodeSafeTransaction } from '../decode/decodeSafeTransaction.js';
import { type Manifest, ManifestKind, type Phase, type Step } from '../guard/manifest.js';
import { type TxBuilderBatch, TxBuilderBatchError, parseTxBuilderBatch } from './batchFile.js';
import {
  EmptyTxBuilderBatchError,
  TxBuilderChainMismatchError,
  TxBuilderChecksumError,
  TxBuilderPhaseSizesError,
  TxBuilderSafeMismatchError,
} from './batchDraftErrors.js';
import { txBuilderChecksum } from './checksum.js';
import { batchToSteps } from './importTxBuilderBatch.js';

export type DraftFromTxBuilderBatchParameters = {
  /** The batch file exactly as the Transaction Builder exported it (JSON string or parsed). */
  batch: unknown;
  /** The chain the Safe is on: the batch's `chainId` must be it. */
  chainId: number;
  /** The Safe the draft is for: the batch's `meta.createdFromSafeAddress`, when it has one, must be it. */
  safe: Address;
  /** The guard, named "the guard" in the decoded steps. */
  guard?: Address;
  /** The Safe's MultiSendCallOnly, named in the decoded steps. */
  multiSendCallOnly?: Address;
  /** How many transactions go into each phase, in order (default: every transaction in one phase). */
  phaseSizes?: readonly number[];
};

export type DraftFromTxBuilderBatchReturnType = {
  /** The batch as read. */
  batch: TxBuilderBatch;
  /** `meta.name` and `meta.description`: the draft's title and description. */
  title: string;
  description: string;
  /**
   * A Release whose phases hold the batch's transactions as call steps (no checks, conditions or soak); no ticket,
   * rollback or evidence yet, and no window: those are for the release engineer to set before registering.
   */
  manifest: Omit<Manifest, 'notBefore' | 'expiry'>;
  /** Each transaction decoded (proxy upgrades, MultiSend batches, …), in batch order: the steps of the phases, in order. */
  decoded: DecodedCall[];
  /** Whether `meta.checksum` was there (and matched: a mismatch throws). */
  checksum: 'verified' | 'absent';
};

/**
 * A draft manifest from a Safe Transaction Builder batch alone (no sidecar): each transaction becomes a call step
 * (value as a bigint, calldata from `data` or built from `contractMethod` / `contractInputsValues`), all in one phase
 * unless `phaseSizes` splits them, in a Release without window, rollback or evidence (a batch carries none of them).
 * The batch must be for the Safe's chain and, when it names one, from that Safe; a `meta.checksum` must match (the
 * batch alone has nothing else binding it to what was exported). Each step comes back decoded.
 *
 * @throws {TxBuilderBatchError} for a malformed batch (a `to` that is no address, a `value` that is no decimal
 * string, …); {TxBuilderChecksumError}, {TxBuilderChainMismatchError}, {TxBuilderSafeMismatchError},
 * {EmptyTxBuilderBatchError}, {ContractMethodDataError} (a method value that does not encode),
 * {TxBuilderPhaseSizesError}.
 * @example
 * const draft = draftFromTxBuilderBatch({ batch: await file.text(), chainId: 1, safe });
 * draft.decoded[0].summary; // 'Upgrade proxy 0x… to implementation 0x… through ProxyAdmin 0x…'
 */
export function draftFromTxBuilderBatch(
  parameters: DraftFromTxBuilderBatchParameters,
): DraftFromTxBuilderBatchReturnType {
  const batch = parseTxBuilderBatch(parameters.batch);
  // The checksum covers the file as written (addresses in its own case, absent keys absent), not the parsed form.
  const raw = (
    typeof parameters.batch === 'string' ? JSON.parse(parameters.batch) : parameters.batch
  ) as TxBuilderBatch;
  const stated = batch.meta.checksum;
  if (stated !== undefined) {
    const computed = txBuilderChecksum(raw);
    if (stated.toLowerCase() !== computed) throw new TxBuilderChecksumError(stated, computed);
  }
  if (batch.chainId !== String(parameters.chainId)) {
    throw new TxBuilderChainMismatchError(batch.chainId, parameters.chainId);
  }
  const from = batch.meta.createdFromSafeAddress;
  if (from) {
    if (!isAddress(from, { strict: false })) {
      throw new TxBuilderBatchError([
        {
          path: 'meta.createdFromSafeAddress',
          message: `${JSON.stringify(from)} is not an address (40 hex digits after 0x). Export the batch again from the Transaction Builder.`,
        },
      ]);
    }
    if (!isAddressEqual(from, parameters.safe)) throw new TxBuilderSafeMismatchError(from, parameters.safe);
  }
  if (batch.transactions.length === 0) throw new EmptyTxBuilderBatchError(batch.meta.name);

  const steps: Step[] = batchToSteps(batch).map((step) => ({ ...step, operation: 0 }));
  const decoded = steps.map((step) =>
    decodeSafeTransaction({
      ...step,
      safe: parameters.safe,
      guard: parameters.guard,
      multiSendCallOnly: parameters.multiSendCallOnly,
    }),
  );
  return {
    batch,
    title: batch.meta.name,
    description: batch.meta.description ?? '',
    manifest: {
      kind: ManifestKind.Release,
      ticket: '',
      rollback: zeroHash,
      evidence: zeroHash,
      phases: splitIntoPhases(steps, parameters.phaseSizes ?? [steps.length]),
    },
    decoded,
    checksum: stated === undefined ? 'absent' : 'verified',
  };
}

function splitIntoPhases(steps: Step[], phaseSizes: readonly number[]): Phase[] {
  const valid =
    phaseSizes.length > 0 &&
    phaseSizes.every((size) => Number.isSafeInteger(size) && size > 0) &&
    phaseSizes.reduce((sum, size) => sum + size, 0) === steps.length;
  if (!valid) throw new TxBuilderPhaseSizesError(phaseSizes, steps.length);
  let start = 0;
  return phaseSizes.map((size) => {
    const phase: Phase = { steps: steps.slice(start, start + size), checks: [], conditions: [], minSoak: 0n };
    start += size;
    return phase;
  });
}
