import type { Address, Hex } from 'viem';

/** What the gate answers. */
export type GateDecision = 'release' | 'hold' | 'reject';

/** A value a reason carries: JSON-serialisable (big numbers as decimal strings). */
export type GateValue = string | number | boolean | null | GateValue[];

/**
 * One reason the gate does not answer `release`: the rule (off-chain rules by name, the guard's own as
 * `guard:<ErrorName>`), what it means for the decision, what was wrong and what to do, and the values involved.
 */
export type GateReason = {
  rule: string;
  decision: 'hold' | 'reject';
  message: string;
  values: { [name: string]: GateValue };
};

/** A proposed Safe transaction (as a Safe{Wallet} queue entry or `execTransaction` holds it). */
export type ProposedSafeTransaction = {
  to: Address;
  value?: bigint | string | number;
  data: Hex;
  operation?: 0 | 1 | number;
  gasPrice?: bigint | string | number;
  gasToken?: Address;
  refundReceiver?: Address;
};

/** The proposed transaction as the gate compares it. */
export type NormalizedTransaction = {
  to: Address;
  value: bigint;
  data: Hex;
  operation: number;
  gasPrice: bigint;
  gasToken: Address;
  refundReceiver: Address;
};
