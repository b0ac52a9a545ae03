import { guardWords } from '../guard/explain.js';
import type { LabelledQueueEntry } from '../queue/useLabelledQueue.js';
import { shortHash } from './placementWords.js';
import { blockingNonce } from './queuedSteps.js';

/** Whether a queued step can execute now, and if not why, in one sentence. */
export type Readiness = { ready: boolean; why: string };

const more = (have: number, need: number) =>
  `Needs ${need - have} more owner confirmation${need - have === 1 ? '' : 's'} before it can execute.`;

const rejected = (sentence: string | undefined) =>
  `The guard would reject it now: ${sentence ?? 'it does not say why.'}`;

/**
 * A step of the shared queue: ready only when the labeller says so (`LabelledEntry.ready`: its nonce is the Safe's,
 * the threshold's confirmations, the guard lets the executor run it now); otherwise the first thing in the way.
 *
 * @example
 * entryReadiness(entry, entries, 3n, 2); // { ready: false, why: 'nonce 3 comes first: …' }
 */
export function entryReadiness(
  entry: LabelledQueueEntry,
  entries: readonly LabelledQueueEntry[],
  safeNonce: bigint,
  threshold: number,
): Readiness {
  if (entry.ready) return { ready: true, why: 'Ready.' };
  if (entry.label !== 'step') return { ready: false, why: sentence(entry.why) };
  if (entry.nonce > safeNonce) {
    const blocked = blockingNonce(entries, safeNonce, entry.nonce);
    if (blocked) {
      const held = blocked.held.map((e) => `${shortHash(e.safeTxHash)} (${e.why})`).join(', ');
      return {
        ready: false,
        why: held
          ? `Nonce ${blocked.nonce} comes first: it holds ${held}, which can never execute: replace it by proposing this step again at nonce ${blocked.nonce}.`
          : `Nonce ${blocked.nonce} comes first and nothing waits there: propose this step again at nonce ${blocked.nonce}.`,
      };
    }
    return { ready: false, why: `Nonce ${safeNonce} comes first: this one waits for the transactions before it.` };
  }
  if (entry.confirmations < threshold) return { ready: false, why: more(entry.confirmations, threshold) };
  if (!entry.verdict.allowed) return { ready: false, why: rejected(guardWords(entry.verdict.reason)?.sentence) };
  return { ready: false, why: sentence(entry.why) };
}

/**
 * Without the shared queue (this browser's records): ready only from all three facts, the nonce is the Safe's, the
 * threshold's confirmations, and the guard lets the executor run it now (`explainTransaction`).
 */
export function factsReadiness(facts: {
  nonce: bigint;
  safeNonce: bigint;
  have: number;
  need: number;
  /** The guard's verdict for the executor now; `undefined` while it is read. */
  verdict: { allowed: boolean; sentence: string | undefined } | undefined;
}): Readiness {
  if (facts.nonce > facts.safeNonce)
    return {
      ready: false,
      why: `Nonce ${facts.safeNonce} comes first: this one waits for the transactions before it.`,
    };
  if (facts.nonce < facts.safeNonce)
    return { ready: false, why: `Nonce ${facts.nonce} was used by another transaction: this one can never execute.` };
  if (facts.have < facts.need) return { ready: false, why: more(facts.have, facts.need) };
  if (!facts.verdict) return { ready: false, why: 'Asking the guard…' };
  if (!facts.verdict.allowed) return { ready: false, why: rejected(facts.verdict.sentence) };
  return { ready: true, why: 'Ready.' };
}

/** Who executes a ready step, from here. */
export function readySentence(mode: 'safe-app' | 'standalone', meIsExecutor: boolean): string {
  if (mode === 'safe-app') return 'Ready: an executor account executes it from the Safe{Wallet} queue.';
  if (!meIsExecutor) return 'Ready: connect the executor’s account to execute it.';
  return 'Ready to execute.';
}

/** A sentence starts with a capital and ends with a full stop (the labeller's `why` is a clause). */
const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};
