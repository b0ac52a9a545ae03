import type { Hex } from 'viem';

import { go } from '../../routes.js';
import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { Hash } from '../../ui/Hash.js';

/** The proposed setGuard transaction: its hash, its confirmations and, standalone, confirm and execute. */
export function QueuedSetGuard({
  proposal,
  queued,
  busy,
  onConfirm,
  onExecute,
}: {
  proposal: Hex;
  /** The transaction as the queue holds it; undefined until read, or when the queue does not know it. */
  queued: QueuedTransaction | undefined;
  busy: boolean;
  onConfirm: (tx: QueuedTransaction) => void;
  onExecute: (tx: QueuedTransaction) => void;
}) {
  const { mode, state } = useConnection();
  return (
    <div data-testid="install-proposal">
      <Hash value={proposal} label="safeTxHash" />{' '}
      <button
        type="button"
        className="link"
        onClick={() => go('inspect', { safeTxHash: proposal })}
        data-testid="inspect-set-guard"
      >
        inspect it (what co-signers see)
      </button>
      {queued && (
        <>
          <p data-testid="install-confirmations">
            Confirmations {queued.confirmations.length} of {state.threshold}
          </p>
          {mode === 'standalone' && (
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => onConfirm(queued)}>
                Confirm
              </button>
              <button
                type="button"
                disabled={busy || queued.confirmations.length < state.threshold}
                onClick={() => onExecute(queued)}
              >
                Execute
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
