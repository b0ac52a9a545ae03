import { parseEventLogs, type TransactionReceipt } from 'viem';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { localTime } from '../ui/localTime.js';

/**
 * A lift-freeze vote as the guard counted it (its `FreezeLiftVoted` and `FreezeLifted` events).
 *
 * @example
 * liftOutcome(receipt); // "Vote 1 of 2 counted: the freeze holds until 2 current approvers have voted."
 */
export function liftOutcome(receipt: TransactionReceipt): string {
  const events = parseEventLogs({ abi: manifestGuardAbi, logs: receipt.logs });
  if (events.some((event) => event.eventName === 'FreezeLifted')) return 'The freeze is lifted.';
  const vote = events.find((event) => event.eventName === 'FreezeLiftVoted');
  if (!vote) return '';
  return `Vote ${vote.args.votes} of ${vote.args.required} counted: the freeze holds until ${vote.args.required} current approvers have voted.`;
}

/**
 * A reinstate vote as the guard counted it (its `ReinstateVoted` and `ManifestReinstated` events).
 *
 * @example
 * reinstateOutcome(receipt); // "Vote 1 of 2 counted: it stays halted until 2 current approvers have voted."
 */
export function reinstateOutcome(receipt: TransactionReceipt): string {
  const events = parseEventLogs({ abi: manifestGuardAbi, logs: receipt.logs });
  const reinstated = events.find((event) => event.eventName === 'ManifestReinstated');
  if (reinstated)
    return reinstated.args.executableFrom > 0n
      ? `It is reinstated, executable from ${localTime(reinstated.args.executableFrom)}.`
      : 'It is reinstated.';
  const vote = events.find((event) => event.eventName === 'ReinstateVoted');
  if (!vote) return '';
  return `Vote ${vote.args.votes} of ${vote.args.required} counted: it stays halted until ${vote.args.required} current approvers have voted.`;
}

/**
 * A freeze as the guard set it (its `Frozen` event): until when, in the signer's local time.
 *
 * @example
 * freezeOutcome(receipt); // "Frozen until 3 Dec 2026, 21:05:12."
 */
export function freezeOutcome(receipt: TransactionReceipt): string {
  const frozen = parseEventLogs({ abi: manifestGuardAbi, logs: receipt.logs }).find(
    (event) => event.eventName === 'Frozen',
  );
  return frozen ? `Frozen until ${localTime(frozen.args.frozenUntil)}.` : '';
}
