import type { Hex } from 'viem';

import type { JsonValue } from '../package/schema.js';

/** The sidecar format version this library reads and writes. */
export const sidecarVersion = 1;
/** The sidecar's `format` marker. */
export const sidecarFormat = 'manifest-guard/tx-builder-sidecar';

/** A step of the sidecar's package that lives in the batch: its index there, and the operation the batch cannot carry. */
export type BatchStepReference = { batchIndex: number; operation: 'call' | 'delegatecall' };

/**
 * What a Transaction Builder batch cannot carry, kept beside it: the whole release package (phases, checks,
 * conditions, soak times, kind, window, rollback, evidence, stop conditions, human context, extensions), with each
 * exported step replaced by a `BatchStepReference` to its transaction in the batch. `importTxBuilderBatch` puts the
 * two back together.
 */
export type TxBuilderSidecar = {
  format: typeof sidecarFormat;
  sidecarVersion: typeof sidecarVersion;
  /** How many transactions the batch holds (each referenced exactly once). */
  transactions: number;
  /** keccak256 of the batch's calldata, in order: a batch that was edited is rejected on import. */
  dataHashes: Hex[];
  /** The release package JSON, exported steps replaced by references. */
  package: { [key: string]: JsonValue };
};
