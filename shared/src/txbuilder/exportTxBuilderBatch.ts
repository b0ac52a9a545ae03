import { keccak256 } from 'viem';

import { BaseError } from '../errors/base.js';
import type { JsonValue, ReleasePackage } from '../package/schema.js';
import { releasePackageToJson } from '../package/serializeReleasePackage.js';
import type { TxBuilderBatch } from './batchFile.js';
import { txBuilderChecksum } from './checksum.js';
import { type TxBuilderSidecar, sidecarFormat, sidecarVersion } from './sidecar.js';

/** The phase to export does not exist. */
export class PhaseNotFoundError extends BaseError {
  override name = 'PhaseNotFoundError';
  constructor(phase: number, phases: number) {
    super(`The package has no phase ${phase}.`, {
      metaMessages: [`Phases are numbered from 0 to ${phases - 1}; leave the phase out to export every step.`],
    });
  }
}

export type ExportTxBuilderBatchParameters = {
  pkg: ReleasePackage;
  /** Export only this phase's steps (default: every step of every phase, in order). */
  phase?: number;
  /** Milliseconds since 1970 (default `Date.now()`). */
  createdAt?: number;
  /** The owner who exports, written to `meta.createdFromOwnerAddress` when given. */
  createdFromOwnerAddress?: string;
  /** Written to `meta.txBuilderVersion` when given. */
  txBuilderVersion?: string;
};
export type ExportTxBuilderBatchReturnType = { batch: TxBuilderBatch; sidecar: TxBuilderSidecar };

/**
 * Exports a release package's steps (one phase, or all) as a Safe Transaction Builder batch, one transaction per
 * step, with the Transaction Builder's checksum, and the sidecar that keeps everything the batch format cannot
 * (operations, phases, checks, conditions, soak, kind, window, rollback, …), so nothing is dropped.
 *
 * Executing a batch of several transactions in Safe{Wallet} makes ONE Safe transaction (a delegatecall to
 * MultiSendCallOnly), not one per step: use `batchAsMultiSendStep` for the step that matches it. The batch here
 * is for review and interchange of the steps.
 *
 * @throws {PhaseNotFoundError} when `phase` is not a phase of the package.
 * @example
 * const { batch, sidecar } = exportTxBuilderBatch({ pkg, phase: 0 });
 * await writeFile('phase-0.json', JSON.stringify(batch, null, 2));
 * await writeFile('phase-0.sidecar.json', JSON.stringify(sidecar, null, 2));
 */
export function exportTxBuilderBatch(parameters: ExportTxBuilderBatchParameters): ExportTxBuilderBatchReturnType {
  const { pkg, phase } = parameters;
  if (phase !== undefined && !pkg.phases[phase]) throw new PhaseNotFoundError(phase, pkg.phases.length);
  const json = releasePackageToJson(pkg);
  const phases = json.phases as { [key: string]: JsonValue }[];
  const transactions: TxBuilderBatch['transactions'] = [];
  const dataHashes: TxBuilderSidecar['dataHashes'] = [];
  pkg.phases.forEach((packagePhase, p) => {
    if (phase !== undefined && p !== phase) return;
    phases[p]!.steps = packagePhase.steps.map((step) => {
      transactions.push({ to: step.to, value: step.value.toString(), data: step.data });
      dataHashes.push(keccak256(step.data));
      return { batchIndex: transactions.length - 1, operation: step.operation };
    });
  });

  const meta: TxBuilderBatch['meta'] = {
    name: phase === undefined ? pkg.title : `${pkg.title} (phase ${phase + 1} of ${pkg.phases.length})`,
    description: [pkg.ticket, pkg.description].filter((part) => part.length > 0).join(': '),
  };
  if (parameters.txBuilderVersion !== undefined) meta.txBuilderVersion = parameters.txBuilderVersion;
  meta.createdFromSafeAddress = pkg.safe;
  if (parameters.createdFromOwnerAddress !== undefined)
    meta.createdFromOwnerAddress = parameters.createdFromOwnerAddress;
  const batch: TxBuilderBatch = {
    version: '1.0',
    chainId: String(pkg.chainId),
    createdAt: parameters.createdAt ?? Date.now(),
    meta,
    transactions,
  };
  batch.meta.checksum = txBuilderChecksum(batch);
  return {
    batch,
    sidecar: { format: sidecarFormat, sidecarVersion, transactions: transactions.length, dataHashes, package: json },
  };
}
