import { type Hex, keccak256, stringToBytes } from 'viem';

import { canonicalJson } from '../package/canonicalJson.js';
import type { RollbackRehearsalReport } from './rehearseRollback.js';
import type { RollbackAloneReport } from './simulateRollbackAlone.js';
import type { SimulationReport } from './simulatePhase.js';

/**
 * keccak256 of a simulation or rehearsal report's canonical JSON, so the report can be cited from the evidence
 * packet (`simulation`).
 *
 * @example
 * const hash = reportHash(report); // '0x…'
 */
export function reportHash(report: SimulationReport | RollbackRehearsalReport | RollbackAloneReport): Hex {
  return keccak256(stringToBytes(canonicalJson(report)));
}
