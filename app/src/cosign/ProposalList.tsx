import type { Address } from 'viem';
import { isAddressEqual } from 'viem';

import { ManifestStatus } from '../../../shared/src/index.js';
import { explain } from '../guard/explain.js';
import type { GuardOverview, ManifestEntry } from '../guard/readGuard.js';
import { go } from '../routes.js';
import type { QueuedTransaction } from '../safe/connection.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { Hash } from '../ui/Hash.js';
import { useAsync, type useAction } from '../ui/useAsync.js';
import { confirmQueued } from './confirmQueued.js';
import { executeQueued } from './executeQueued.js';
import { walletAddress } from './guardWrite.js';
import type { StepProposal } from './proposals.js';

type Props = {
  overview: GuardOverview;
  entry: ManifestEntry;
  proposals: StepProposal[];
  executor: Address;
  action: ReturnType<typeof useAction>;
  onChanged: () => Promise<void>;
};

/** The manifest's steps in the Safe queue: confirmations against the threshold, nonce, execute or why not. */
export function ProposalList(props: Props) {
  if (props.proposals.length === 0) return null;
  return (
    <div className="card" data-testid="proposals">
      <h2>In the Safe queue</h2>
      <ul className="manifest-list">
        {props.proposals.map((proposal) => (
          <ProposalRow key={proposal.safeTxHash} proposal={proposal} {...props} />
        ))}
      </ul>
    </div>
  );
}

function ProposalRow({ proposal, overview, entry, executor, action, onChanged }: Props & { proposal: StepProposal }) {
  const connection = useConnection();
  const { state } = connection;
  const cursor = entry.state;
  // Where the guard's cursor stands: steps before it have executed.
  const executed =
    cursor.status === ManifestStatus.Completed ||
    proposal.phase < cursor.nextPhase ||
    (proposal.phase === cursor.nextPhase && proposal.step < cursor.nextStep);
  const queued = useAsync(
    () => connection.queued(proposal.safeTxHash),
    [proposal.safeTxHash, state.nonce, cursor.nextStep, action.busy],
  );
  const tx: QueuedTransaction | undefined = queued.status === 'done' ? queued.value : undefined;
  const isNext = proposal.phase === cursor.nextPhase && proposal.step === cursor.nextStep;
  const verdict = useAsync(
    () =>
      tx && isNext && !executed
        ? explain(connection.client, overview.guard, tx.call, executor)
        : Promise.resolve(undefined),
    [tx?.safeTxHash, isNext, executed, executor, cursor.reason, overview.now],
  );
  const me = walletAddress(connection.wallet);
  const isOwner = !!me && state.owners.some((owner) => isAddressEqual(owner, me));
  const confirmedByMe = !!me && !!tx?.confirmations.some((c) => isAddressEqual(c.owner, me));
  const enough = !!tx && tx.confirmations.length >= state.threshold;
  const nonceTaken = !!tx && !executed && tx.nonce < state.nonce;
  const allowed = verdict.status === 'done' && verdict.value?.allowed === true;
  const meIsExecutor = !!me && isAddressEqual(me, executor);

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
      {queued.status === 'done' && !tx && !executed && (
        <p className="field-error">The queue no longer knows this transaction: propose the step again.</p>
      )}
      {nonceTaken && (
        <div className="notice notice-error" data-testid="nonce-taken">
          <strong>Nonce {tx!.nonce.toString()} was used by another transaction.</strong>
          <p>This proposal can never execute. Propose the step again with the Safe’s current nonce.</p>
        </div>
      )}
      {verdict.status === 'done' && verdict.value && !executed && (
        <div
          className={verdict.value.allowed ? 'notice notice-ok' : 'notice notice-error'}
          data-testid="proposal-verdict"
          data-allowed={String(verdict.value.allowed)}
        >
          {verdict.value.allowed
            ? 'The guard lets it through now.'
            : `The guard would reject it now: ${verdict.value.words?.sentence}`}
        </div>
      )}
      {!executed && tx && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => go('inspect', { safeTxHash: proposal.safeTxHash })}
          >
            Inspect
          </button>
          {connection.mode === 'standalone' && isOwner && !confirmedByMe && (
            <button
              type="button"
              disabled={action.busy}
              data-testid="confirm"
              onClick={() =>
                action.run(
                  'Confirming…',
                  async () => {
                    await confirmQueued(connection, tx);
                    await onChanged();
                  },
                  'Confirmed.',
                )
              }
            >
              Confirm
            </button>
          )}
          {connection.mode === 'standalone' && isNext && (
            <button
              type="button"
              disabled={action.busy || !allowed || !enough || !meIsExecutor}
              data-testid="execute"
              onClick={() =>
                action.run(
                  'Executing through the Safe…',
                  async () => {
                    await executeQueued(connection, tx);
                    await onChanged();
                  },
                  `Phase ${proposal.phase + 1}, step ${proposal.step + 1} executed.`,
                )
              }
            >
              Execute
            </button>
          )}
        </div>
      )}
      {!executed && tx && isNext && (
        <p data-testid="execute-why">
          {whyNot({
            mode: connection.mode,
            enough,
            allowed,
            meIsExecutor,
            have: tx.confirmations.length,
            need: state.threshold,
          })}
        </p>
      )}
    </li>
  );
}

function whyNot(args: {
  mode: 'safe-app' | 'standalone';
  enough: boolean;
  allowed: boolean;
  meIsExecutor: boolean;
  have: number;
  need: number;
}): string {
  if (!args.enough)
    return `Needs ${args.need - args.have} more owner confirmation${args.need - args.have === 1 ? '' : 's'} before it can execute.`;
  if (!args.allowed) return 'Confirmed, but the guard would reject it now (see above).';
  if (args.mode === 'safe-app') return 'Ready: an executor account executes it from the Safe{Wallet} queue.';
  if (!args.meIsExecutor) return 'Ready: connect the executor’s account to execute it.';
  return 'Ready to execute.';
}
