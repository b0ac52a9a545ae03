import type { Address, Hex } from 'viem';

import type { JsonValue } from './schema.js';

/**
 * The evidence packet of a release (SPEC "Evidence packet"): kept off chain, its `evidenceHash` goes into the
 * manifest's `evidence` field. A packet missing any part makes the gate answer `hold` (`evidenceCompleteness`).
 */
export type EvidencePacket = {
  /** The change ticket the release implements (the manifest's `ticket`). */
  ticket: string;
  /** Every approved implementation with the keccak256 of its runtime code (`extcodehash`). */
  implementations: { address: Address; codeHash: Hex; name?: string }[];
  /** keccak256 of each step's calldata, by phase and step index. */
  calldataHashes: { phase: number; step: number; hash: Hex }[];
  /**
   * The simulation report, opaque here: state changes, authority resolution (who owns each ProxyAdmin, who can
   * upgrade each proxy, which roles exist after the change) and the expected events.
   */
  simulation: { [key: string]: JsonValue };
  /** The invariant checklist: balances, permissions, pricing, pause behaviour, … */
  invariants: { name: string; category: 'balances' | 'permissions' | 'pricing' | 'pause' | 'other'; detail?: string }[];
  /** How the release is undone. */
  rollback: {
    /** The id of the Rollback manifest (the Release manifest's `rollback`); a Rollback or Emergency manifest has none. */
    rollbackManifestId?: Hex;
    /** Who signs the rollback, in order. */
    signerSequence: Address[];
    /** The order in which the contracts are rolled back (names or addresses). */
    dependencyOrder: string[];
    /** The thresholds that apply if the usual signers are unavailable, by name (e.g. `{ "privileged": 3 }`). */
    fallbackThresholds: { [name: string]: number };
  };
  /** The release window, as in the manifest (unix seconds or ISO-8601). */
  window: { notBefore: number | string; expiry: number | string };
  /** The approvals the release collected before registration (reviewers, sign-offs). */
  approvals: { approver: string; role?: string; at?: string; reference?: string }[];
};

/** The parts of an evidence packet, as `evidenceCompleteness` names them. */
export const evidenceParts = [
  'ticket',
  'implementations',
  'calldataHashes',
  'simulation',
  'invariants',
  'rollback',
  'rollback.rollbackManifestId',
  'rollback.signerSequence',
  'rollback.dependencyOrder',
  'rollback.fallbackThresholds',
  'window',
  'approvals',
] as const;
export type EvidencePart = (typeof evidenceParts)[number];
