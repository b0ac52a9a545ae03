import { isAddressEqual } from 'viem';

import type { ManifestEntry } from '../../guard/readGuard.js';
import type { SafeCall } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { QueuedStepMismatchError } from '../errors.js';
import type { StepProposal } from '../proposals.js';
import type { ReleaseCursor } from '../releaseCursor.js';

/**
 * Proposes the current phase's steps not proposed yet, one Safe transaction each, and checks each queued one is
 * exactly its step; each proposal is recorded, then the Safe and the guard are read again.
 *
 * @throws {QueuedStepMismatchError} (through `action`) when the queue holds another call than the step.
 */
export function useProposePhase({
  entry,
  cursor,
  action,
  record,
  refresh,
}: {
  entry: ManifestEntry;
  cursor: ReleaseCursor;
  action: Action;
  record: (proposal: StepProposal) => void;
  refresh: () => Promise<void>;
}) {
  const connection = useConnection();
  const { phase, remaining, unproposed } = cursor;
  return () =>
    action.run(
      `Proposing phase ${phase + 1}…`,
      async (step) => {
        for (const item of unproposed) {
          step(`Proposing phase ${phase + 1}, step ${item.step + 1} of ${remaining.length + entry.state.nextStep}…`);
          const { safeTxHash } = await connection.propose(item.call);
          const queued = await connection.queued(safeTxHash);
          if (queued && !sameCall(queued.call, item.call)) {
            throw new QueuedStepMismatchError(safeTxHash, item.call, queued.call);
          }
          record({ phase, step: item.step, safeTxHash });
        }
        await refresh();
      },
      `Phase ${phase + 1} is in the Safe queue: owners confirm it there.`,
    );
}

const sameCall = (a: SafeCall, b: SafeCall) =>
  isAddressEqual(a.to, b.to) &&
  a.value === b.value &&
  a.data.toLowerCase() === b.data.toLowerCase() &&
  a.operation === b.operation;
