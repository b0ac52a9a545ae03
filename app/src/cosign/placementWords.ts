import type { ProposalPlacement } from '../../../shared/src/index.js';
import type { LabelledQueueEntry } from '../queue/useLabelledQueue.js';

/** `0x1234…abcd`: a transaction named in a sentence (its full hash is on its row). */
export const shortHash = (hash: string) => `${hash.slice(0, 6)}…${hash.slice(-4)}`;

/** Nonce 3, or nonces 3 to 5. */
const nonces = (first: bigint, count: number) =>
  count <= 1 ? `nonce ${first}` : `nonces ${first} to ${first + BigInt(count - 1)}`;

/**
 * Where proposals go and what they replace, before the button: `Proposes at nonce 3, replacing 0x12…ab: nonce 3
 * holds a step of a halted manifest (REL-42).`
 *
 * @example
 * placementSentence({ nonce: 3n, replaces: [] }, 2); // 'Proposes at nonces 3 to 4.'
 */
export function placementSentence(placement: ProposalPlacement, count: number): string {
  const where = `Proposes at ${nonces(placement.nonce, count)}`;
  if (placement.replaces.length === 0) return `${where}.`;
  const replaced = placement.replaces.map((r) => `${shortHash(r.safeTxHash)}: ${r.why}`).join('; ');
  return `${where}, replacing ${replaced}.`;
}

/**
 * Inside Safe{Wallet}, before proposing: the host picks the nonce (after its queue) unless the signer sets it in its
 * review. When only the first nonce holds what must be replaced, the rest land right after it by themselves;
 * otherwise each review needs its nonce.
 */
export function hostNonceAdvice(placement: ProposalPlacement, count: number): string {
  const first = `In Safe{Wallet}’s review, set the nonce to ${placement.nonce} before you sign: otherwise it queues the transaction after its queue, where it would wait behind what the guard now rejects.`;
  if (count <= 1) return first;
  const later = placement.replaces.some((r) => r.nonce > placement.nonce);
  return later
    ? `${first} Then set the ${nonces(placement.nonce + 1n, count - 1)} in the reviews that follow, one by one.`
    : `${first} The next ${count - 1} follow at ${nonces(placement.nonce + 1n, count - 1)} by themselves.`;
}

/** A proposal Safe{Wallet} queued elsewhere than asked. */
export type Misplaced = { phase: number; step: number; wanted: bigint; queuedAt: bigint | undefined };

/**
 * After proposing inside Safe{Wallet}: where a step landed if not where it should (never "ready"):
 * `Step 1 was queued at nonce 4 behind nonce 3, which can never execute: replace it …`.
 */
export function misplacedSentence(
  misplaced: Misplaced,
  placement: ProposalPlacement,
  entries: readonly LabelledQueueEntry[] | undefined,
): string {
  const step = `Phase ${misplaced.phase + 1}, step ${misplaced.step + 1}`;
  const fix = `propose it again and set the nonce to ${misplaced.wanted} in Safe{Wallet}’s review`;
  if (misplaced.queuedAt === undefined)
    return `${step}: Safe{Wallet} did not say which nonce it queued it at. Check its queue: it must be at nonce ${misplaced.wanted}; if not, ${fix}.`;
  const blocked =
    placement.replaces.some((r) => r.nonce === misplaced.wanted) ||
    (entries !== undefined && !entries.some((e) => e.nonce === misplaced.wanted && e.label === 'step'));
  if (misplaced.queuedAt > misplaced.wanted && blocked)
    return `${step} was queued at nonce ${misplaced.queuedAt} behind nonce ${misplaced.wanted}, which can never execute: replace it: ${fix}.`;
  return `${step} was queued at nonce ${misplaced.queuedAt}, not ${misplaced.wanted}: it will not run where the release needs it; ${fix}.`;
}
