import { BaseError as ViemBaseError, ChainMismatchError, HttpRequestError, UserRejectedRequestError } from 'viem';

import { BaseError, decodeGuardError, guardHint } from '../../../shared/src/index.js';

import { appHintContext } from '../guard/hintContext.js';

/** What went wrong and what to do, for people. */
export type ErrorDescription = { title: string; details: string[] };

/**
 * Turns any error the app meets into a title saying what was wrong and lines saying what to do: the project's
 * typed errors keep their own words, a rejected signature, a wrong chain, an unreachable node and a guard
 * rejection (decoded with the guard's ABI, said as a sentence with the signer's local times) get theirs.
 *
 * @example
 * const { title, details } = describeError(error);
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof BaseError) return { title: error.shortMessage, details: [...error.metaMessages] };
  if (error instanceof ViemBaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return {
        title: 'You rejected the request in your wallet.',
        details: ['Nothing was signed or sent. Start the action again when the details look right.'],
      };
    }
    if (error.walk((e) => e instanceof ChainMismatchError)) {
      return {
        title: 'Your wallet is on another chain than the Safe.',
        details: ['Switch the wallet to the Safe’s chain and retry.'],
      };
    }
    const guard = decodeGuardError(error);
    if (guard) {
      const { sentence, rule } = guardHint(guard, appHintContext);
      return {
        title: sentence,
        details: [
          ...(rule === sentence ? [] : [`The guard's rule: ${rule}`]),
          `The guard's error: ${guard.summary}`,
          guardNextStep[guard.errorName]?.(guard.args) ??
            'Open Inspect for the rule it breaks and what would make it pass.',
        ],
      };
    }
    if (error.walk((e) => e instanceof HttpRequestError)) {
      return {
        title: 'The node did not answer.',
        details: [
          'Check that the RPC is up (local desk: `npm start`) and that its URL is right, then retry.',
          error.shortMessage,
        ],
      };
    }
    return { title: error.shortMessage, details: (error.metaMessages ?? []).filter((line) => line.trim()) };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/reject|denied/i.test(message)) {
    return { title: 'The request was rejected.', details: [message, 'Nothing was sent. Try again when ready.'] };
  }
  return { title: message.split('\n')[0]!, details: message.split('\n').slice(1).filter(Boolean) };
}

/** Where in this app a guard refusal is resolved, when that is not Inspect. */
const guardNextStep: Record<string, (args: readonly unknown[]) => string> = {
  // A step held by another live manifest: that manifest is cancelled (its proposer) or halted (a guardian).
  ManifestGuardStepClaimed: ([, claimedBy]) =>
    `If another manifest holds the step, open it on Co-sign & release (#/cosign?manifest=${String(claimedBy)}): its proposer cancels it there while it is only registered, or a guardian halts it; then register again.`,
};
