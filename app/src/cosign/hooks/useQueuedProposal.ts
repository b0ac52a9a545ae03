import type { Address } from 'viem';
import { isAddressEqual } from 'viem';

import { ManifestStatus } from '../../../../shared/src/index.js';
import { explain, guardWords } from '../../guard/explain.js';
import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import type { LabelledQueueEntry } from '../../queue/useLabelledQueue.js';
import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';
import { walletAddress } from '../guardWrite.js';
import type { QueuedStep } from '../queuedSteps.js';
import { type Readiness, entryReadiness, factsReadiness } from '../readiness.js';

/**
 * A queued step as the queue and the guard see it: executed or waiting (from the guard's cursor), the queued
 * transaction, its confirmations against the threshold, and whether it can execute now (`readiness`). From the
 * shared queue (`step.entry`), readiness is the labeller's (`LabelledEntry.ready`, else why not); from this
 * browser's records, the queue is read by hash and readiness needs all three facts (the Safe's nonce, the threshold,
 * `explainTransaction` for the executor).
 */
export function useQueuedProposal({
  step,
  entries,
  overview,
  entry,
  executor,
  busy,
}: {
  step: QueuedStep;
  /** The whole shared queue (to say which nonce comes first), when the app reads it. */
  entries: readonly LabelledQueueEntry[] | undefined;
  overview: GuardOverview;
  entry: ManifestEntry;
  executor: Address;
  busy: boolean;
}) {
  const connection = useConnection();
  const { state } = connection;
  const cursor = entry.state;
  const shared = step.entry;
  // Where the guard's cursor stands: steps before it have executed.
  const executed =
    cursor.status === ManifestStatus.Completed ||
    step.phase < cursor.nextPhase ||
    (step.phase === cursor.nextPhase && step.step < cursor.nextStep);
  const queued = useAsync(
    () => (shared ? Promise.resolve(shared.transaction) : connection.queued(step.safeTxHash)),
    [step.safeTxHash, shared, state.nonce, cursor.nextStep, busy],
  );
  const tx: QueuedTransaction | undefined = queued.status === 'done' ? queued.value : undefined;
  const isNext = step.phase === cursor.nextPhase && step.step === cursor.nextStep;
  const explained = useAsync(
    () =>
      !shared && tx && isNext && !executed
        ? explain(connection.client, overview.guard, tx.call, executor)
        : Promise.resolve(undefined),
    [shared, tx?.safeTxHash, isNext, executed, executor, cursor.reason, overview.now],
  );
  const facts = explained.status === 'done' ? explained.value : undefined;
  const verdict = shared
    ? { allowed: shared.verdict.allowed, words: guardWords(shared.verdict.reason) }
    : facts && { allowed: facts.allowed, words: facts.words };
  const readiness: Readiness | undefined = executed
    ? undefined
    : shared && entries
      ? entryReadiness(shared, entries, state.nonce, state.threshold)
      : tx && isNext
        ? factsReadiness({
            nonce: tx.nonce,
            safeNonce: state.nonce,
            have: tx.confirmations.length,
            need: state.threshold,
            verdict: facts && { allowed: facts.allowed, sentence: facts.words?.sentence },
          })
        : undefined;
  const me = walletAddress(connection.wallet);
  return {
    executed,
    /** The queue answered, `tx` or not. */
    read: queued.status === 'done',
    tx,
    isNext,
    /** The guard's verdict on it for the executor now (shared queue: every entry; else the next step only). */
    verdict,
    readiness,
    isOwner: !!me && state.owners.some((owner) => isAddressEqual(owner, me)),
    confirmedByMe: !!me && !!tx?.confirmations.some((c) => isAddressEqual(c.owner, me)),
    nonceTaken: !!tx && !executed && tx.nonce < state.nonce,
    meIsExecutor: !!me && isAddressEqual(me, executor),
  };
}

/** A queued step as `useQueuedProposal` reads it. */
export type QueuedProposal = ReturnType<typeof useQueuedProposal>;
