import type { Address, Hex } from 'viem';

/**
 * One action taken from this page on the guard (halt, freeze, cancel, reinstate, lift), with the reason its signer
 * typed: the guard's functions take no reason, so the team finds it here and in the action's result.
 */
export type ActionLogEntry = {
  /** Milliseconds since the epoch, in this browser's clock. */
  at: number;
  /** What was done, e.g. "Halted REL-43". */
  what: string;
  /** The reason the signer typed; empty for actions that ask none. */
  reason: string;
  account: Address;
  transaction: Hex;
};

const key = (guard: Address) => `manifest-guard:action-log:${guard.toLowerCase()}`;
/** The log keeps the latest entries only. */
const kept = 50;

/** This browser's log of actions on `guard`, newest first. */
export function readActionLog(guard: Address): ActionLogEntry[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(key(guard)) ?? '[]');
    return Array.isArray(stored) ? (stored as ActionLogEntry[]) : [];
  } catch {
    return [];
  }
}

/** Adds `entry` to this browser's log of actions on `guard`; returns the log, newest first. */
export function appendActionLog(guard: Address, entry: ActionLogEntry): ActionLogEntry[] {
  const log = [entry, ...readActionLog(guard)].slice(0, kept);
  localStorage.setItem(key(guard), JSON.stringify(log));
  return log;
}
