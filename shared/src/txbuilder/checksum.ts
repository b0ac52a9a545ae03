import { type Hex, keccak256, stringToBytes } from 'viem';

import type { TxBuilderBatch } from './batchFile.js';

/**
 * The checksum the Safe Transaction Builder writes into `meta.checksum` and checks on import (as published in its
 * source, `apps/tx-builder/src/lib/checksum.ts` of safe-react-apps): keccak256 of the UTF-8 bytes of a
 * serialisation of the batch without `meta.checksum` and with `meta.name` set to `null`. The serialisation writes
 * each object as `{` + the JSON array of its sorted keys + each value followed by a comma + `}`, arrays as
 * `[a,b]`, other values with `JSON.stringify` (`undefined` as `null`). The Transaction Builder only warns when it
 * does not match; the import with a sidecar does not rely on it, `draftFromTxBuilderBatch` (a batch alone) refuses a
 * mismatch.
 *
 * @example
 * const checksum = txBuilderChecksum(batch); // '0x…'
 */
export function txBuilderChecksum(batch: TxBuilderBatch): Hex {
  const { checksum: _, ...meta } = batch.meta;
  return keccak256(stringToBytes(serialize({ ...batch, meta: { ...meta, name: null } })));
}

/**
 * Whether `meta.checksum` matches the batch; `undefined` when the batch carries none.
 *
 * @example
 * if (verifyTxBuilderChecksum(batch) === false) console.warn('The batch was edited after it was exported.');
 */
export function verifyTxBuilderChecksum(batch: TxBuilderBatch): boolean | undefined {
  if (batch.meta.checksum === undefined) return undefined;
  return batch.meta.checksum.toLowerCase() === txBuilderChecksum(batch);
}

const nullForUndefined = (_: string, value: unknown) => (value === undefined ? null : value);

function serialize(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${JSON.stringify(keys, nullForUndefined)}${keys.map((key) => `${serialize(record[key])},`).join('')}}`;
  }
  return `${JSON.stringify(value, nullForUndefined)}`;
}
