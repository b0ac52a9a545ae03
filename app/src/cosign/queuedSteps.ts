import type { Hex } from 'viem';

import type { LabelledQueue, LabelledQueueEntry } from '../queue/useLabelledQueue.js';
import type { StepProposal } from './proposals.js';

/** A step of the manifest in the Safe's queue, with the shared queue's labelled entry when the app reads it. */
export type QueuedStep = StepProposal & { entry: LabelledQueueEntry | undefined };

/**
 * The manifest's steps in the Safe's queue, as every owner sees them.
 * - `queue`: the shared queue's entries the guard places at a step of this manifest (`position`), any label;
 * - `browser`: the queue cannot be read here (`unavailable`), so the proposals made from this browser stand in;
 * - `unknown`: the shared queue is still loading or could not be read (`why`): nothing counts as proposed yet.
 */
export type ManifestQueue =
  | { source: 'queue'; steps: QueuedStep[]; entries: LabelledQueueEntry[] }
  | { source: 'browser'; steps: QueuedStep[]; why: string }
  | { source: 'unknown'; steps: QueuedStep[]; error: unknown };

/**
 * The manifest's queued steps from the labelled shared queue; this browser's records only when the queue is
 * unavailable.
 *
 * @example
 * const mine = manifestQueue(useLabelledQueue(overview, executor), entry.id, loadProposals(entry.id));
 */
export function manifestQueue(queue: LabelledQueue, manifestId: Hex, local: readonly StepProposal[]): ManifestQueue {
  if (queue.status === 'unavailable')
    return { source: 'browser', steps: local.map((p) => ({ ...p, entry: undefined })), why: queue.why };
  if (queue.status !== 'done')
    return { source: 'unknown', steps: [], error: queue.status === 'error' ? queue.error : undefined };
  const id = manifestId.toLowerCase();
  const steps = queue.entries
    .filter((entry) => entry.position?.manifestId.toLowerCase() === id)
    .map((entry) => ({
      phase: entry.position!.phase,
      step: entry.position!.step,
      safeTxHash: entry.safeTxHash,
      entry,
    }));
  return { source: 'queue', steps, entries: queue.entries };
}

/**
 * The first nonce from the Safe's up to `nonce` (excluded) that no live step holds: whatever waits there can never
 * execute (or nothing waits there), so every transaction after it waits for ever. `undefined` when each nonce before
 * `nonce` holds a live step (the queue runs in order).
 */
export function blockingNonce(
  entries: readonly LabelledQueueEntry[],
  safeNonce: bigint,
  nonce: bigint,
): { nonce: bigint; held: LabelledQueueEntry[] } | undefined {
  for (let n = safeNonce; n < nonce; n++) {
    const at = entries.filter((entry) => entry.nonce === n);
    if (!at.some((entry) => entry.label === 'step')) return { nonce: n, held: at };
  }
  return undefined;
}

/**
 * The steps that count as proposed: from the shared queue, a live `step` entry that is not stuck behind a nonce
 * that can never execute (such a step must be proposed again where it can run); from this browser, every record.
 */
export function proposedSteps(queue: ManifestQueue, safeNonce: bigint): StepProposal[] {
  if (queue.source !== 'queue') return queue.steps;
  return queue.steps.filter(
    ({ entry }) =>
      entry!.label === 'step' && entry!.nonce >= safeNonce && !blockingNonce(queue.entries, safeNonce, entry!.nonce),
  );
}
