import { isAddressEqual } from 'viem';

import type { ProposalPlacement } from '../../../../shared/src/index.js';
import type { ManifestEntry } from '../../guard/readGuard.js';
import type { SafeCall } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { QueuedStepMismatchError } from '../errors.js';
import type { Misplaced } from '../placementWords.js';
import type { StepProposal } from '../proposals.js';
import type { ReleaseCursor } from '../releaseCursor.js';

/**
 * Proposes the current phase's steps not proposed yet, one Safe transaction each, at `placement.nonce + i` (the
 * Safe's current nonce, replacing what the guard now rejects) when the shared queue placed them, else after the
 * queue; checks each queued one is exactly its step. Inside Safe{Wallet} the host picks the nonce: the steps it
 * queued elsewhere than placed are passed to `onMisplaced` (an empty list when all landed where they should).
 * Each proposal is recorded (this browser's fallback), then the Safe, the guard and the queue are read again.
 *
 * @throws {QueuedStepMismatchError} (through `action`) when the queue holds another call than the step.
 */
export function useProposePhase({
  entry,
  cursor,
  placement,
  action,
  record,
  refresh,
  onMisplaced,
}: {
  entry: ManifestEntry;
  cursor: ReleaseCursor;
  placement: ProposalPlacement | undefined;
  action: Action;
  record: (proposal: StepProposal) => void;
  refresh: () => Promise<void>;
  onMisplaced: (misplaced: Misplaced[]) => void;
}) {
  const connection = useConnection();
  const { phase, remaining, unproposed } = cursor;
  const where = placement ? ` at nonce ${placement.nonce}` : '';
  return () =>
    action.run(
      `Proposing phase ${phase + 1}${where}…`,
      async (step) => {
        onMisplaced([]);
        const misplaced: Misplaced[] = [];
        for (const [i, item] of unproposed.entries()) {
          const wanted = placement ? placement.nonce + BigInt(i) : undefined;
          step(
            `Proposing phase ${phase + 1}, step ${item.step + 1} of ${remaining.length + entry.state.nextStep}${wanted === undefined ? '' : ` at nonce ${wanted}`}…`,
          );
          const proposal = await connection.propose(item.call, wanted === undefined ? undefined : { nonce: wanted });
          const queued = await connection.queued(proposal.safeTxHash);
          if (queued && !sameCall(queued.call, item.call)) {
            throw new QueuedStepMismatchError(proposal.safeTxHash, item.call, queued.call);
          }
          record({ phase, step: item.step, safeTxHash: proposal.safeTxHash });
          const at = proposal.nonce ?? queued?.nonce;
          if (wanted !== undefined && at !== wanted) misplaced.push({ phase, step: item.step, wanted, queuedAt: at });
        }
        onMisplaced(misplaced);
        await refresh();
        return misplaced;
      },
      (misplaced) =>
        misplaced.length > 0
          ? `Phase ${phase + 1} is in the Safe queue, but not where it can run: see below.`
          : `Phase ${phase + 1} is in the Safe queue${where}: owners confirm it there.`,
    );
}

const sameCall = (a: SafeCall, b: SafeCall) =>
  isAddressEqual(a.to, b.to) &&
  a.value === b.value &&
  a.data.toLowerCase() === b.data.toLowerCase() &&
  a.operation === b.operation;
