import type { LabelledEntry, ProposalPlacement } from './queueLabels.js';

export type PlaceProposalsReturnType = ProposalPlacement;

/**
 * Where `count` new proposals go in the Safe's queue: at the first nonce from `safeNonce` up that no live entry
 * (label `step`) holds, one after another from there; and which queued transactions at those nonces they replace
 * (labels `dead` and `nothing`: the guard will never let them run, or they match no step), each with its `why`.
 * After a halt, the rollback goes at the nonce of the halted release's dead step and replaces it. Pure.
 *
 * @example
 * const { nonce, replaces } = placeProposals(await labelQueue(parameters), safeNonce, rollback.steps.length);
 * // nonce 3n, replaces [{ nonce: 3n, safeTxHash, why: 'nonce 3 holds a step of a halted manifest (REL-42)' }]
 */
export function placeProposals(
  labelled: readonly LabelledEntry[],
  safeNonce: bigint,
  count: number,
): PlaceProposalsReturnType {
  const live = new Set(labelled.filter((entry) => entry.label === 'step').map((entry) => entry.nonce));
  let nonce = safeNonce;
  while (live.has(nonce)) nonce++;
  const end = nonce + BigInt(Math.max(0, count));
  const replaces = labelled
    .filter((entry) => entry.label !== 'step' && entry.nonce >= nonce && entry.nonce < end)
    .sort((a, b) => (a.nonce === b.nonce ? a.safeTxHash.localeCompare(b.safeTxHash) : a.nonce < b.nonce ? -1 : 1))
    .map(({ nonce, safeTxHash, why }) => ({ nonce, safeTxHash, why }));
  return { nonce, replaces };
}
