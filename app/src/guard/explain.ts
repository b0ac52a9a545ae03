import { type Address, type Hex, type PublicClient, zeroAddress, zeroHash } from 'viem';

import {
  decodeGuardError,
  type GateReason,
  guardHint,
  guardReason,
  type GuardRejection,
} from '../../../shared/src/index.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import type { SafeCall } from '../safe/connection.js';
import { appHintContext } from './hintContext.js';

/** The guard's verdict on a Safe transaction from an executor (`explainTransaction`), with the broken rule named. */
export type Explanation = {
  allowed: boolean;
  /** `undefined` when allowed. */
  reason: GateReason | undefined;
  /** The guard's error in words; `undefined` when allowed. */
  words: GuardWords | undefined;
  /** The manifest whose step it is (zero hash when none). */
  manifestId: Hex;
  phase: number;
  step: number;
  msgSender: Address;
};

/**
 * Asks the guard whether `call` would pass `checkTransaction` if `msgSender` executed it now (no refund).
 *
 * @example
 * const verdict = await explain(client, guard, step, executor);
 */
export async function explain(
  client: PublicClient,
  guard: Address,
  call: SafeCall,
  msgSender: Address,
): Promise<Explanation> {
  const result = await client.readContract({
    address: guard,
    abi: manifestGuardAbi,
    functionName: 'explainTransaction',
    args: [call.to, call.value, call.data, call.operation, 0n, zeroAddress, zeroAddress, msgSender],
  });
  return {
    allowed: result.allowed,
    reason: result.allowed ? undefined : guardReason(result.reason),
    words: result.allowed ? undefined : guardWords(result.reason),
    manifestId: result.manifestId,
    phase: Number(result.phase),
    step: Number(result.step),
    msgSender,
  };
}

export const hasManifest = (explanation: Explanation): boolean => explanation.manifestId !== zeroHash;

/**
 * One of the guard's errors in words: its name (`rule`), the sentence with its values (times in the signer's local
 * time), the rule as the guard's NatSpec states it (`notice`, with the values), and what to do about it here.
 */
export type GuardWords = { rule: string; sentence: string; notice: string; advice: string | undefined };

/**
 * The guard's own error, as `explainTransaction` and `manifestState` return it (ABI-encoded, selector first;
 * `reason`, `rollbackReason`), in words: decoded with the guard's ABI (`decodeGuardError`), said with the values in
 * words (`guardHint`) and this app's advice (`guardAdvice`). `undefined` for empty bytes: the guard has no objection.
 *
 * @example
 * const words = guardWords(state.reason); // { rule: 'ManifestGuardTooEarly', sentence: '0x12…ab is executable from …' }
 */
export function guardWords(reason: Hex): GuardWords | undefined {
  if (reason === '0x') return undefined;
  const decoded = decodeGuardError(reason);
  if (!decoded) {
    const sentence = `The guard answers with an error this app does not know (${reason.slice(0, 10)}…): a newer guard?`;
    return { rule: 'unknown', sentence, notice: sentence, advice: undefined };
  }
  return rejectionWords(decoded);
}

/** A decoded guard rejection (`decodeGuardError`) in words. */
export function rejectionWords(rejection: GuardRejection): GuardWords {
  const hint = guardHint(rejection, appHintContext);
  return {
    rule: rejection.errorName,
    sentence: hint.sentence,
    notice: hint.rule,
    advice: guardAdvice[rejection.errorName],
  };
}

/** The argument `name` of a decoded guard error (`reason` bytes), e.g. `readyAt` of `ManifestGuardSoakNotElapsed`. */
export function guardArgument(reason: Hex, name: string): unknown {
  const decoded = decodeGuardError(reason);
  if (!decoded) return undefined;
  const abi = manifestGuardAbi as readonly { type: string; name?: string; inputs?: readonly { name?: string }[] }[];
  const inputs = abi.find((item) => item.type === 'error' && item.name === decoded.errorName)?.inputs ?? [];
  const index = inputs.findIndex((input) => input.name === name);
  return index < 0 ? undefined : decoded.args[index];
}

/** What a signer or executor can do about each of the guard's rules. */
export const guardAdvice: Record<string, string> = {
  ManifestGuardNoMatchingStep:
    'No live manifest has this exact transaction as a step: do not sign it. If it should be part of a release, register a manifest with it.',
  ManifestGuardStepOutOfOrder: 'It is a step of the manifest, but not the next one: execute the earlier steps first.',
  ManifestGuardNotApproved: 'The manifest is registered but not approved: approvers must approve it first.',
  ManifestGuardTooEarly: 'The manifest’s window has not opened yet: wait until it is executable.',
  ManifestGuardExpired: 'The manifest’s window has closed: register a new manifest.',
  ManifestGuardNotExecutor:
    'The account that would send execTransaction is not an executor: execute from an executor account.',
  ManifestGuardPhaseGateClosed:
    'The previous phase needs its soak time and a “continue” attestation from an approver before this phase may start.',
  ManifestGuardSoakNotElapsed: 'The previous phase’s soak time has not passed: wait, then attest “continue”.',
  ManifestGuardFrozen:
    'The Safe is frozen: only rollback and emergency steps may run until the freeze ends or is lifted.',
  ManifestGuardManifestHalted: 'A guardian halted this manifest: its rollback is executable instead.',
  ManifestGuardManifestCancelled: 'The manifest was cancelled.',
  ManifestGuardRollbackNotReady:
    'The release’s rollback manifest must be registered and approved, and executable on its own terms, before the release starts.',
  ManifestGuardRollbackNotExecutable:
    'The rollback must be executable on its own terms (its own delay since approval, its notBefore, current approvals) before the release starts: wait, or have approvers approve it again.',
  ManifestGuardRollbackNotArmed:
    'A rollback runs only once the release it belongs to has started: there is nothing to roll back yet.',
  ManifestGuardApprovalsLapsed:
    'Approvals are counted when used: approvers who are approvers now must approve again up to the current threshold.',
  ManifestGuardLaneStale:
    'The guard’s configuration changed since the lane was computed: anyone calls reclassify(manifest) before it can run.',
  ManifestGuardDelegateCallForbidden:
    'A delegatecall runs code as the Safe: only the configured MultiSendCallOnly is allowed. Do not sign.',
  ManifestGuardRefundForbidden:
    'The transaction would pay a gas refund, a path to drain the Safe: set gasPrice 0 and no refund receiver.',
  ManifestGuardWrongChain: 'The manifest was registered for another chain.',
  ManifestGuardTooManyLive:
    'The guard already holds its maximum of approved manifests that can still run: complete, halt or let one expire (expired ones leave by themselves), then approve again.',
};
