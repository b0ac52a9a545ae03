import type { ReactNode } from 'react';

import { go } from '../../routes.js';
import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { useConfirmExecute } from '../hooks/useConfirmExecute.js';
import type { QueuedProposal } from '../hooks/useQueuedProposal.js';
import type { QueuedStep } from '../queuedSteps.js';

/**
 * A waiting step's buttons: inspect it; standalone, confirm it (an owner) and execute it, enabled only when it is
 * ready and the connected account is the executor, with the reason beside it (`executeWhy`).
 */
export function ProposalButtons({
  step,
  tx,
  status,
  action,
  onChanged,
  executeWhy,
}: {
  step: QueuedStep;
  tx: QueuedTransaction;
  status: QueuedProposal;
  action: Action;
  onChanged: () => Promise<void>;
  /** Why it can or cannot execute now, shown beside Execute. */
  executeWhy: ReactNode;
}) {
  const connection = useConnection();
  const { confirm, execute } = useConfirmExecute(action, onChanged);
  // A step the guard will never let run (or whose nonce was used) is not offered to confirm or execute.
  const dead = status.nonceTaken || step.entry?.label === 'dead';
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={() => go('inspect', { safeTxHash: step.safeTxHash })}>
        Inspect
      </button>
      {connection.mode === 'standalone' && status.isOwner && !status.confirmedByMe && !dead && (
        <button type="button" disabled={action.busy} data-testid="confirm" onClick={() => confirm(tx)}>
          Confirm
        </button>
      )}
      {connection.mode === 'standalone' && !dead && status.readiness !== undefined && (
        <button
          type="button"
          disabled={action.busy || status.readiness?.ready !== true || !status.meIsExecutor}
          data-testid="execute"
          onClick={() => execute(tx, step)}
        >
          Execute
        </button>
      )}
      {executeWhy}
    </div>
  );
}
