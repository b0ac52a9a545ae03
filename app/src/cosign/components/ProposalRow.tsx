import type { Address } from 'viem';

import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import type { LabelledQueueEntry } from '../../queue/useLabelledQueue.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { Hash } from '../../ui/Hash.js';
import type { Action } from '../../ui/useAsync.js';
import { useQueuedProposal } from '../hooks/useQueuedProposal.js';
import type { QueuedStep } from '../queuedSteps.js';
import { readySentence } from '../readiness.js';
import { CompetingNotice } from './CompetingNotice.js';
import { ProposalButtons } from './ProposalButtons.js';

export type ProposalRowProps = {
  step: QueuedStep;
  /** The whole shared queue, when the app reads it. */
  entries: readonly LabelledQueueEntry[] | undefined;
  overview: GuardOverview;
  entry: ManifestEntry;
  executor: Address;
  action: Action;
  onChanged: () => Promise<void>;
};

/**
 * One queued step: executed or waiting, nonce, confirmations, what the queue and the guard say of it, confirm and
 * execute. "Ready" and "the guard lets it through now" only when it can execute now; otherwise why not.
 */
export function ProposalRow({ step, entries, overview, entry, executor, action, onChanged }: ProposalRowProps) {
  const connection = useConnection();
  const { state } = connection;
  const status = useQueuedProposal({ step, entries, overview, entry, executor, busy: action.busy });
  const { executed, tx, verdict, readiness } = status;
  const label = step.entry?.label;
  const ready = readiness?.ready === true;
  // A step queued behind others is rejected now by construction (out of order): its row says which nonce comes
  // first instead; the guard's refusal is shown for the transaction the Safe would execute next.
  const atSafeNonce = !!tx && tx.nonce === state.nonce;

  return (
    <li
      className="manifest"
      data-testid="proposal"
      data-phase={step.phase}
      data-step={step.step}
      data-executed={String(executed)}
      data-label={label}
      data-ready={String(ready)}
      data-nonce={tx?.nonce.toString()}
    >
      <div>
        Phase {step.phase + 1}, step {step.step + 1} · {executed ? 'executed' : label === 'dead' ? 'dead' : 'waiting'}
        {tx && <> · nonce {tx.nonce.toString()}</>}
      </div>
      <Hash value={step.safeTxHash} label="safeTxHash" testId="proposal-hash" />
      {tx && (
        <div data-testid="proposal-confirmations" data-count={tx.confirmations.length}>
          Confirmations {tx.confirmations.length} of {state.threshold}
        </div>
      )}
      {status.read && !tx && !executed && (
        <p className="field-error">The queue no longer knows this transaction: propose the step again.</p>
      )}
      {status.nonceTaken && (
        <div className="notice notice-error" data-testid="nonce-taken">
          <strong>Nonce {tx!.nonce.toString()} was used by another transaction.</strong>
          <p>This proposal can never execute. Propose the step again with the Safe’s current nonce.</p>
        </div>
      )}
      {!executed && label === 'dead' && (
        <div className="notice notice-error" data-testid="proposal-dead">
          {step.entry!.why}
        </div>
      )}
      {!executed && step.entry && entries && label !== 'dead' && (
        <CompetingNotice entry={step.entry} entries={entries} />
      )}
      {verdict && !executed && label !== 'dead' && (ready || (!verdict.allowed && atSafeNonce)) && (
        <div
          className={ready ? 'notice notice-ok' : 'notice notice-error'}
          data-testid="proposal-verdict"
          data-allowed={String(ready)}
        >
          {ready ? 'The guard lets it through now.' : `The guard would reject it now: ${verdict.words?.sentence}`}
        </div>
      )}
      {!executed && tx && (
        <ProposalButtons
          step={step}
          tx={tx}
          status={status}
          action={action}
          onChanged={onChanged}
          executeWhy={
            readiness &&
            label !== 'dead' && (
              <span data-testid="execute-why" data-ready={String(ready)}>
                {ready ? readySentence(connection.mode, status.meIsExecutor) : readiness.why}
              </span>
            )
          }
        />
      )}
    </li>
  );
}
