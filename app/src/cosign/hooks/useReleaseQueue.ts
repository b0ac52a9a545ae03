import { useState } from 'react';
import type { Address, Hex } from 'viem';

import type { GuardOverview } from '../../guard/readGuard.js';
import { useLabelledQueue } from '../../queue/useLabelledQueue.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { type ManifestQueue, manifestQueue, proposedSteps } from '../queuedSteps.js';
import type { StepProposal } from '../proposals.js';
import { useProposals } from './useProposals.js';

/**
 * A manifest's place in the Safe's shared queue (`useLabelledQueue`, the same for every owner): its queued steps,
 * the steps that count as proposed, `record` for a proposal made here (this browser's fallback, used only when the
 * shared queue is unavailable) and `reload` after a proposal or a confirmation (neither mines a block).
 *
 * @example
 * const { queue, proposed, record, reload } = useReleaseQueue(overview, entry.id, executor);
 */
export function useReleaseQueue(overview: GuardOverview, manifestId: Hex, executor: Address) {
  const connection = useConnection();
  const labelled = useLabelledQueue(overview, executor);
  const [local, save] = useProposals(manifestId);
  // Proposed here since this page opened, until the shared queue has been read with them (no second proposal).
  const [fresh, setFresh] = useState<StepProposal[]>([]);
  const record = (proposal: StepProposal) => {
    save(proposal);
    setFresh((list) => [...list, proposal]);
  };
  const queue: ManifestQueue = manifestQueue(labelled, manifestId, local);
  const seen = new Set(queue.source === 'queue' ? queue.entries.map((e) => e.safeTxHash.toLowerCase()) : []);
  const proposed = [
    ...proposedSteps(queue, connection.state.nonce),
    ...(queue.source === 'browser' ? [] : fresh.filter((p) => !seen.has(p.safeTxHash.toLowerCase()))),
  ];
  const reload = () => {
    if (labelled.status === 'done') labelled.reload();
  };
  return { queue, proposed, record, reload };
}
