import { FieldDiff } from '../../queue/components/FieldDiff.js';
import type { LabelledQueueEntry } from '../../queue/useLabelledQueue.js';
import { go } from '../../routes.js';
import { Hash } from '../../ui/Hash.js';

/**
 * The other transactions queued at a step's nonce, in red: only one transaction can ever use a nonce, so a signer
 * must know which one to sign. Each says what it is (the guard's label and why), and one that matches no approved step
 * shows the decoded fields where it differs from the nearest one.
 */
export function CompetingNotice({
  entry,
  entries,
}: {
  entry: LabelledQueueEntry;
  entries: readonly LabelledQueueEntry[];
}) {
  const competitors = entries.filter((other) => entry.competing.includes(other.safeTxHash));
  if (competitors.length === 0) return null;
  return (
    <div className="notice notice-error" data-testid="proposal-competing">
      <strong>
        {competitors.length === 1 ? 'Another transaction is' : `${competitors.length} other transactions are`} queued at
        nonce {entry.nonce.toString()}: only one of them can ever execute. Sign this step, not{' '}
        {competitors.length === 1 ? 'the other' : 'the others'}.
      </strong>
      {competitors.map((other) => (
        <div key={other.safeTxHash} data-testid="competitor" data-label={other.label}>
          <Hash value={other.safeTxHash} label="safeTxHash" testId="competitor-hash" />
          <p>{other.label === 'nothing' ? 'It matches no approved step: do not sign it.' : other.why}</p>
          {other.nearest && other.nearest.differences.length > 0 && (
            <FieldDiff differences={other.nearest.differences} />
          )}
        </div>
      ))}
      <button type="button" className="link" onClick={() => go('queue')}>
        Open the Queue
      </button>
    </div>
  );
}
