import { isAddressEqual } from 'viem';

import { decodeSafeTransaction } from '../../../../shared/src/index.js';
import { walletAddress } from '../../cosign/guardWrite.js';
import { guardWords } from '../../guard/explain.js';
import type { GuardOverview } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { Hash } from '../../ui/Hash.js';
import type { LabelledQueueEntry } from '../useLabelledQueue.js';
import { FieldDiff } from './FieldDiff.js';
import { QueueLabel, stepName } from './QueueLabel.js';

export type QueueRowProps = {
  entry: LabelledQueueEntry;
  overview: GuardOverview;
  /** Standalone: confirm this transaction as the signed-in owner; `undefined` while another action runs. */
  onConfirm: ((entry: LabelledQueueEntry) => void) | undefined;
};

/**
 * One pending Safe transaction: nonce, label (step, matches nothing, dead), competing transactions, what it does,
 * confirmations, the nearest approved step and the fields that differ when it matches nothing, Inspect, Confirm.
 */
export function QueueRow({ entry, overview, onConfirm }: QueueRowProps) {
  const connection = useConnection();
  const { state } = connection;
  const me = walletAddress(connection.wallet);
  const isOwner = me !== undefined && state.owners.some((owner) => isAddressEqual(owner, me));
  const confirmedByMe =
    me !== undefined && entry.transaction.confirmations.some((confirmation) => isAddressEqual(confirmation.owner, me));
  const doNotSign = entry.label !== 'step';
  const summary = decodeSafeTransaction({
    ...entry.call,
    safe: state.safe,
    guard: overview.guard,
    multiSendCallOnly: overview.config.multiSendCallOnly,
  }).summary;

  return (
    <li
      className="manifest"
      data-testid="queue-row"
      data-safe-tx-hash={entry.safeTxHash}
      data-nonce={entry.nonce.toString()}
      data-label={entry.label}
      data-ready={String(entry.ready)}
    >
      <div className="manifest-head">
        <strong>Nonce {entry.nonce.toString()}</strong>
        <QueueLabel entry={entry} />
      </div>
      <div data-testid="queue-summary">{summary}</div>
      <Hash value={entry.safeTxHash} label="safeTxHash" testId="queue-hash" />
      <div data-testid="queue-confirmations" data-count={entry.confirmations}>
        Confirmations {entry.confirmations} of {state.threshold}
      </div>
      {entry.label === 'step' && !entry.verdict.allowed && (
        <p data-testid="queue-not-yet">Not executable yet: {guardWords(entry.verdict.reason)?.sentence}</p>
      )}
      {entry.label === 'nothing' && (
        <div data-testid="queue-nothing">
          <p className="refusal">
            The guard finds no approved step with exactly this target, value, operation and calldata: do not sign it.
          </p>
          {entry.nearest ? (
            <>
              <p data-testid="queue-nearest">
                Nearest approved step: {stepName(entry.nearest)}
                {entry.nearest.differences.length > 0 ? '. It differs in:' : '.'}
              </p>
              {entry.nearest.differences.length > 0 && <FieldDiff differences={entry.nearest.differences} />}
            </>
          ) : (
            <p data-testid="queue-nearest">
              No approved step to compare it with: the app reads the approved steps from the transactions that
              registered the manifests, and found none it could decode.
            </p>
          )}
        </div>
      )}
      {entry.label === 'dead' && (
        <p className="refusal" data-testid="queue-dead">
          It can never execute: replace nonce {entry.nonce.toString()} with the transaction that should run there.
        </p>
      )}
      {entry.ready && (
        <div className="notice notice-ok" data-testid="queue-ready">
          Ready to execute: confirmed by enough owners, and the guard lets the executor run it now.
        </div>
      )}
      <div className="actions">
        <a href={`#/inspect?safeTxHash=${entry.safeTxHash}`} data-testid="queue-inspect">
          Inspect
        </a>
        {connection.mode === 'standalone' && isOwner && !confirmedByMe && (
          <>
            <button
              type="button"
              disabled={doNotSign || !onConfirm}
              data-testid="queue-confirm"
              onClick={() => onConfirm?.(entry)}
            >
              Confirm
            </button>
            {doNotSign && (
              <span className="refusal" data-testid="queue-confirm-why">
                {entry.label === 'dead'
                  ? 'Do not sign: it can never execute.'
                  : 'Do not sign: it matches no approved step.'}
              </span>
            )}
          </>
        )}
        {connection.mode === 'standalone' && confirmedByMe && (
          <span data-testid="queue-confirmed-by-me">You confirmed it.</span>
        )}
      </div>
      {connection.mode === 'safe-app' && (
        <p data-testid="queue-confirm-in-wallet">
          {doNotSign
            ? 'Do not confirm it in Safe{Wallet}’s queue.'
            : 'Confirm it in Safe{Wallet}’s queue (Transactions › Queue), after checking it in Inspect.'}
        </p>
      )}
    </li>
  );
}
