import { BaseError, ContractFunctionRevertedError } from 'viem';

import { decodeGuardError } from '../guard/guardErrors.js';
import type { InstallStepError } from './types.js';

/** What to change for each guard error a configuration can cause (the guard's values say which entry). */
const guardErrorFixes: Record<string, string> = {
  ManifestGuardNoProposer: 'Name at least one proposer.',
  ManifestGuardNoExecutor: 'Name at least one executor.',
  ManifestGuardInvalidThresholds: 'Set the routine threshold from 1 up to the privileged threshold.',
  ManifestGuardThresholdUnreachable:
    'Add approvers or lower the privileged threshold: it cannot exceed the number of approvers.',
  ManifestGuardTooManyMembers: 'Name at most 16 accounts per role.',
  ManifestGuardInvalidMember: 'Remove the zero address, the Safe and the guard from the roles.',
  ManifestGuardRolesCollide:
    'Give the roles to different accounts: proposers, approvers and executors pairwise distinct, guardians distinct from proposers and executors.',
  ManifestGuardInvalidDelays:
    'Keep the privileged delay at most 30 days and the routine delay at most the privileged delay.',
  ManifestGuardInvalidFreezeBounds:
    'Keep the longest freeze from 1 s to 14 days and the freeze cooldown at least 1 day.',
  ManifestGuardTooManyEntries: 'Name at most 32 authorities and 32 privileged selectors.',
  ManifestGuardInvalidEntry:
    'Remove the zero address, the zero selector and duplicates from the authorities and privileged selectors.',
  ManifestGuardNotProposer: 'The account is not a proposer of this guard: check the proposers.',
  ManifestGuardNotApprover: 'The account is not an approver of this guard: check the approvers.',
  ManifestGuardNotExecutor: 'The sender is not an executor of this guard: check the executors.',
  ManifestGuardDelegateCallForbidden:
    "The batch delegatecalls another address than the configured MultiSendCallOnly: set multiSendCallOnly to the MultiSendCallOnly of the Safe's version.",
  ManifestGuardFrozen: 'The guard is frozen: wait for the freeze to end, or have the approvers lift it.',
  ManifestGuardTooManyLive: 'The guard holds the most live manifests it can: complete or cancel some first.',
  ManifestGuardStepClaimed:
    'A live manifest on this guard already holds the same step: complete or cancel it, then run the dry run again.',
  ManifestGuardCheckFailed:
    "A post-execution check failed: the step changed state the dry run's check reads (the Safe's threshold).",
};

/** A step failed for a reason the step itself established (not an exception from the node). */
export class StepFailure extends Error {
  override name = 'StepFailure';
  constructor(readonly failure: InstallStepError) {
    super(failure.message);
  }
}

/**
 * A step's failure: the message, the guard's decoded error when there is one, and what to change.
 *
 * @example
 * throw stepFailure('The Safe still has no guard.', 'Set multiSendCallOnly to the Safe version’s MultiSendCallOnly.');
 */
export function stepFailure(message: string, fix: string, guardError?: string): StepFailure {
  return new StepFailure(guardError === undefined ? { message, fix } : { message, fix, guardError });
}

/**
 * Turns whatever a step threw into its error: a `StepFailure` as it is; a revert by the guard decoded with the
 * guard's ABI, with the fix for that error (else `fix`); anything else in one line with `fix`.
 *
 * @example
 * describeFailure(error, 'Check the proposers.'); // { message: 'The guard refused: ManifestGuardNotProposer(0x…).', … }
 */
export function describeFailure(error: unknown, fix: string): InstallStepError {
  if (error instanceof StepFailure) return error.failure;
  const rejection = decodeGuardError(error);
  if (rejection) {
    return {
      message: `The guard refused: ${rejection.summary}.`,
      guardError: rejection.summary,
      fix: guardErrorFixes[rejection.errorName] ?? fix,
    };
  }
  return { message: errorLine(error), fix };
}

/** The fix for a guard error name, when the dry run knows one. */
export const guardErrorFix = (errorName: string): string | undefined => guardErrorFixes[errorName];

/** An error in one line: a revert's reason (the Safe's `GS…` codes) or the node's short message. */
export function errorLine(error: unknown): string {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.reason) return `Reverted: ${reverted.reason}.`;
    return error.shortMessage;
  }
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!;
}
