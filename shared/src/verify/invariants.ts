import { hexToBigInt, keccak256, size } from 'viem';

import type { StopCondition } from '../package/schema.js';
import type { BatchResult } from './batchReads.js';

/** A watched invariant of the package's stop-condition table. */
export type Invariant = Extract<StopCondition, { source: 'invariant' }>;

/**
 * Judges the answer of an invariant's read against its expectation: `equals` (the raw return data), `resultHash`
 * (its keccak256) or `range` (the first word as a uint256, bounds included). A reverted read fails.
 *
 * @example
 * judgeInvariant(invariant, { success: true, returnData: '0x…1e' }); // { ok: true, expected: '0 to 40', actual: '30' }
 */
export function judgeInvariant(
  invariant: Invariant,
  result: BatchResult,
): { ok: boolean; expected: string; actual: string | null } {
  const { expect } = invariant;
  const data = result.success ? result.returnData : undefined;
  switch (expect.kind) {
    case 'equals':
      return { ok: data === expect.value, expected: expect.value, actual: data ?? null };
    case 'resultHash': {
      const hash = data === undefined ? undefined : keccak256(data);
      return { ok: hash === expect.hash, expected: expect.hash, actual: hash ?? null };
    }
    case 'range': {
      const value = data !== undefined && size(data) >= 32 ? hexToBigInt(`0x${data.slice(2, 66)}`) : undefined;
      return {
        ok: value !== undefined && value >= expect.min && value <= expect.max,
        expected: `${expect.min} to ${expect.max}`,
        actual: value === undefined ? null : String(value),
      };
    }
  }
}
