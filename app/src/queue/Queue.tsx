import type { Address } from 'viem';

import { confirmQueued } from '../cosign/confirmQueued.js';
import { useExecutor } from '../cosign/hooks/useExecutor.js';
import type { GuardOverview } from '../guard/readGuard.js';
import { useGuardStatus } from '../guard/useGuard.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ActionNotices } from '../ui/ActionNotices.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Short } from '../ui/Hash.js';
import { Progress } from '../ui/Progress.js';
import { useAction } from '../ui/useAsync.js';
import { QueueRow } from './components/QueueRow.js';
import { type LabelledQueueEntry, useLabelledQueue } from './useLabelledQueue.js';

/** The Safe's queue, the same for every owner: each pending transaction labelled by the guard, Inspect on each. */
export default function Queue() {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  if (guard.value.kind !== 'manifest-guard') {
    return (
      <div className="notice notice-warning" data-testid="queue-no-guard">
        <strong>This Safe has no Manifest Guard.</strong> There is no manifest to check its queue against: open Inspect
        for a transaction, or Install the guard first.
      </div>
    );
  }
  return <LabelledQueueView overview={guard.value.overview} />;
}

function LabelledQueueView({ overview }: { overview: GuardOverview }) {
  const connection = useConnection();
  const [executor] = useExecutor(overview);
  const queue = useLabelledQueue(overview, (executor || undefined) as Address | undefined);
  const action = useAction();

  const confirm = (entry: LabelledQueueEntry) =>
    action.run(
      `Confirming nonce ${entry.nonce.toString()}…`,
      async () => {
        await confirmQueued(connection, entry.transaction);
        if (queue.status === 'done') queue.reload();
      },
      `Confirmed nonce ${entry.nonce.toString()}.`,
    );

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Queue</h1>
      <p>
        The Safe’s pending transactions, the same for every owner. Sign only the green ones; red ones match no approved
        step or can never execute. Safe nonce now: {connection.state.nonce.toString()} · threshold{' '}
        {connection.state.threshold}
        {executor && (
          <>
            {' '}
            · checked for executor <Short value={executor} />
          </>
        )}
        .
      </p>
      <ActionNotices action={action} errorTestId="queue-action-error" doneTestId="queue-action-done" />
      {queue.status === 'unavailable' && (
        <div className="notice notice-warning" data-testid="queue-unavailable">
          <strong>The shared queue is not available here.</strong>
          <p>{queue.why}</p>
        </div>
      )}
      {queue.status === 'loading' && <Progress message="Reading the Safe’s queue and asking the guard…" />}
      {queue.status === 'error' && <ErrorNotice error={queue.error} testId="queue-error" />}
      {queue.status === 'done' && (
        <>
          <div className="actions">
            <button type="button" className="secondary" onClick={queue.reload} data-testid="queue-refresh">
              Refresh
            </button>
          </div>
          {queue.entries.length === 0 ? (
            <p data-testid="queue-empty">Nothing is waiting in the Safe’s queue.</p>
          ) : (
            <ul className="manifest-list" data-testid="queue-list">
              {queue.entries.map((entry) => (
                <QueueRow
                  key={entry.safeTxHash}
                  entry={entry}
                  overview={overview}
                  onConfirm={action.busy ? undefined : confirm}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
