import { go } from '../../routes.js';
import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { useConfirmExecute } from '../hooks/useConfirmExecute.js';
import type { QueuedProposal } from '../hooks/useQueuedProposal.js';
import type { StepProposal } from '../proposals.js';

/** A waiting step's buttons: inspect it; standalone, confirm it (an owner) and execute it (when it is next). */
export function ProposalButtons({
  proposal,
  tx,
  status,
  action,
  onChanged,
}: {
  proposal: StepProposal;
  tx: QueuedTransaction;
  status: QueuedProposal;
  action: Action;
  onChanged: () => Promise<void>;
}) {
  const connection = useConnection();
  const { confirm, execute } = useConfirmExecute(action, onChanged);
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={() => go('inspect', { safeTxHash: proposal.safeTxHash })}>
        Inspect
      </button>
      {connection.mode === 'standalone' && status.isOwner && !status.confirmedByMe && (
        <button type="button" disabled={action.busy} data-testid="confirm" onClick={() => confirm(tx)}>
          Confirm
        </button>
      )}
      {connection.mode === 'standalone' && status.isNext && (
        <button
          type="button"
          disabled={action.busy || !status.allowed || !status.enough || !status.meIsExecutor}
          data-testid="execute"
          onClick={() => execute(tx, proposal)}
        >
          Execute
        </button>
      )}
    </div>
  );
}
