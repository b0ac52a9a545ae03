import type { Address, Hex } from 'viem';

import type { SafeTransaction } from '../../src/safe/safeTx.js';
import type { SignatureType } from './signatures.js';

/** An owner's confirmation as the service keeps it. */
export type StoredConfirmation = {
  owner: Address;
  submissionDate: string;
  signature: Hex;
  signatureType: SignatureType;
};

/** A proposed Safe transaction and what the service knows about it off chain. */
export type StoredTransaction = {
  safe: Address;
  safeTxHash: Hex;
  transaction: SafeTransaction;
  proposer: Address;
  proposedByDelegate: Address | null;
  origin: string | null;
  trusted: boolean;
  submissionDate: string;
  modifiedDate: string;
  /** Monotonic sequence numbers for ordering (several proposals can share a millisecond). */
  created: number;
  modified: number;
  confirmations: StoredConfirmation[];
};

/** The service's in-memory queue: proposals by safeTxHash, with their confirmations. */
export class TransactionStore {
  #byHash = new Map<string, StoredTransaction>();
  #sequence = 0;

  get(safeTxHash: Hex): StoredTransaction | undefined {
    return this.#byHash.get(safeTxHash.toLowerCase());
  }

  /** Every proposal for `safe`, in proposal order. */
  forSafe(safe: Address): StoredTransaction[] {
    return [...this.#byHash.values()].filter((stored) => stored.safe === safe);
  }

  /** Stores a new proposal, or returns the one already stored under its safeTxHash. */
  upsert(
    entry: Omit<StoredTransaction, 'created' | 'modified' | 'submissionDate' | 'modifiedDate' | 'confirmations'>,
  ): StoredTransaction {
    const existing = this.get(entry.safeTxHash);
    if (existing) {
      if (entry.trusted && !existing.trusted) Object.assign(existing, { trusted: true, origin: entry.origin });
      return existing;
    }
    const now = new Date().toISOString();
    const sequence = ++this.#sequence;
    const stored: StoredTransaction = {
      ...entry,
      submissionDate: now,
      modifiedDate: now,
      created: sequence,
      modified: sequence,
      confirmations: [],
    };
    this.#byHash.set(entry.safeTxHash.toLowerCase(), stored);
    return stored;
  }

  /** Adds confirmations of owners that have not confirmed yet (a repeated owner keeps the first one). */
  confirm(stored: StoredTransaction, confirmations: readonly Omit<StoredConfirmation, 'submissionDate'>[]): void {
    const now = new Date().toISOString();
    let added = false;
    for (const confirmation of confirmations) {
      if (stored.confirmations.some((existing) => existing.owner === confirmation.owner)) continue;
      stored.confirmations.push({ ...confirmation, submissionDate: now });
      added = true;
    }
    if (added) {
      stored.modified = ++this.#sequence;
      stored.modifiedDate = now;
      stored.trusted = true;
    }
  }
}
