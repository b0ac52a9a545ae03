import type { Hex } from 'viem';

import type { Containment, VerifyFinding } from '../verify/types.js';
import type { VerifyPhaseReturnType } from '../verify/verifyPhase.js';

/** Why the monitor raised an alert. */
export type AlertReason =
  /** The verifier found the phase's receipts or the state it left differ from the manifest. */
  | 'divergence'
  /** A check or watched invariant of the stop-condition table failed. */
  | 'stopCondition'
  /** The Safe executed a transaction the guard did not pass as a manifest step (no `StepExecuted`). */
  | 'unguardedExecution';

/** What `watch` reports, in order. */
export type MonitorEvent =
  | {
      /** A phase executed and verified: receipts and state match the manifest. */
      type: 'ok';
      blockNumber: bigint;
      manifestId: Hex;
      phase: number;
      result: VerifyPhaseReturnType;
    }
  | {
      type: 'alert';
      reason: AlertReason;
      blockNumber: bigint;
      manifestId: Hex | undefined;
      phase: number | undefined;
      message: string;
      /** The new findings (those not reported before for this phase). */
      findings: VerifyFinding[];
      containment: Containment | null;
      transactionHash?: Hex;
    }
  | {
      /** The guardian account sent a containment transaction and it was mined. */
      type: 'contained';
      action: 'freeze' | 'halt';
      manifestId: Hex;
      transactionHash: Hex;
    }
  | {
      /** An event of the guard (registration, approval, halt, freeze, …), decoded from its ABI. */
      type: 'guard';
      blockNumber: bigint;
      name: string;
      args: Record<string, unknown>;
      transactionHash: Hex;
    }
  | { type: 'error'; error: Error };
