import type { Address } from 'viem';
import { isAddressEqual } from 'viem';

import { ManifestStatus } from '../../../../shared/src/index.js';
import { explain } from '../../guard/explain.js';
import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';
import { walletAddress } from '../guardWrite.js';
import type { StepProposal } from '../proposals.js';

/**
 * A proposed step as the queue and the guard see it: executed or waiting (from the guard's cursor), the queued
 * transaction (read again when the nonce, the cursor or `busy` changes), its confirmations against the threshold, a
 * nonce taken by another transaction, and the guard's verdict when it is the next step.
 */
export function useQueuedProposal({
  proposal,
  overview,
  entry,
  executor,
  busy,
}: {
  proposal: StepProposal;
  overview: GuardOverview;
  entry: ManifestEntry;
  executor: Address;
  busy: boolean;
}) {
  const connection = useConnection();
  const { state } = connection;
  const cursor = entry.state;
  // Where the guard's cursor stands: steps before it have executed.
  const executed =
    cursor.status === ManifestStatus.Completed ||
    proposal.phase < cursor.nextPhase ||
    (proposal.phase === cursor.nextPhase && proposal.step < cursor.nextStep);
  const queued = useAsync(
    () => connection.queued(proposal.safeTxHash),
    [proposal.safeTxHash, state.nonce, cursor.nextStep, busy],
  );
  const tx: QueuedTransaction | undefined = queued.status === 'done' ? queued.value : undefined;
  const isNext = proposal.phase === cursor.nextPhase && proposal.step === cursor.nextStep;
  const verdict = useAsync(
    () =>
      tx && isNext && !executed
        ? explain(connection.client, overview.guard, tx.call, executor)
        : Promise.resolve(undefined),
    [tx?.safeTxHash, isNext, executed, executor, cursor.reason, overview.now],
  );
  const me = walletAddress(connection.wallet);
  return {
    executed,
    /** The queue answered, `tx` or not. */
    read: queued.status === 'done',
    tx,
    isNext,
    verdict: verdict.status === 'done' ? verdict.value : undefined,
    isOwner: !!me && state.owners.some((owner) => isAddressEqual(owner, me)),
    confirmedByMe: !!me && !!tx?.confirmations.some((c) => isAddressEqual(c.owner, me)),
    enough: !!tx && tx.confirmations.length >= state.threshold,
    nonceTaken: !!tx && !executed && tx.nonce < state.nonce,
    allowed: verdict.status === 'done' && verdict.value?.allowed === true,
    meIsExecutor: !!me && isAddressEqual(me, executor),
  };
}

/** A proposed step as `useQueuedProposal` reads it. */
export type QueuedProposal = ReturnType<typeof useQueuedProposal>;
