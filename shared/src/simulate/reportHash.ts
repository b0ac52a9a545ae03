import { type Hex, keccak256, stringToBytes } from 'viem';

import { canonicalJson } from '../package/canonicalJson.js';

/**
 * keccak256 of a simulation, rehearsal or rollback report's canonical JSON, so the report can be cited from the evidence
 * packet (`simulation`).
 *
 * @example
 * const hash = reportHash(report); // '0x…'
 */
export function reportHash(report: object): Hex {
  return keccak256(stringToBytes(canonicalJson(report)));
}
