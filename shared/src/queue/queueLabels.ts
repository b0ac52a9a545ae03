import type { Address, Hex, PublicClient } from 'viem';

import type { KnownAbi } from '../decode/knownAbis.js';
import type { Manifest } from '../guard/manifest.js';

/** One Safe transaction waiting in the queue, as any source gives it (Transaction Service, Safe{Wallet}, chain). */
export type QueueEntry = {
  safeTxHash: Hex;
  nonce: bigint;
  call: { to: Address; value: bigint; data: Hex; operation: 0 | 1 };
  /** Owners whose confirmation counts now (service signatures and on-chain approvals). */
  confirmations: number;
};

/** A registered manifest whose steps are known in full (from its registration transaction or its package). */
export type KnownManifest = { id: Hex; ticket?: string; manifest: Manifest };

/**
 * What a queued transaction is, asked of the guard:
 * - `step`: the guard finds it as a step of a registered manifest that may still run (now or later);
 * - `nothing`: the guard finds no step with exactly this target, value, operation and calldata (do not sign);
 * - `dead`: it can never execute: its nonce was used, or it is a step the guard will never let run again (a halted,
 *   cancelled or completed manifest, a step already executed, a window that closed).
 */
export type QueueLabel = 'step' | 'nothing' | 'dead';

/** One decoded field where a transaction differs from an approved step (`initialize(uint256).value: 100 → 101`). */
export type FieldDifference = {
  /** Where, in words and decoded names: `target`, `value`, `operation`, `upgradeAndCall.data → initialize.value`. */
  field: string;
  expected: string;
  actual: string;
};

/** The approved step nearest to a transaction that matches none, and how it differs. */
export type NearestStep = {
  manifestId: Hex;
  ticket: string | undefined;
  phase: number;
  step: number;
  differences: FieldDifference[];
};

/** A queued transaction with its label and the guard's answers. */
export type LabelledEntry = QueueEntry & {
  label: QueueLabel;
  /** The other queued transactions at the same nonce (only one of them can ever execute). */
  competing: Hex[];
  /** The guard's own step for it (`explainTransaction`), when it finds one. */
  position: { manifestId: Hex; ticket: string | undefined; phase: number; step: number } | undefined;
  /** `explainTransaction` for the executor now: allowed, or the guard's error (ABI-encoded, selector first). */
  verdict: { allowed: boolean; reason: Hex };
  /** One sentence: what it is, or why it is dead (`nonce 3 holds a step of a halted manifest (REL-42)`). */
  why: string;
  /** For `nothing`: the nearest approved step and the decoded fields that differ. */
  nearest: NearestStep | undefined;
  /** Its nonce is the Safe's, it has the threshold's confirmations and the guard lets the executor run it now. */
  ready: boolean;
};

export type LabelQueueParameters = {
  publicClient: PublicClient;
  guard: Address;
  safe: Address;
  /** The Safe's nonce and threshold now. */
  safeNonce: bigint;
  threshold: number;
  /** Who would send `execTransaction` (the verdicts are for this executor). */
  executor: Address;
  entries: readonly QueueEntry[];
  /** The manifests whose steps are known in full, for the nearest step of a transaction that matches none. */
  manifests: readonly KnownManifest[];
  /** The guard's MultiSendCallOnly, to decode batch steps. */
  multiSendCallOnly?: Address;
  /** More ABIs for the decoder (e.g. the new implementation's, to name an initializer's arguments). */
  abis?: readonly KnownAbi[];
};

/** Where the next proposals go, and which queued transactions they replace. */
export type ProposalPlacement = {
  /** The nonce of the first transaction to propose (the rest follow one by one). */
  nonce: bigint;
  /** Queued transactions at the nonces the proposals take, which can never execute, with why. */
  replaces: { nonce: bigint; safeTxHash: Hex; why: string }[];
};
