import type { Address } from 'viem';

import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { Hash } from '../../ui/Hash.js';
import type { Action } from '../../ui/useAsync.js';
import { useQueuedProposal } from '../hooks/useQueuedProposal.js';
import type { StepProposal } from '../proposals.js';
import { whyNot } from '../whyNot.js';
import { ProposalButtons } from './ProposalButtons.js';

export type ProposalRowProps = {
  proposal: StepProposal;
  overview: GuardOverview;
  entry: ManifestEntry;
  executor: Address;
  action: Action;
  onChanged: () => Promise<void>;
};

/** One proposed step: executed or waiting, nonce, confirmations, the guard's verdict, confirm and execute. */
export function ProposalRow({ proposal, overview, entry, executor, action, onChanged }: ProposalRowProps) {
  const connection = useConnection();
  const { state } = connection;
  const status = useQueuedProposal({ proposal, overview, entry, executor, busy: action.busy });
  const { executed, tx, isNext, verdict } = status;

  return (
    <li
      className="manifest"
      data-testid="proposal"
      data-phase={proposal.phase}
      data-step={proposal.step}
      data-executed={String(executed)}
    >
      <div>
        Phase {proposal.phase + 1}, step {proposal.step + 1} · {executed ? 'executed' : 'waiting'}
        {tx && <> · nonce {tx.nonce.toString()}</>}
      </div>
      <Hash value={proposal.safeTxHash} label="safeTxHash" testId="proposal-hash" />
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
      {verdict && !executed && (
        <div
          className={verdict.allowed ? 'notice notice-ok' : 'notice notice-error'}
          data-testid="proposal-verdict"
          data-allowed={String(verdict.allowed)}
        >
          {verdict.allowed
            ? 'The guard lets it through now.'
            : `The guard would reject it now: ${verdict.words?.sentence}`}
        </div>
      )}
      {!executed && tx && (
        <ProposalButtons proposal={proposal} tx={tx} status={status} action={action} onChanged={onChanged} />
      )}
      {!executed && tx && isNext && (
        <p data-testid="execute-why">
          {whyNot({
            mode: connection.mode,
            enough: status.enough,
            allowed: status.allowed,
            meIsExecutor: status.meIsExecutor,
            have: tx.confirmations.length,
            need: state.threshold,
          })}
        </p>
      )}
    </li>
  );
}
