import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { confirmQueued } from '../confirmQueued.js';
import { executeQueued } from '../executeQueued.js';
import type { StepProposal } from '../proposals.js';

/** Standalone: confirm a queued step (an owner) or execute it (the executor) as `action` runs, then `onChanged`. */
export function useConfirmExecute(action: Action, onChanged: () => Promise<void>) {
  const connection = useConnection();
  const confirm = (tx: QueuedTransaction) =>
    action.run(
      'Confirming…',
      async () => {
        await confirmQueued(connection, tx);
        await onChanged();
      },
      'Confirmed.',
    );
  const execute = (tx: QueuedTransaction, proposal: StepProposal) =>
    action.run(
      'Executing through the Safe…',
      async () => {
        await executeQueued(connection, tx);
        await onChanged();
      },
      `Phase ${proposal.phase + 1}, step ${proposal.step + 1} executed.`,
    );
  return { confirm, execute };
}
