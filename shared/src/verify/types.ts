import type { Address, Hex } from 'viem';

import type { StopResponseName } from '../package/schema.js';

/** The rule a finding breaks (README: "What it checks"). */
export type VerifyRule =
  // receipts and events
  | 'transactionReverted'
  | 'executionFailed'
  | 'unexpectedExecution'
  | 'stepNotExecuted'
  | 'executionOrder'
  | 'stepEvent'
  | 'phaseCompleted'
  | 'manifestCompleted'
  | 'upgradeEvent'
  // state read back after the phase
  | 'implementationSlot'
  | 'adminSlot'
  | 'beaconImplementation'
  | 'owner'
  | 'role'
  | 'safeGuard'
  | 'manifestCursor'
  // the package's checks and watched invariants
  | 'check'
  | 'invariant';

/** One divergence between what the manifest says and what the chain shows. */
export type VerifyFinding = {
  rule: VerifyRule;
  /** One sentence for people: what differs and where. */
  message: string;
  /** The value the manifest implies (address, hash, number as decimal), `null` for "nothing". */
  expected: string | null;
  /** The value observed on chain or in the receipts, `null` for "nothing". */
  actual: string | null;
  /** The contract the finding is about. */
  subject?: Address;
  /** The step of the phase it concerns. */
  step?: number;
  transactionHash?: Hex;
  /** What the stop-condition table says to do: the check's or invariant's response, else the default. */
  response: StopResponseName;
};

/** How one step of the phase was executed, as the receipts show it. */
export type VerifiedExecution = {
  step: number;
  transactionHash: Hex;
  blockNumber: bigint;
  /** The safeTxHash of the Safe's `ExecutionSuccess`, which commits to the step's target, value, data, operation. */
  safeTxHash: Hex;
  nonce: bigint;
  to: Address;
};

/** A transaction ready to send: to the guard (by a guardian) or through the Safe (by the executor). */
export type ContainmentTransaction = { to: Address; value: bigint; data: Hex; operation: 0 | 1 };

/** One containment step, in the order to take them. */
export type ContainmentAction =
  | {
      action: 'freeze' | 'halt';
      /** Who sends it: a guardian account, directly to the guard. */
      by: 'guardian';
      transaction: ContainmentTransaction;
      /** Whether the response says to send it now (the monitor does so with a guardian account). */
      immediate: boolean;
      description: string;
    }
  | {
      action: 'rollback' | 'pause';
      /** Who sends it: the executor, as Safe transactions signed by the owners, one per step. */
      by: 'executor';
      manifestId: Hex;
      /** Whether the guard would let it run now (registered and approved). */
      ready: boolean;
      /** Its remaining steps, in order; empty when the manifest itself was not supplied. */
      transactions: ContainmentTransaction[];
      immediate: false;
      description: string;
    };

/** What to do about the findings: the strongest response among them and the actions, as data. */
export type Containment = {
  response: StopResponseName;
  manifestId: Hex;
  actions: ContainmentAction[];
  /** Why an action is missing (already frozen, nothing left to halt, no rollback supplied). */
  notes: string[];
};
